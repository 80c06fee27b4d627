import { db } from '$lib/server/app';
import { can } from '$lib/server/auth/permissions';
import { openActionsAbout, recordRecordViewed, recordsOf } from '$lib/server/supervision';
import { subjectOf } from '$lib/server/supervision/route';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { viewer, subject } = await subjectOf(db(), event, 'supervision.list');
	const [records, actions] = await Promise.all([
		recordsOf(db(), subject.id, viewer),
		openActionsAbout(db(), subject.id),
		recordRecordViewed(db(), viewer, subject.id)
	]);
	return {
		subject: { id: subject.id, name: subject.name },
		isSelf: subject.id === viewer.id,
		canWrite: can(viewer, 'supervision.write', subject),
		records,
		actions,
		done: event.url.searchParams.get('done')
	};
};
