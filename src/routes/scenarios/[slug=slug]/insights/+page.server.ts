import { error } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { smallestGroup } from '$lib/server/content/service';
import { requirePermission } from '$lib/server/auth/guard';
import { can } from '$lib/server/auth/permissions';
import { scenarioInsights, shownInsights } from '$lib/server/scenarios/insights';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const person = requirePermission(locals, url, 'scenarios.insights');
	const scenario = content().scenarioBySlug.get(params.slug);
	if (!scenario) error(404, 'Page not found');
	const k = smallestGroup(content().service);
	return {
		scenario: { slug: scenario.slug, title: scenario.title },
		smallestGroup: k,
		insights: shownInsights(await scenarioInsights(db(), scenario), can(person, 'scenarios.insights-exact'), k)
	};
};
