import { content } from '$lib/server/content';
import { requirePermission } from '$lib/server/auth/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	requirePermission(locals, url, 'quizzes.insights');
	const { quizzes, moduleBySlug, policyBySlug } = content();
	return {
		quizzes: quizzes.map((q) => ({
			slug: q.slug,
			title: q.title,
			belongsTo: q.module
				? (moduleBySlug.get(q.module)?.title ?? q.module)
				: `Check before acknowledging the ${policyBySlug.get(q.policy ?? '')?.versions.at(-1)?.title ?? q.policy}`,
			scenarios: q.scenarios.length,
			passMark: q.passMark,
			attempts: q.attempts
		}))
	};
};
