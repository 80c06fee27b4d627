import { db } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth/guard';
import { content } from '$lib/server/content';
import { feedbackRules } from '$lib/server/content/service';
import { takeFlash } from '$lib/server/flash';
import { channelLabels } from '$lib/server/feedback';
import { commentsIn, commentsPerPage } from '$lib/server/feedback/results';
import { commentListFrom } from '$lib/server/feedback/route';
import type { PageServerLoad } from './$types';

/** Families' comments for a period, a page at a time, each with its themes and whether it is quoted. */
export const load: PageServerLoad = async ({ locals, url, cookies }) => {
	requirePermission(locals, url, 'feedback.results');
	const { service, questionnaires } = content();
	const themes = feedbackRules(service).commentThemes;
	const { period, values, errors, filter, page, query } = commentListFrom(url, themes);
	const comments = period ? await commentsIn(db(), period, page, filter) : null;
	const questionText = new Map(questionnaires.flatMap((q) => q.questions.map((x) => [x.id, x.text] as const)));
	return {
		values,
		errors,
		period,
		themes,
		filter: { theme: filter.theme ?? '', quotes: filter.quotes ? 'yes' : '' },
		// Where each comment's own page goes back to: this page of this list.
		listQuery: query,
		comments:
			comments?.rows.map((c) => ({
				...c,
				channel: channelLabels[c.channel],
				young: c.audience === 'young-people'
			})) ?? null,
		commentTotal: comments?.total ?? 0,
		page,
		pages: Math.max(1, Math.ceil((comments?.total ?? 0) / commentsPerPage)),
		done: takeFlash(cookies),
		// Only for the comments' legend: which question each comment answered.
		questionText: Object.fromEntries(questionText)
	};
};
