// What every quiz page needs first: the quiz, its module, and permission to take it.
import { error } from '@sveltejs/kit';
import { content } from '../content';
import { requirePermission } from '../auth/guard';

export function quizForRequest(locals: App.Locals, url: URL, slug: string) {
	const quiz = content().quizBySlug.get(slug);
	const module = quiz && content().moduleBySlug.get(quiz.module);
	if (!quiz || !module) error(404, 'Page not found');
	const person = requirePermission(locals, url, 'modules.view', module);
	return { quiz, module, person };
}
