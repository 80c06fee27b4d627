// Induction modules: content/modules/NN-slug.md, front matter plus a Markdown body.
import { sourceOf, type ContentSource } from './source';
import { z } from 'zod';
import { roles, type Role } from '../db/schema';
import { sha256, type Section } from './markdown';
import { checkNoTitleHeading, readDocument } from './document';
import type { ContentProblem } from './problems';
import { fillPlaceholders } from './service';

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const slug = z.string().regex(slugPattern, 'must be a slug: lower-case letters, digits and hyphens');

export const moduleFrontMatterSchema = z
	.object({
		title: z.string({ error: 'is required' }).trim().min(3, 'is required').max(120),
		summary: z.string({ error: 'is required' }).trim().min(10, 'is required').max(300),
		minutes: z.number({ error: 'must be a whole number of minutes' }).int('must be a whole number of minutes').min(1).max(240),
		audiences: z.array(z.enum(roles, { error: `must be roles from: ${roles.join(', ')}` }), { error: 'must be a list of roles' }).min(1, 'must name at least one role'),
		version: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be 1 or more'),
		induction: z.boolean({ error: 'must be true or false' }).default(true),
		prerequisites: z.array(slug, { error: 'must be a list of module slugs' }).default([]),
		quiz: slug.optional(),
		// Each finishes "By the end of this module you can …", so the learner knows what it is for.
		objectives: z
			.array(z.string().trim().min(10, 'each objective must be at least 10 characters').max(200, 'each objective must be 200 characters or fewer'), {
				error: 'must list what the learner can do by the end, one per line starting with "- "'
			})
			.min(1, 'must list at least one thing the learner can do by the end of the module')
			.max(8, 'must list 8 or fewer'),
		// What a new version changed, for people who completed an earlier one.
		changes: z.string({ error: 'must summarise what changed' }).trim().min(3, 'must summarise what changed').max(1000).optional(),
		scenario: slug.optional()
	})
	.strict();

export interface Module {
	slug: string;
	order: number;
	file: string;
	title: string;
	summary: string;
	minutes: number;
	audiences: Role[];
	version: number;
	induction: boolean;
	prerequisites: string[];
	quiz?: string;
	/** What the learner can do by the end: "By the end of this module you can …". */
	objectives: string[];
	/** What this version changed, for someone who completed an earlier one. */
	changes?: string;
	/** The line of quiz: in the front matter, for problems found once the quizzes are loaded. */
	quizLine?: number;
	/** A branching scenario to work through before the module is complete. */
	scenario?: string;
	scenarioLine?: number;
	/** SHA-256 of the whole file: a new hash is a new registered version, even for a typo. */
	hash: string;
	markdown: string;
	html: string;
	sections: Section[];
	words: number;
}

const fileName = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;

/** `placeholders`: the service's own values for {{placeholders}}; left as written when not given. */
export function loadModules(from: string | ContentSource, placeholders?: ReadonlyMap<string, string>): { modules: Module[]; problems: ContentProblem[] } {
	const source = sourceOf(from);
	if (!source.isFolder('modules')) return { modules: [], problems: [] };
	const problems: ContentProblem[] = [];
	const modules: Module[] = [];
	const links: { file: string; line: number; slug: string }[] = [];
	const frontLines = new Map<string, (path: PropertyKey[]) => number>();

	for (const name of source.list('modules').filter((f) => f.endsWith('.md')).sort()) {
		const file = `content/modules/${name}`;
		const match = fileName.exec(name);
		if (!match) {
			problems.push({ file, line: 1, message: 'file name must be NN-slug.md, like 03-supporting-not-advocating.md' });
			continue;
		}
		const written = source.readText(`modules/${name}`);
		const text = placeholders ? fillPlaceholders(written, file, placeholders, problems) : written;
		const doc = readDocument(text, file, moduleFrontMatterSchema, 'module', problems);
		if (!doc) continue;
		checkNoTitleHeading(doc, file, problems);
		const { value, frontMatter, body, rendered } = doc;
		if (!value) continue;
		const moduleSlug = match[2]!;
		const duplicate = modules.find((m) => m.slug === moduleSlug);
		if (duplicate) {
			problems.push({ file, line: 1, message: `duplicate slug "${moduleSlug}": ${duplicate.file} has it too` });
			continue;
		}
		frontLines.set(moduleSlug, frontMatter.lineOf);
		links.push(...rendered.moduleLinks.map((l) => ({ ...l, file })));
		modules.push({
			slug: moduleSlug,
			order: Number(match[1]),
			file,
			...value,
			quizLine: frontMatter.lineOf(['quiz']),
			scenarioLine: frontMatter.lineOf(['scenario']),
			hash: sha256(text),
			markdown: body,
			html: rendered.html,
			sections: rendered.sections,
			words: rendered.words
		});
	}

	const known = new Set(modules.map((m) => m.slug));
	for (const m of modules) {
		const lineOf = frontLines.get(m.slug)!;
		m.prerequisites.forEach((p, i) => {
			if (!known.has(p)) problems.push({ file: m.file, line: lineOf(['prerequisites', i]), message: `prerequisites: no module "${p}"` });
			else if (p === m.slug) problems.push({ file: m.file, line: lineOf(['prerequisites', i]), message: 'prerequisites: a module cannot require itself' });
		});
		if (m.quiz && !source.exists(`quizzes/${m.quiz}.md`)) {
			problems.push({ file: m.file, line: lineOf(['quiz']), message: `quiz: no quiz "${m.quiz}" (expected content/quizzes/${m.quiz}.md)` });
		}
	}
	for (const link of links) {
		if (!known.has(link.slug)) problems.push({ file: link.file, line: link.line, message: `link to module:${link.slug}, which does not exist` });
	}
	const cycle = findPrerequisiteCycle(modules);
	if (cycle) {
		const first = modules.find((m) => m.slug === cycle[0])!;
		problems.push({ file: first.file, line: frontLines.get(first.slug)!(['prerequisites']), message: `prerequisites go round in a circle: ${cycle.join(' → ')}` });
	}
	modules.sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
	return { modules, problems };
}

function findPrerequisiteCycle(modules: Module[]): string[] | null {
	const bySlug = new Map(modules.map((m) => [m.slug, m]));
	const state = new Map<string, 'visiting' | 'done'>();
	const path: string[] = [];
	function visit(slug: string): string[] | null {
		if (state.get(slug) === 'done') return null;
		if (state.get(slug) === 'visiting') return [...path.slice(path.indexOf(slug)), slug];
		state.set(slug, 'visiting');
		path.push(slug);
		for (const p of bySlug.get(slug)?.prerequisites ?? []) {
			const cycle = visit(p);
			if (cycle) return cycle;
		}
		path.pop();
		state.set(slug, 'done');
		return null;
	}
	for (const m of modules) {
		const cycle = visit(m.slug);
		if (cycle) return cycle;
	}
	return null;
}
