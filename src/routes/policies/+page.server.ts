import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { requirePermission } from '$lib/server/auth/guard';
import { can } from '$lib/server/auth/permissions';
import { policiesFor } from '$lib/server/policies';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const person = requirePermission(locals, url, 'policies.list');
	const { policies, service } = content();
	return {
		mine: await policiesFor(db(), person, policies, service.policyTiming),
		all: can(person, 'policies.compliance')
			? policies.map((p) => ({ slug: p.slug, title: p.versions.at(-1)!.title, versions: p.versions.length }))
			: []
	};
};
