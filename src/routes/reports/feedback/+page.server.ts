import { db } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth/guard';
import { content } from '$lib/server/content';
import { smallestGroup } from '$lib/server/content/service';
import { feedbackResults } from '$lib/server/feedback/results';
import { withheldText } from '$lib/server/reports';
import { periodFrom } from '$lib/server/reports/route';
import type { PageServerLoad } from './$types';

/** What families' answers add up to for a period; their comments are read and tagged on a page of their own. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requirePermission(locals, url, 'feedback.results');
	const { service, questionnaires } = content();
	const k = smallestGroup(service);
	const { period, values, errors } = periodFrom(url);
	const results = period ? await feedbackResults(db(), period, questionnaires, k) : null;
	return {
		values,
		errors,
		period,
		smallestGroup: k,
		figures: results?.figures.map((f) => ({ ...f, withheldAs: withheldText(k) })) ?? null
	};
};
