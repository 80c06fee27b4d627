import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { restartRun, scenarioStanding, startRun } from '$lib/server/scenarios';
import { scenarioForRequest } from '$lib/server/scenarios/route';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const { scenario, person } = scenarioForRequest(locals, url, params.slug);
	const standing = await scenarioStanding(db(), person.id, scenario);
	return {
		scenario: {
			slug: scenario.slug,
			title: scenario.title,
			summary: scenario.summary,
			introHtml: scenario.introHtml,
			version: scenario.version
		},
		inProgress: !!standing.open,
		done: standing.done,
		finished: standing.finished.map((r) => ({
			id: r.id,
			finishedAt: r.finishedAt!,
			ending: scenario.stepById.get(r.endingId)?.title ?? null,
			outcome: scenario.stepById.get(r.endingId)?.outcome ?? null,
			current: r.contentHash === scenario.hash
		}))
	};
};

export const actions: Actions = {
	start: async ({ locals, url, params }) => {
		const { scenario, person } = scenarioForRequest(locals, url, params.slug);
		await startRun(db(), person.id, scenario);
		redirect(303, `/scenarios/${scenario.slug}/step`);
	},
	restart: async ({ locals, url, params }) => {
		const { scenario, person } = scenarioForRequest(locals, url, params.slug);
		await restartRun(db(), person.id, scenario);
		redirect(303, `/scenarios/${scenario.slug}/step`);
	}
};
