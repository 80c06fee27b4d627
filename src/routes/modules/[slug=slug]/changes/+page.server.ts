import { error } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { requirePermission } from '$lib/server/auth/guard';
import { moduleChanges } from '$lib/server/induction';
import { readableDiff } from '$lib/server/content/diff';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const module = content().moduleBySlug.get(params.slug);
	if (!module) error(404, 'Page not found');
	const person = requirePermission(locals, url, 'modules.view', module);
	const completed = await moduleChanges(db(), person.id, module);
	return {
		module: { slug: module.slug, title: module.title, version: module.version, changes: module.changes ?? null },
		completed: completed ? { version: completed.version, completedAt: completed.completedAt } : null,
		changes: completed ? readableDiff(completed.markdown, module.markdown) : null
	};
};
