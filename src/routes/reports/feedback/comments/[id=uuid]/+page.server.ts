import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth/guard';
import { content } from '$lib/server/content';
import { feedbackRules } from '$lib/server/content/service';
import { setFlash } from '$lib/server/flash';
import { parseForm, rejectForm } from '$lib/server/forms';
import { channelLabels } from '$lib/server/feedback';
import { commentById, tagComment, tagSchema } from '$lib/server/feedback/results';
import { commentListFrom } from '$lib/server/feedback/route';
import type { Actions, PageServerLoad } from './$types';

const gone = 'That comment is no longer kept: it has passed its retention period';

/** One comment, to choose its themes and whether to quote it. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	requirePermission(locals, url, 'feedback.results');
	const { service, questionnaires } = content();
	const themes = feedbackRules(service).commentThemes;
	const comment = await commentById(db(), params.id);
	if (!comment) error(404, 'Page not found');
	const { query } = commentListFrom(url, themes);
	const question = questionnaires.flatMap((q) => q.questions).find((x) => x.id === comment.questionId);
	return {
		comment: {
			...comment,
			channel: channelLabels[comment.channel],
			young: comment.audience === 'young-people',
			question: question?.text ?? comment.questionId
		},
		themes,
		back: `/reports/feedback/comments?${query}#comment-${comment.id}`,
		// The form keeps the list's place, to go back to it once saved.
		listQuery: query
	};
};

export const actions: Actions = {
	default: async ({ locals, url, request, cookies, params }) => {
		const actor = requirePermission(locals, url, 'feedback.results');
		const themes = feedbackRules(content().service).commentThemes;
		const form = await request.formData();
		form.set('comment', params.id);
		const parsed = parseForm(tagSchema(themes), form, ['themes']);
		if (!parsed.ok) return rejectForm(parsed.values, parsed.errors);
		if (!(await tagComment(db(), actor, parsed.data))) error(404, `${gone}, so nothing was saved.`);
		setFlash(cookies, parsed.data.quote ? 'Comment saved, and chosen as a quote.' : 'Comment saved.');
		// Back to the same page of the same list, at the comment.
		redirect(303, `/reports/feedback/comments?${commentListFrom(url, themes).query}#comment-${params.id}`);
	}
};
