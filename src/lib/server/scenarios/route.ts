// What every scenario page needs first: the scenario, permission to work through it, and the
// modules that require it (finishing may complete them).
import { error } from '@sveltejs/kit';
import { currentModuleVersionId } from '../app';
import { content } from '../content';
import { requirePermission } from '../auth/guard';
import type { RequiredBy } from './index';

export function scenarioForRequest(locals: App.Locals, url: URL, slug: string) {
	const scenario = content().scenarioBySlug.get(slug);
	if (!scenario) error(404, 'Page not found');
	const person = requirePermission(locals, url, 'scenarios.take', scenario);
	return { scenario, person };
}

/** The modules a finished run may complete, with their current versions. */
export function modulesRequiring(slug: string): RequiredBy[] {
	return content()
		.modules.filter((m) => m.scenario === slug)
		.map((module) => ({ module, versionId: currentModuleVersionId(module.slug) }));
}
