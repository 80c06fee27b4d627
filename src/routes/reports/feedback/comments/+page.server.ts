import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth/guard';
import { content } from '$lib/server/content';
import { feedbackRules } from '$lib/server/content/service';
import { setFlash, takeFlash } from '$lib/server/flash';
import { pageNumber, parseForm, rejectForm } from '$lib/server/forms';
import { channelLabels } from '$lib/server/feedback';
import { commentsIn, commentsPerPage, tagComment, tagSchema } from '$lib/server/feedback/results';
import { periodFrom } from '$lib/server/reports/route';
import type { Actions, PageServerLoad } from './$types';

/** The comment list's own filters: a theme from service.yml, or the chosen quotes only. */
function filterFrom(url: URL, themes: string[]) {
	const parsed = z
		.object({
			theme: z
				.enum(themes as [string, ...string[]])
				.optional()
				.catch(undefined),
			quotes: z.literal('yes').optional().catch(undefined)
		})
		.parse({ theme: url.searchParams.get('theme') ?? undefined, quotes: url.searchParams.get('quotes') ?? undefined });
	return { theme: parsed.theme, quotes: parsed.quotes === 'yes' };
}

/** Families' comments for a period, a page at a time, each with its themes and whether it is quoted. */
export const load: PageServerLoad = async ({ locals, url, cookies }) => {
	requirePermission(locals, url, 'feedback.results');
	const { service, questionnaires } = content();
	const themes = feedbackRules(service).commentThemes;
	const { period, values, errors } = periodFrom(url);
	const filter = filterFrom(url, themes);
	const page = pageNumber(url);
	const comments = period ? await commentsIn(db(), period, page, filter) : null;
	const questionText = new Map(questionnaires.flatMap((q) => q.questions.map((x) => [x.id, x.text] as const)));
	return {
		values,
		errors,
		period,
		themes,
		filter: { theme: filter.theme ?? '', quotes: filter.quotes ? 'yes' : '' },
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

export const actions: Actions = {
	tag: async ({ locals, url, request, cookies }) => {
		const actor = requirePermission(locals, url, 'feedback.results');
		const themes = feedbackRules(content().service).commentThemes;
		const parsed = parseForm(tagSchema(themes), await request.formData(), ['themes']);
		if (!parsed.ok) return rejectForm(parsed.values, parsed.errors);
		if (!(await tagComment(db(), actor, parsed.data)))
			return rejectForm(parsed.values, {
				comment: 'That comment is no longer kept: it has passed its retention period'
			});
		setFlash(cookies, parsed.data.quote ? 'Comment saved, and chosen as a quote.' : 'Comment saved.');
		// Back to the same page of the same list, at the comment, without the action's own key.
		const back = new URLSearchParams(url.search);
		back.delete('/tag');
		redirect(303, `${url.pathname}?${back}#comment-${parsed.data.comment}`);
	}
};
