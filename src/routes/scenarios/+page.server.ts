import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { requirePermission } from '$lib/server/auth/guard';
import { can } from '$lib/server/auth/permissions';
import { runsOf } from '$lib/server/scenarios';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const person = requirePermission(locals, url, 'scenarios.list');
	const { scenarios, modules } = content();
	const mine = scenarios.filter((s) => can(person, 'scenarios.take', s));
	const rows = await runsOf(
		db(),
		person.id,
		mine.map((s) => s.slug)
	);
	const insights = can(person, 'scenarios.insights');
	return {
		scenarios: (insights ? scenarios : mine).map((s) => {
			const own = rows.filter((r) => r.scenarioSlug === s.slug && r.contentHash === s.hash);
			return {
				slug: s.slug,
				title: s.title,
				summary: s.summary,
				steps: s.steps.filter((st) => !st.outcome).length,
				endings: s.steps.filter((st) => st.outcome).length,
				canTake: mine.includes(s),
				done: own.some((r) => r.endingId),
				inProgress: own.some((r) => !r.finishedAt),
				modules: modules.filter((m) => m.scenario === s.slug).map((m) => ({ slug: m.slug, title: m.title }))
			};
		}),
		insights
	};
};
