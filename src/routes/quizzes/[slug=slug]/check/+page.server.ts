import { redirect } from '@sveltejs/kit';
import { isUuid } from '$lib/uuid';
import { currentModuleVersionId, db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { rejectForm, showingRefusal } from '$lib/server/forms';
import { answersToCheck, quizStanding, submitAttempt } from '$lib/server/quizzes';
import { quizForRequest } from '$lib/server/quizzes/route';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { locals, url, params } = event;
	const { quiz, person } = quizForRequest(locals, url, params.slug);
	const standing = await quizStanding(db(), person.id, quiz);
	// A submission refused because the attempt was closed meanwhile says so here, not on another page.
	if (!standing.open && showingRefusal(event))
		return { quiz: { slug: quiz.slug, title: quiz.title }, attemptId: null, total: 0, answered: 0, questions: [] };
	if (!standing.open) redirect(303, `/quizzes/${quiz.slug}`);
	return {
		quiz: { slug: quiz.slug, title: quiz.title },
		attemptId: standing.open.id,
		total: standing.open.steps.length,
		answered: standing.answers.size,
		questions: answersToCheck(quiz, standing)
	};
};

export const actions: Actions = {
	submit: async ({ locals, url, params, request }) => {
		const { quiz, module, person } = quizForRequest(locals, url, params.slug);
		const attemptId = String((await request.formData()).get('attemptId') ?? '');
		if (!isUuid(attemptId)) return rejectForm({}, { submit: 'This attempt was not found. Go back to the quiz.' });
		const result = await submitAttempt(
			db(),
			person,
			quiz,
			attemptId,
			module && {
				module,
				versionId: currentModuleVersionId(module.slug),
				scenarioHash: module.scenario ? content().scenarioBySlug.get(module.scenario)?.hash : undefined
			}
		);
		if (!result.ok)
			return rejectForm(
				{},
				{
					submit: result.unanswered?.length
						? `${result.message}: question${result.unanswered.length === 1 ? '' : 's'} ${result.unanswered.join(', ')}`
						: result.message
				}
			);
		redirect(303, `/quizzes/${quiz.slug}/results/${result.attemptId}`);
	}
};
