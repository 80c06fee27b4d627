// What a reader would see of a document, worked out from content loaded with its draft: the
// fields the preview shows, plain data a page can render.
import type { Content } from '../content';
import type { ContentProblem } from '../content/problems';
import type { Section } from '../content/markdown';
import type { Scenario } from '../content/quizzes';
import type { EditableKind } from '../../content-kinds';

export type Preview =
	| {
			kind: 'modules';
			title: string;
			summary: string;
			minutes: number;
			version: number;
			objectives: string[];
			changes?: string;
			html: string;
			sections: Section[];
	  }
	| { kind: 'quizzes'; title: string; passMark: number; introHtml: string; scenarios: Scenario[] }
	| { kind: 'policies'; title: string; version: number; effective: string; changes: string; html: string }
	| { kind: 'courses'; title: string; summary: string; sessions: number; completes: string; html: string };

/** The document at `path` as the content shows it, or undefined when the content does not hold it. */
export function previewOf(content: Content, kind: EditableKind, slug: string, path: string): Preview | undefined {
	const file = `content/${path}`;
	if (kind === 'modules') {
		const m = content.moduleBySlug.get(slug);
		return (
			m && {
				kind,
				title: m.title,
				summary: m.summary,
				minutes: m.minutes,
				version: m.version,
				objectives: m.objectives,
				changes: m.changes,
				html: m.html,
				sections: m.sections
			}
		);
	}
	if (kind === 'quizzes') {
		const q = content.quizBySlug.get(slug);
		return q && { kind, title: q.title, passMark: q.passMark, introHtml: q.introHtml, scenarios: q.scenarios };
	}
	if (kind === 'policies') {
		const v = content.policyBySlug.get(slug)?.versions.find((version) => version.file === file);
		return v && { kind, title: v.title, version: v.version, effective: v.effective, changes: v.changes, html: v.html };
	}
	const c = content.courseBySlug.get(slug);
	return c && { kind, title: c.title, summary: c.summary, sessions: c.sessions, completes: c.completes, html: c.html };
}

/** A problem as the editor shows it: "line N: message" for this document, with the file named for another. */
export function describeProblem(problem: ContentProblem, path: string): string {
	return problem.file === `content/${path}`
		? `line ${problem.line}: ${problem.message}`
		: `${problem.file} line ${problem.line}: ${problem.message}`;
}
