import { db } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth/guard';
import { content } from '$lib/server/content';
import { smallestGroup } from '$lib/server/content/service';
import { periodFrom, reportFor } from '$lib/server/reports/route';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requirePermission(locals, url, 'reports.view');
	const { period, values, errors } = periodFrom(url);
	const report = period ? await reportFor(db(), period) : null;
	return {
		values,
		errors,
		period,
		sections: report?.sections ?? null,
		at: report?.at ?? null,
		smallestGroup: smallestGroup(content().service)
	};
};
