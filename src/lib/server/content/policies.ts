// Policies: content/policies/<slug>/<version>.md, one file a version. A version whose effective
// date is still to come waits without disturbing the live one.
import { sourceOf, type ContentSource } from './source';
import { z } from 'zod';
import { roles, type Role } from '../db/schema';
import { sha256, type Section } from './markdown';
import { readDocument } from './document';
import type { ContentProblem } from './problems';
import { fillPlaceholders } from './service';
import { isRealDay } from '../days';

const isoDate = z
	.union([z.date(), z.string()], { error: 'must be a date written YYYY-MM-DD' })
	.transform((v, ctx) => {
		const text = v instanceof Date ? v.toISOString().slice(0, 10) : v;
		if (!isRealDay(text)) {
			ctx.addIssue({ code: 'custom', message: 'must be a date written YYYY-MM-DD' });
			return z.NEVER;
		}
		return text;
	});

export const policyFrontMatterSchema = z
	.object({
		title: z.string({ error: 'is required' }).trim().min(3, 'is required').max(120),
		version: z.number({ error: 'must be a whole number' }).int().min(1),
		effective: isoDate,
		next_review: isoDate,
		audiences: z.array(z.enum(roles, { error: `must be roles from: ${roles.join(', ')}` })).min(1, 'must name at least one role'),
		change: z.enum(['major', 'minor'], { error: 'must be major (everyone acknowledges again) or minor (acknowledgements stand)' }),
		changes: z.string({ error: 'must summarise what changed' }).trim().min(3, 'must summarise what changed').max(1000),
		quiz: z.string({ error: 'must be a quiz slug' }).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a quiz slug').optional()
	})
	.strict()
	.refine((v) => v.next_review > v.effective, { message: 'must be after the effective date', path: ['next_review'] });

export interface PolicyVersion {
	slug: string;
	file: string;
	title: string;
	version: number;
	/** YYYY-MM-DD */
	effective: string;
	nextReview: string;
	audiences: Role[];
	major: boolean;
	changes: string;
	/** A check quiz the person must pass before acknowledging this version themselves. */
	quiz?: string;
	quizLine?: number;
	hash: string;
	markdown: string;
	html: string;
	sections: Section[];
}

export interface Policy {
	slug: string;
	/** Every version, oldest first. */
	versions: PolicyVersion[];
}

/** `placeholders`: the service's own values for {{placeholders}}; left as written when not given. */
export function loadPolicies(from: string | ContentSource, placeholders?: ReadonlyMap<string, string>): { policies: Policy[]; problems: ContentProblem[]; links: { file: string; slug: string; line: number }[] } {
	const source = sourceOf(from);
	if (!source.isFolder('policies')) return { policies: [], problems: [], links: [] };
	const policies: Policy[] = [];
	const problems: ContentProblem[] = [];
	const links: { file: string; slug: string; line: number }[] = [];
	for (const slug of source.list('policies')) {
		if (!source.isFolder(`policies/${slug}`)) continue;
		if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug)) {
			problems.push({ file: `content/policies/${slug}`, line: 1, message: 'folder name must be a slug: lower-case letters, digits and hyphens' });
			continue;
		}
		const versions: PolicyVersion[] = [];
		for (const name of source.list(`policies/${slug}`).filter((f) => f.endsWith('.md'))) {
			const file = `content/policies/${slug}/${name}`;
			const number = /^(\d+)\.md$/.exec(name);
			if (!number) {
				problems.push({ file, line: 1, message: 'file name must be the version number, like 3.md' });
				continue;
			}
			const written = source.readText(`policies/${slug}/${name}`);
			const text = placeholders ? fillPlaceholders(written, file, placeholders, problems) : written;
			const doc = readDocument(text, file, policyFrontMatterSchema, 'policy', problems);
			if (!doc) continue;
			const { value, frontMatter, body, rendered } = doc;
			links.push(...rendered.moduleLinks.map((l) => ({ ...l, file })));
			if (!value) continue;
			if (value.version !== Number(number[1])) {
				problems.push({ file, line: frontMatter.lineOf(['version']), message: `version: is ${value.version} but the file is named ${name}` });
				continue;
			}
			versions.push({
				slug,
				file,
				title: value.title,
				version: value.version,
				effective: value.effective,
				nextReview: value.next_review,
				audiences: value.audiences,
				major: value.change === 'major',
				changes: value.changes,
				quiz: value.quiz,
				quizLine: frontMatter.lineOf(['quiz']),
				hash: sha256(text),
				markdown: body,
				html: rendered.html,
				sections: rendered.sections
			});
		}
		versions.sort((a, b) => a.version - b.version);
		for (let i = 1; i < versions.length; i++) {
			if (versions[i]!.effective < versions[i - 1]!.effective) {
				problems.push({ file: versions[i]!.file, line: 4, message: `effective: is before version ${versions[i - 1]!.version}'s effective date` });
			}
		}
		if (versions.length) policies.push({ slug, versions });
	}
	return { policies, problems, links };
}

// The instant (midnight UTC) each version's effective date begins, worked out once per version:
// a supervisor's list asks which version is in force for every person on it.
const begins = new WeakMap<PolicyVersion, number>();

/** Whether the version's effective date has come by `now`, by the calendar date in UTC. */
function inForce(version: PolicyVersion, now: Date): boolean {
	let from = begins.get(version);
	if (from === undefined) begins.set(version, (from = Date.parse(`${version.effective}T00:00:00Z`)));
	return from <= now.getTime();
}

/** The version in force on `now`: the newest whose effective date has come. */
export function currentVersion(policy: Policy, now = new Date()): PolicyVersion | undefined {
	return policy.versions.findLast((v) => inForce(v, now));
}

/** The newest major version in force on `now`: acknowledgements of anything older no longer count. */
export function latestMajorVersion(policy: Policy, now = new Date()): PolicyVersion | undefined {
	return policy.versions.findLast((v) => v.major && inForce(v, now));
}
