import { db } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth/guard';
import { can } from '$lib/server/auth/permissions';
import { content } from '$lib/server/content';
import { smallestGroup } from '$lib/server/content/service';
import { periodFrom, reportFor } from '$lib/server/reports/route';
import { quotesIn } from '$lib/server/feedback/results';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const viewer = requirePermission(locals, url, 'reports.view');
	const { period, values, errors } = periodFrom(url);
	const [report, quotes] = period ? await Promise.all([reportFor(db(), period), quotesIn(db(), period)]) : [null, []];
	return {
		values,
		errors,
		period,
		sections: report?.sections ?? null,
		at: report?.at ?? null,
		smallestGroup: smallestGroup(content().service),
		canReadFeedback: can(viewer, 'feedback.results'),
		quotes
	};
};
