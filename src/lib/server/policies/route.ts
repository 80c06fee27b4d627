// What every policy page needs first: the policy, the version in force, and permission to see it.
import { error } from '@sveltejs/kit';
import { content } from '../content';
import { currentVersion } from '../content/policies';
import { requirePermission } from '../auth/guard';

export function policyForRequest(locals: App.Locals, url: URL, slug: string) {
	const policy = content().policyBySlug.get(slug);
	const current = policy && currentVersion(policy);
	if (!policy || !current) error(404, 'Page not found');
	const person = requirePermission(locals, url, 'policies.view', current);
	return { policy, current, person };
}
