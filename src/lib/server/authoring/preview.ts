// What a reader would see of a document, worked out from content loaded with its draft: the
// fields the preview shows, plain data a page can render, and the problems that stop it loading.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema';
import type { Content } from '../content';
import type { ContentProblem } from '../content/problems';
import type { Section } from '../content/markdown';
import type { Scenario } from '../content/quizzes';
import type { EditableKind } from '../../content-kinds';
import { problemsWith, publishedTree } from './index';

/** The longest text an editor takes, to save or to preview. */
export const longestText = 200_000;

/** The editor's form: the text, and when the draft it started from was saved. */
export const draftSchema = z.object({
	body: z
		.string({ error: 'Enter the text of the document' })
		.max(longestText, 'The text must be 200,000 characters or fewer')
		.refine((text) => text.trim().length > 0, 'Enter the text of the document'),
	seen: z.iso.datetime({ error: 'The draft you started from is not known' }).or(z.literal('')).default('')
});

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

/** A problem as the editor shows it, with the line it is on when that line is in the text being edited. */
export interface EditorProblem {
	text: string;
	line?: number;
}

/** A problem as the editor shows it: "line N: message" for this document, with the file named for another. */
export function describeProblem(problem: ContentProblem, path: string): EditorProblem {
	return problem.file === `content/${path}`
		? { text: `line ${problem.line}: ${problem.message}`, line: problem.line }
		: { text: `${problem.file} line ${problem.line}: ${problem.message}` };
}

/**
 * The text of a document as a reader would see it, with the rest of the published content around
 * it: its preview, or the problems that stop it loading. The Preview button and the preview that
 * follows the typing both come here.
 */
export async function previewDraft(
	db: Kysely<DB>,
	doc: { kind: EditableKind; slug: string; path: string },
	text: string
): Promise<{ problems: EditorProblem[]; preview: Preview | null }> {
	const { problems, content } = problemsWith(await publishedTree(db), { [doc.path]: text.replace(/\r\n?/g, '\n') });
	return {
		problems: problems.map((p) => describeProblem(p, doc.path)),
		preview: (content && previewOf(content, doc.kind, doc.slug, doc.path)) ?? null
	};
}

/** What the status line says once a preview is worked out, for a screen reader to announce. */
export function previewStatus(problems: number): string {
	if (problems === 0) return 'Preview updated, no problems';
	return `${problems === 1 ? '1 problem' : `${problems} problems`}: fix them to update the preview`;
}
