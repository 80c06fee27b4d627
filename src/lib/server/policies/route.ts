// What every policy page needs first: the policy, the version in force, and permission to see it.
import { error } from '@sveltejs/kit';
import { content } from '../content';
import { currentVersion } from '../content/policies';
import { requirePermission } from '../auth/guard';

/** Pages for those who read a policy check 'policies.view'; coordinators' pages 'policies.compliance'. */
export function policyForRequest(
	locals: App.Locals,
	url: URL,
	slug: string,
	permission: 'policies.view' | 'policies.compliance' = 'policies.view'
) {
	// Permission first where it does not depend on the policy, so a stranger learns nothing from a 404.
	if (permission === 'policies.compliance') requirePermission(locals, url, permission);
	const policy = content().policyBySlug.get(slug);
	const current = policy && currentVersion(policy);
	if (!policy || !current) error(404, 'Page not found');
	const person = requirePermission(locals, url, permission, current);
	return { policy, current, person };
}
