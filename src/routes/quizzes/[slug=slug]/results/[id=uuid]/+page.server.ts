import { error } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { attemptResults, quizStanding } from '$lib/server/quizzes';
import { quizForRequest } from '$lib/server/quizzes/route';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const { quiz, purpose, person } = quizForRequest(locals, url, params.slug);
	const [results, standing] = await Promise.all([
		attemptResults(db(), person.id, quiz, params.id),
		quizStanding(db(), person.id, quiz)
	]);
	if (!results) error(404, 'Page not found');
	return {
		quiz: { slug: quiz.slug, title: quiz.title, passMark: quiz.passMark },
		purpose,
		score: results.attempt.score!,
		passed: !!results.attempt.passed,
		remaining: standing.remaining,
		questions: results.questions
	};
};
