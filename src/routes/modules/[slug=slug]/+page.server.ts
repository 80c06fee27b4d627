import { error, redirect } from '@sveltejs/kit';
import { currentModuleVersionId, db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { requirePermission } from '$lib/server/auth/guard';
import { can } from '$lib/server/auth/permissions';
import { rejectForm } from '$lib/server/forms';
import { completeModule, openModule } from '$lib/server/induction';
import { scenarioDone } from '$lib/server/scenarios';
import type { Actions, PageServerLoad } from './$types';

function findModule(slug: string) {
	const module = content().moduleBySlug.get(slug);
	if (!module) error(404, 'Page not found');
	return module;
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const module = findModule(params.slug);
	const person = requirePermission(locals, url, 'modules.view', module);
	// Someone the module is not written for reads it, and nothing of their reading is recorded.
	const progress = can(person, 'modules.take', module)
		? await openModule(db(), person, module, currentModuleVersionId(module.slug))
		: null;
	const titles = content().moduleBySlug;
	const scenario = module.scenario ? content().scenarioBySlug.get(module.scenario) : undefined;
	return {
		module: {
			slug: module.slug,
			title: module.title,
			summary: module.summary,
			minutes: module.minutes,
			version: module.version,
			objectives: module.objectives,
			changes: module.changes ?? null,
			html: module.html,
			sections: module.sections,
			quiz: module.quiz ?? null,
			scenario: scenario
				? {
						slug: scenario.slug,
						title: scenario.title,
						done: !!progress && (await scenarioDone(db(), person.id, scenario))
					}
				: null
		},
		progress,
		missing: (progress?.missingPrerequisites ?? []).map((slug) => ({ slug, title: titles.get(slug)?.title ?? slug })),
		completed: url.searchParams.has('completed')
	};
};

export const actions: Actions = {
	complete: async ({ locals, url, params }) => {
		const module = findModule(params.slug);
		const person = requirePermission(locals, url, 'modules.take', module);
		const result = await completeModule(db(), person, module, currentModuleVersionId(module.slug));
		if (!result.ok) return rejectForm({}, { understood: result.message });
		redirect(303, `/modules/${module.slug}?completed`);
	}
};
