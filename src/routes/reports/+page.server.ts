import { db } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth/guard';
import { can } from '$lib/server/auth/permissions';
import { content } from '$lib/server/content';
import { smallestGroup } from '$lib/server/content/service';
import { reportSections, sectionTitles } from '$lib/server/reports';
import { periodFrom, reportFor, sectionFrom } from '$lib/server/reports/route';
import { quotesIn } from '$lib/server/feedback/results';
import type { PageServerLoad } from './$types';

/** The report a section at a time: the contents list links every section, and only the one shown is worked out. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const viewer = requirePermission(locals, url, 'reports.view');
	const section = sectionFrom(url);
	const { period, values, errors } = periodFrom(url);
	const [report, quotes] = period
		? await Promise.all([
				reportFor(db(), period, [section]),
				section === 'feedback' ? quotesIn(db(), period) : Promise.resolve([])
			])
		: [null, []];
	return {
		values,
		errors,
		period,
		section: report?.sections[0] ?? null,
		contents: reportSections.map((id) => ({ id, title: sectionTitles[id] })),
		current: section,
		at: report?.at ?? null,
		smallestGroup: smallestGroup(content().service),
		canReadFeedback: can(viewer, 'feedback.results'),
		quotes
	};
};
