import { error } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { runResult } from '$lib/server/scenarios';
import { scenarioForRequest } from '$lib/server/scenarios/route';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const { scenario, person } = scenarioForRequest(locals, url, params.slug);
	const result = await runResult(db(), person.id, scenario, params.id);
	if (!result) error(404, 'Page not found');
	return {
		scenario: { slug: scenario.slug, title: scenario.title },
		finishedAt: result.run.finishedAt!,
		result: result.stale ? null : { ending: result.ending, path: result.path }
	};
};
