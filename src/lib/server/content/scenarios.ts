// Branching scenarios: content/scenarios/<slug>.md. Each ## heading is a step with an {#id}; its
// options are a list of links to the step each leads to, with an indented > feedback under each.
// An ending is a step marked {#id .ending outcome=good}, with a debrief and no options.
import { sourceOf, type ContentSource } from './source';
import type { Token, Tokens } from 'marked';
import { z } from 'zod';
import { roles, type Role } from '../db/schema';
import { createMarkdown, sanitize, sha256, splitFrontMatter, tokenProblems } from './markdown';
import type { ContentProblem } from './problems';
import { validateYaml } from './yaml';

export const scenarioFrontMatterSchema = z
	.object({
		title: z.string({ error: 'is required' }).trim().min(3, 'is required').max(120),
		summary: z.string({ error: 'is required' }).trim().min(10, 'is required').max(300),
		audiences: z
			.array(z.enum(roles, { error: `must be roles from: ${roles.join(', ')}` }), { error: 'must be a list of roles' })
			.min(1, 'must name at least one role'),
		version: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be 1 or more')
	})
	.strict();

export const outcomes = ['good', 'mixed', 'poor'] as const;
export type Outcome = (typeof outcomes)[number];

export interface ScenarioOption {
	/** Stable within its step: a, b, c … in the order written. */
	id: string;
	html: string;
	/** The step this choice leads to. */
	next: string;
	/** Optional; an option without points scores 0. */
	points: number;
	feedbackHtml: string;
}

export interface ScenarioStep {
	id: string;
	title: string;
	html: string;
	/** Empty for an ending. */
	options: ScenarioOption[];
	/** Set for an ending: how well the conversation went. */
	outcome: Outcome | null;
}

export interface BranchingScenario {
	slug: string;
	file: string;
	title: string;
	summary: string;
	audiences: Role[];
	version: number;
	/** SHA-256 of the whole file: a run and a completion are pinned to it. */
	hash: string;
	introHtml: string;
	/** In the order written; the first is where every run starts. */
	steps: ScenarioStep[];
	stepById: Map<string, ScenarioStep>;
}

/** A choice is a wrong turn when another option at the same step scores more. */
export function isWrongTurn(step: ScenarioStep, option: ScenarioOption): boolean {
	return step.options.some((o) => o.points > option.points);
}

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// "Title {#id}" or "Title {#id .ending outcome=good}".
const headingPattern = /^(.*?)\s*\{#([a-z0-9]+(?:-[a-z0-9]+)*)((?:\s+[^\s}]+)*)\s*\}\s*$/;
// "[What you say](#next-step)", optionally followed by "{points=2}".
const optionPattern = /^\[([^\]]+)\]\(#([^)\s]*)\)\s*(?:\{\s*points\s*=\s*(-?\d+)\s*\})?\s*$/;

export function loadScenarios(from: string | ContentSource): { scenarios: BranchingScenario[]; problems: ContentProblem[] } {
	const source = sourceOf(from);
	if (!source.isFolder('scenarios')) return { scenarios: [], problems: [] };
	const scenarios: BranchingScenario[] = [];
	const problems: ContentProblem[] = [];
	for (const name of source
		.list('scenarios')
		.filter((f) => f.endsWith('.md'))
		.sort()) {
		const file = `content/scenarios/${name}`;
		const slug = name.replace(/\.md$/, '');
		if (!slugPattern.test(slug)) {
			problems.push({ file, line: 1, message: 'file name must be a slug: lower-case letters, digits and hyphens, ending .md' });
			continue;
		}
		const parsed = parseScenario(source.readText(`scenarios/${name}`), file, slug);
		problems.push(...parsed.problems);
		if (parsed.scenario) scenarios.push(parsed.scenario);
	}
	return { scenarios, problems };
}

interface StepDraft {
	id: string;
	title: string;
	line: number;
	ending: boolean;
	outcome: Outcome | null;
	tokens: Token[];
	options: (ScenarioOption & { line: number })[];
	listed: boolean;
}

export function parseScenario(
	text: string,
	file: string,
	slug: string
): { problems: ContentProblem[]; scenario?: BranchingScenario } {
	const problems: ContentProblem[] = [];
	const { frontMatter, body, bodyLine } = splitFrontMatter(text, file);
	if (!frontMatter) {
		problems.push({ file, line: 1, message: 'front matter is missing: start the file with --- and the scenario details' });
		return { problems };
	}
	const { value, problems: fmProblems } = validateYaml(frontMatter, scenarioFrontMatterSchema, file);
	problems.push(...fmProblems);

	const md = createMarkdown();
	const tokens = md.marked.lexer(body);
	problems.push(...tokenProblems(md, tokens, body, file, bodyLine));
	const render = (list: Token[]) => sanitize(md.marked.parser(list));
	const lineAt = (offset: number) => bodyLine + body.slice(0, offset).split('\n').length - 1;

	const intro: Token[] = [];
	const drafts: StepDraft[] = [];
	const seen = new Map<string, number>();
	let step: StepDraft | null = null;

	let offset = 0;
	for (const token of tokens) {
		const line = lineAt(offset + (token.raw.length - token.raw.trimStart().length));
		offset += token.raw.length;
		if (token.type === 'heading' && token.depth === 2) {
			const text = (token as Tokens.Heading).text;
			const match = headingPattern.exec(text);
			if (!match) {
				const suggested = text
					.toLowerCase()
					.replace(/[^a-z0-9]+/g, '-')
					.replace(/^-|-$/g, '');
				problems.push({ file, line, message: `step "${text}" needs a stable id at its end, like {#${suggested}}` });
				step = null;
				continue;
			}
			const [, title, id, attributeText] = match as unknown as [string, string, string, string];
			const draft: StepDraft = { id, title, line, ending: false, outcome: null, tokens: [], options: [], listed: false };
			for (const attribute of attributeText.trim().split(/\s+/).filter(Boolean)) {
				if (attribute === '.ending') draft.ending = true;
				else if (attribute.startsWith('outcome=')) {
					const outcome = attribute.slice('outcome='.length);
					if ((outcomes as readonly string[]).includes(outcome)) draft.outcome = outcome as Outcome;
					else problems.push({ file, line, message: `outcome=${outcome}: must be one of ${outcomes.join(', ')}` });
				} else problems.push({ file, line, message: `{#${id}}: unknown marker "${attribute}"; use .ending and outcome=good, mixed or poor` });
			}
			if (draft.ending && !draft.outcome && !/outcome=/.test(attributeText)) {
				problems.push({ file, line, message: `ending {#${id}} needs an outcome: add outcome=good, mixed or poor` });
			}
			if (!draft.ending && draft.outcome) problems.push({ file, line, message: `{#${id}} has an outcome but is not marked .ending` });
			const first = seen.get(id);
			if (first !== undefined) problems.push({ file, line, message: `duplicate id {#${id}}: line ${first} uses it too` });
			else seen.set(id, line);
			step = draft;
			drafts.push(draft);
			continue;
		}
		if (token.type === 'heading') {
			problems.push({ file, line, message: 'use ## for each step: the title comes from the front matter' });
			continue;
		}
		if (!step) {
			intro.push(token);
			continue;
		}
		const list = token.type === 'list' ? (token as Tokens.List) : null;
		if (list && list.items.some((i) => optionPattern.test(firstLine(i)))) {
			const current: StepDraft = step;
			if (current.ending) {
				problems.push({ file, line, message: `ending {#${current.id}} has options: an ending has a debrief and no options` });
				continue;
			}
			if (current.listed) {
				problems.push({ file, line, message: `{#${current.id}} has a second list of options: one list per step` });
				continue;
			}
			current.listed = true;
			let itemOffset = body.indexOf(token.raw, offset - token.raw.length);
			list.items.forEach((item, i) => {
				const at = body.indexOf(item.raw, itemOffset);
				const itemLine = lineAt(at);
				itemOffset = at + item.raw.length;
				const match = optionPattern.exec(firstLine(item));
				if (!match) {
					problems.push({ file, line: itemLine, message: 'every option must be a link to its next step, like - [What you say](#next-step)' });
					return;
				}
				const feedback = item.tokens.find((t) => t.type === 'blockquote') as Tokens.Blockquote | undefined;
				if (!feedback) problems.push({ file, line: itemLine, message: 'option has no feedback: add an indented > line under it' });
				current.options.push({
					id: String.fromCharCode(97 + i),
					html: sanitize(md.marked.parseInline(match[1]!.trim()) as string),
					next: match[2]!,
					points: match[3] === undefined ? 0 : Number(match[3]),
					feedbackHtml: feedback ? render(feedback.tokens) : '',
					line: itemLine
				});
			});
			continue;
		}
		step.tokens.push(token);
	}

	for (const draft of drafts) {
		if (!draft.ending && !draft.listed) {
			problems.push({ file, line: draft.line, message: `{#${draft.id}} has no options: add - [What you say](#next-step) items, or mark it {#${draft.id} .ending outcome=…}` });
		} else if (!draft.ending && draft.options.length === 1) {
			problems.push({ file, line: draft.line, message: `{#${draft.id}} needs at least two options` });
		}
		if (draft.ending && !draft.tokens.some((t) => t.type !== 'space')) problems.push({ file, line: draft.line, message: `ending {#${draft.id}} has no debrief: say what went well and what to do differently` });
	}
	if (!drafts.length) problems.push({ file, line: bodyLine, message: 'the scenario has no steps: add ## headings with {#id}' });
	else if (drafts[0]!.ending) problems.push({ file, line: drafts[0]!.line, message: 'the first step cannot be an ending' });
	problems.push(...graphProblems(drafts, file));

	if (!value || problems.length) return { problems };
	const steps: ScenarioStep[] = drafts.map((d) => ({
		id: d.id,
		title: d.title,
		html: render(d.tokens),
		options: d.options.map(({ line: _, ...o }) => o),
		outcome: d.outcome
	}));
	return {
		problems,
		scenario: {
			slug,
			file,
			title: value.title,
			summary: value.summary,
			audiences: value.audiences,
			version: value.version,
			hash: sha256(text),
			introHtml: render(intro),
			steps,
			stepById: new Map(steps.map((s) => [s.id, s]))
		}
	};
}

function firstLine(item: Tokens.ListItem): string {
	return item.text.split('\n')[0]!.trim();
}

/**
 * The shape of the story: every option leads to a step that exists, every step but the first is
 * led to, and from every step some ending can be reached.
 */
function graphProblems(drafts: StepDraft[], file: string): ContentProblem[] {
	const problems: ContentProblem[] = [];
	const byId = new Map<string, StepDraft>();
	for (const d of drafts) if (!byId.has(d.id)) byId.set(d.id, d);
	const ledTo = new Set<string>();
	for (const d of drafts) {
		for (const o of d.options) {
			if (!byId.has(o.next)) problems.push({ file, line: o.line, message: `option leads to #${o.next}, but there is no step {#${o.next}}` });
			else if (o.next === d.id) problems.push({ file, line: o.line, message: `option leads back to its own step #${d.id}` });
			ledTo.add(o.next);
		}
	}
	drafts.forEach((d, i) => {
		if (i > 0 && !ledTo.has(d.id) && byId.get(d.id) === d) {
			problems.push({ file, line: d.line, message: `no option leads to {#${d.id}}: link to it with (#${d.id}) or remove it` });
		}
	});
	// Walk backwards from the endings: whatever can reach one of them is fine.
	const reachesEnding = new Set(drafts.filter((d) => d.ending).map((d) => d.id));
	let grew = true;
	while (grew) {
		grew = false;
		for (const d of drafts) {
			if (!reachesEnding.has(d.id) && d.options.some((o) => reachesEnding.has(o.next))) {
				reachesEnding.add(d.id);
				grew = true;
			}
		}
	}
	for (const d of drafts) {
		if (!reachesEnding.has(d.id) && byId.get(d.id) === d) {
			problems.push({ file, line: d.line, message: `no ending can be reached from {#${d.id}}: every path must lead to an ending` });
		}
	}
	return problems;
}

/** The endings a choice can still lead to, nearest first: what the ending page says another choice would have led to. */
export function endingsFrom(scenario: BranchingScenario, stepId: string): ScenarioStep[] {
	const found: ScenarioStep[] = [];
	const visited = new Set<string>();
	let frontier = [stepId];
	while (frontier.length) {
		const next: string[] = [];
		for (const id of frontier) {
			if (visited.has(id)) continue;
			visited.add(id);
			const step = scenario.stepById.get(id);
			if (!step) continue;
			if (step.outcome) found.push(step);
			else next.push(...step.options.map((o) => o.next));
		}
		frontier = next;
	}
	return found;
}
