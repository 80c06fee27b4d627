import { error } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { requirePermission } from '$lib/server/auth/guard';
import { insightsFilterSchema, quizInsights } from '$lib/server/quizzes/insights';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requirePermission(locals, url, 'quizzes.insights');
	const quiz = content().quizBySlug.get(params.slug);
	if (!quiz) error(404, 'Page not found');
	const filter = insightsFilterSchema.parse(Object.fromEntries(url.searchParams));
	return {
		quiz: { slug: quiz.slug, title: quiz.title, passMark: quiz.passMark },
		filter,
		insights: await quizInsights(db(), quiz, filter)
	};
};
