import { redirect } from '@sveltejs/kit';
import { currentQuizVersionId, db } from '$lib/server/app';
import { rejectForm } from '$lib/server/forms';
import { quizStanding, startAttempt } from '$lib/server/quizzes';
import { quizForRequest } from '$lib/server/quizzes/route';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const { quiz, purpose, person } = quizForRequest(locals, url, params.slug);
	const standing = await quizStanding(db(), person.id, quiz);
	const questions =
		standing.open?.steps.length ??
		quiz.scenarios.slice(0, quiz.draw ?? undefined).reduce((n, s) => n + s.steps.length, 0);
	return {
		quiz: {
			slug: quiz.slug,
			title: quiz.title,
			introHtml: quiz.introHtml,
			passMark: quiz.passMark,
			attempts: quiz.attempts,
			scenarios: quiz.draw ?? quiz.scenarios.length,
			questions
		},
		purpose,
		standing: {
			open: !!standing.open,
			answered: standing.answers.size,
			used: standing.used,
			remaining: standing.remaining,
			passed: standing.passed,
			submitted: standing.submitted.map((a) => ({
				id: a.id,
				submittedAt: a.submittedAt!,
				score: a.score!,
				passed: !!a.passed
			}))
		}
	};
};

export const actions: Actions = {
	start: async ({ locals, url, params }) => {
		const { quiz, person } = quizForRequest(locals, url, params.slug);
		const result = await startAttempt(db(), person, quiz, currentQuizVersionId(quiz.slug));
		if (!result.ok) return rejectForm({}, { start: result.message });
		const standing = await quizStanding(db(), person.id, quiz);
		redirect(
			303,
			`/quizzes/${quiz.slug}/questions/${Math.min(standing.answers.size + 1, standing.open?.steps.length ?? 1)}`
		);
	}
};
