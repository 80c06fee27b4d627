import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { readForm, rejectForm, showingRefusal } from '$lib/server/forms';
import { answerQuestion, questionOf } from '$lib/server/quizzes';
import { quizForRequest } from '$lib/server/quizzes/route';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { locals, url, params } = event;
	const { quiz, person } = quizForRequest(locals, url, params.slug);
	const view = await questionOf(db(), person.id, quiz, Number(params.number));
	// An answer refused because the attempt closed meanwhile (submitted in another tab) says so here.
	const closed = view.kind === 'stale' || showingRefusal(event);
	if (view.kind === 'no-attempt' && !closed) redirect(303, `/quizzes/${quiz.slug}`);
	if (view.kind === 'not-yet' && !closed) redirect(303, `/quizzes/${quiz.slug}/questions/${view.firstUnanswered}`);
	if (view.kind !== 'question') return { stale: true as const, quiz: { slug: quiz.slug, title: quiz.title } };
	const optionsById = new Map(view.step.options.map((o) => [o.id, o]));
	return {
		stale: false as const,
		quiz: { slug: quiz.slug, title: quiz.title },
		number: view.number,
		total: view.total,
		position: view.position,
		scenarioTitle: view.scenarioTitle,
		step: { id: view.step.id, title: view.step.title, sceneHtml: view.step.sceneHtml, multiple: view.step.multiple },
		previousSceneHtml: view.previousSceneHtml,
		// Feedback and which options are right stay on the server until the attempt is submitted.
		options: view.optionOrder.map((id) => ({ id, html: optionsById.get(id)!.html })),
		selected: view.selected
	};
};

export const actions: Actions = {
	default: async ({ locals, url, params, request }) => {
		const { quiz, person } = quizForRequest(locals, url, params.slug);
		const values = readForm(await request.formData(), ['answer']);
		// The page says which question it showed; a form without it (sent by hand) is checked the long way.
		const shown = typeof values.step === 'string' && values.step ? values.step : undefined;
		const result = await answerQuestion(db(), person.id, quiz, Number(params.number), values.answer as string[], shown);
		if (!result.ok) return rejectForm(values, { answer: result.message });
		// An answer changed from check-your-answers goes back there; the check page sends on any left unanswered.
		const toCheck = result.next === 'check' || url.searchParams.has('change');
		redirect(303, toCheck ? `/quizzes/${quiz.slug}/check` : `/quizzes/${quiz.slug}/questions/${result.next}`);
	}
};
