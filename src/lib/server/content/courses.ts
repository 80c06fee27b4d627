// Training courses: content/courses/<slug>.md, front matter plus a Markdown description of the
// course. A course is taught in sessions; the platform only describes it and lists its dates.
import { sourceOf, type ContentSource } from './source';
import { z } from 'zod';
import { roles, type Role } from '../db/schema';
import { sha256 } from './markdown';
import { checkNoTitleHeading, readDocument } from './document';
import type { ContentProblem } from './problems';

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const courseFrontMatterSchema = z
	.object({
		title: z.string({ error: 'is required' }).trim().min(3, 'is required').max(120),
		summary: z
			.string({ error: 'is required' })
			.trim()
			.min(10, 'is required')
			.max(300)
			// A full stop followed by a capital starts a second sentence; the summary is shown as one line.
			.refine((v) => !/[.!?]\s+[A-Z]/.test(v), 'must be one sentence'),
		audiences: z.array(z.enum(roles, { error: `must be roles from: ${roles.join(', ')}` }), { error: 'must be a list of roles' }).min(1, 'must name at least one role'),
		sessions: z.number({ error: 'must be a whole number from 1 to 20' }).int('must be a whole number from 1 to 20').min(1, 'must be a whole number from 1 to 20').max(20, 'must be a whole number from 1 to 20'),
		completes: z.string({ error: 'must say what completing the course counts as' }).trim().min(10, 'must say what completing the course counts as').max(500),
		induction: z.boolean({ error: 'must be true or false' }).default(false)
	})
	.strict();

export interface Course {
	slug: string;
	file: string;
	title: string;
	summary: string;
	audiences: Role[];
	sessions: number;
	/** What completing every session counts as, in the words of the policy that asks for it. */
	completes: string;
	/** Whether the course appears in the induction task list. */
	induction: boolean;
	html: string;
	/** SHA-256 of the whole file. */
	hash: string;
}

export function loadCourses(from: string | ContentSource): { courses: Course[]; problems: ContentProblem[] } {
	const source = sourceOf(from);
	if (!source.isFolder('courses')) return { courses: [], problems: [] };
	const problems: ContentProblem[] = [];
	const courses: Course[] = [];
	const links: { file: string; line: number; slug: string }[] = [];

	for (const name of source.list('courses').filter((f) => f.endsWith('.md')).sort()) {
		const file = `content/courses/${name}`;
		const slug = name.slice(0, -'.md'.length);
		if (!slugPattern.test(slug)) {
			problems.push({ file, line: 1, message: 'file name must be a slug: lower-case letters, digits and hyphens, like ips-course.md' });
			continue;
		}
		const text = source.readText(`courses/${name}`);
		// A course's text is shown under the cohort page's "About the course" heading.
		const doc = readDocument(text, file, courseFrontMatterSchema, 'course', problems, { headingOffset: 1 });
		if (!doc) continue;
		checkNoTitleHeading(doc, file, problems);
		const { value, rendered } = doc;
		links.push(...rendered.moduleLinks.map((l) => ({ ...l, file })));
		if (!value) continue;
		courses.push({ slug, file, ...value, html: rendered.html, hash: sha256(text) });
	}

	// A course may point to induction modules; the modules are loaded separately, so their slugs
	// are read from the file names here, as modules.ts does for quiz files.
	if (links.length) {
		const modules = new Set(
			source.list('modules').flatMap((f) => /^\d{2}-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/.exec(f)?.[1] ?? [])
		);
		for (const link of links) {
			if (!modules.has(link.slug)) problems.push({ file: link.file, line: link.line, message: `link to module:${link.slug}, which does not exist` });
		}
	}
	return { courses, problems };
}
