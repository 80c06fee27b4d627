import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { readForm, rejectForm } from '$lib/server/forms';
import { chooseOption, currentStep, goBack } from '$lib/server/scenarios';
import { modulesRequiring, scenarioForRequest } from '$lib/server/scenarios/route';
import { backSchema, choiceSchema } from '$lib/server/scenarios/schemas';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const { scenario, person } = scenarioForRequest(locals, url, params.slug);
	const view = await currentStep(db(), person.id, scenario);
	// No run in progress (never started, finished, or started again in another tab): the page says
	// so and links to the scenario, rather than starting a run on a GET.
	if (view.kind === 'no-run')
		return { closed: true as const, scenario: { slug: scenario.slug, title: scenario.title } };
	return {
		closed: false as const,
		scenario: { slug: scenario.slug, title: scenario.title },
		number: view.number,
		canGoBack: view.canGoBack,
		// Where each option leads, its points and its feedback stay on the server until the run ends.
		step: {
			id: view.step.id,
			title: view.step.title,
			html: view.step.html,
			options: view.step.options.map((o) => ({ id: o.id, html: o.html }))
		}
	};
};

export const actions: Actions = {
	choose: async ({ locals, url, params, request }) => {
		const { scenario, person } = scenarioForRequest(locals, url, params.slug);
		const values = readForm(await request.formData());
		const parsed = choiceSchema.safeParse(values);
		if (!parsed.success) return rejectForm(values, { option: 'Choose what you would do' });
		const result = await chooseOption(
			db(),
			person.id,
			scenario,
			parsed.data.stepId,
			parsed.data.option,
			modulesRequiring(scenario.slug)
		);
		if (!result.ok && result.kind === 'invalid') return rejectForm(values, { option: result.message });
		// A page from the browser's history, or another tab, is answered with the step the run is really at.
		if (result.ok && result.finished) redirect(303, `/scenarios/${scenario.slug}/runs/${result.runId}`);
		redirect(303, `/scenarios/${scenario.slug}/step`);
	},
	back: async ({ locals, url, params, request }) => {
		const { scenario, person } = scenarioForRequest(locals, url, params.slug);
		const parsed = backSchema.safeParse(readForm(await request.formData()));
		if (parsed.success) await goBack(db(), person.id, scenario, parsed.data.stepId);
		redirect(303, `/scenarios/${scenario.slug}/step`);
	}
};
