import { db } from '$lib/server/app';
import { can } from '$lib/server/auth/permissions';
import { openActionsAbout, recordRecordViewed, recordsOf } from '$lib/server/supervision';
import { subjectOf } from '$lib/server/supervision/route';
import { content } from '$lib/server/content';
import { smallestGroup } from '$lib/server/content/service';
import { workerResults } from '$lib/server/feedback/results';
import { defaultPeriod } from '$lib/server/reports';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { viewer, subject } = await subjectOf(db(), event, 'supervision.list');
	const period = defaultPeriod();
	const [records, actions, , feedback] = await Promise.all([
		recordsOf(db(), subject.id, viewer),
		openActionsAbout(db(), subject.id),
		recordRecordViewed(db(), viewer, subject.id),
		// Families' answers through links naming this worker: their supervisor's, and only in total.
		can(viewer, 'feedback.worker', subject)
			? workerResults(db(), subject.id, period, content().questionnaires, smallestGroup(content().service))
			: null
	]);
	return {
		subject: { id: subject.id, name: subject.name },
		isSelf: subject.id === viewer.id,
		canWrite: can(viewer, 'supervision.write', subject),
		records,
		actions,
		feedback: feedback?.links ? { ...feedback, period, smallestGroup: smallestGroup(content().service) } : null,
		done: event.url.searchParams.get('done')
	};
};
