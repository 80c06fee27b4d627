// What every quiz page needs first: the quiz, what it belongs to (a module it completes, or a
// policy it checks understanding of), and permission to take it.
import { error } from '@sveltejs/kit';
import { content } from '../content';
import { currentVersion } from '../content/policies';
import type { Module } from '../content/modules';
import { requirePermission } from '../auth/guard';

/** What a quiz is for, as its pages show it. */
export interface QuizPurpose {
	kind: 'module' | 'policy';
	slug: string;
	title: string;
	href: string;
}

export function quizForRequest(locals: App.Locals, url: URL, slug: string) {
	const quiz = content().quizBySlug.get(slug);
	if (quiz?.module) {
		const module = content().moduleBySlug.get(quiz.module);
		if (module) {
			const person = requirePermission(locals, url, 'modules.take', module);
			const purpose: QuizPurpose = {
				kind: 'module',
				slug: module.slug,
				title: module.title,
				href: `/modules/${module.slug}`
			};
			return { quiz, module: module as Module | null, purpose, person };
		}
	} else if (quiz?.policy) {
		const policy = content().policyBySlug.get(quiz.policy);
		const current = policy && currentVersion(policy);
		if (current) {
			const person = requirePermission(locals, url, 'policies.view', current);
			const purpose: QuizPurpose = {
				kind: 'policy',
				slug: current.slug,
				title: current.title,
				href: `/policies/${current.slug}`
			};
			return { quiz, module: null, purpose, person };
		}
	}
	error(404, 'Page not found');
}
