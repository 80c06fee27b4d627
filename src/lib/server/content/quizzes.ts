// Scenario quizzes: content/quizzes/<slug>.md. Each ## heading is a scenario, each ### a follow-up
// step; a GFM task list gives the options ([x] correct) and a blockquote under each its feedback.
import { sourceOf, type ContentSource } from './source';
import type { Token, Tokens } from 'marked';
import { z } from 'zod';
import { createMarkdown, moduleLinksOf, sanitize, sha256, splitFrontMatter, tokenProblems } from './markdown';
import type { ContentProblem } from './problems';
import { validateYaml } from './yaml';

export const quizFrontMatterSchema = z
	.object({
		title: z.string({ error: 'is required' }).trim().min(3, 'is required').max(120),
		module: z.string({ error: 'must be a module slug' }).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a module slug').optional(),
		policy: z.string({ error: 'must be a policy slug' }).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a policy slug').optional(),
		pass_mark: z.number({ error: 'must be a whole number from 1 to 100' }).int('must be a whole number from 1 to 100').min(1, 'must be from 1 to 100').max(100, 'must be from 1 to 100'),
		attempts: z.union([z.number().int().min(1).max(20), z.literal('unlimited')], { error: 'must be a whole number of attempts, or unlimited' }),
		shuffle: z.boolean({ error: 'must be true or false' }).default(false),
		draw: z.number({ error: 'must be a whole number of scenarios' }).int().min(1).optional(),
		version: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be 1 or more')
	})
	.strict()
	// A quiz either completes a module or is the check taken before acknowledging a policy.
	.refine((v) => !!v.module !== !!v.policy, { message: 'must name either the module this quiz completes (module:) or the policy it checks (policy:), not both', path: ['module'] });

export interface QuizOption {
	/** Stable within its step: a, b, c … in the order written. */
	id: string;
	html: string;
	correct: boolean;
	feedbackHtml: string;
}

export interface QuizStep {
	id: string;
	title: string;
	sceneHtml: string;
	options: QuizOption[];
	/** More than one correct option: "select all that apply". */
	multiple: boolean;
}

export interface Scenario {
	id: string;
	title: string;
	steps: QuizStep[];
}

export interface Quiz {
	slug: string;
	file: string;
	title: string;
	/** The module a pass completes, or null for a policy's check quiz. */
	module: string | null;
	/** The policy this quiz checks understanding of before acknowledging, or null. */
	policy: string | null;
	passMark: number;
	/** null for unlimited. */
	attempts: number | null;
	shuffle: boolean;
	draw: number | null;
	version: number;
	hash: string;
	introHtml: string;
	scenarios: Scenario[];
}

const headingId = /^(.*?)\s*\{#([a-z0-9]+(?:-[a-z0-9]+)*)\}\s*$/;

/** What the content loader checks against the modules and policies: the one named and the modules linked. */
export interface QuizReferences {
	quiz: Quiz;
	/** The line of module: or policy:. */
	moduleLine: number;
	links: { slug: string; line: number }[];
}

/**
 * A warning, not a problem, when the right answer is the longest option in more than half of a
 * quiz's single-answer questions: a learner could then pass by picking the longest.
 */
export function longestAnswerWarning(quiz: Quiz, line = 1): ContentProblem | null {
	const textLength = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&[a-z#0-9]+;/gi, ' ').trim().length;
	const single = quiz.scenarios.flatMap((s) => s.steps).filter((step) => !step.multiple);
	const longest = single.filter((step) => {
		const right = step.options.find((o) => o.correct)!;
		return step.options.every((o) => o === right || textLength(o.html) < textLength(right.html));
	});
	if (!single.length || longest.length * 2 <= single.length) return null;
	return {
		file: quiz.file,
		line,
		message: `the right answer is the longest option in ${longest.length} of ${single.length} questions (${longest.map((s) => `{#${s.id}}`).join(', ')}): a learner can pass by picking the longest, so vary the lengths`
	};
}

export function loadQuizzes(from: string | ContentSource): { quizzes: Quiz[]; references: QuizReferences[]; problems: ContentProblem[]; warnings: ContentProblem[] } {
	const source = sourceOf(from);
	if (!source.isFolder('quizzes')) return { quizzes: [], references: [], problems: [], warnings: [] };
	const quizzes: Quiz[] = [];
	const references: QuizReferences[] = [];
	const problems: ContentProblem[] = [];
	const warnings: ContentProblem[] = [];
	const idsSeen = new Map<string, string>();
	for (const name of source.list('quizzes').filter((f) => f.endsWith('.md')).sort()) {
		const file = `content/quizzes/${name}`;
		const slug = name.replace(/\.md$/, '');
		if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug)) {
			problems.push({ file, line: 1, message: 'file name must be a slug: lower-case letters, digits and hyphens, ending .md' });
			continue;
		}
		const text = source.readText(`quizzes/${name}`);
		const parsed = parseQuiz(text, file, slug);
		problems.push(...parsed.problems);
		if (!parsed.quiz) continue;
		for (const scenario of parsed.quiz.scenarios) {
			for (const step of scenario.steps) {
				const other = idsSeen.get(step.id);
				if (other && other !== file) problems.push({ file, line: parsed.lineOfId(step.id), message: `duplicate id {#${step.id}}: ${other} uses it too` });
				idsSeen.set(step.id, file);
			}
		}
		quizzes.push(parsed.quiz);
		references.push({ quiz: parsed.quiz, moduleLine: parsed.moduleLine, links: parsed.links });
		const warning = longestAnswerWarning(parsed.quiz, parsed.titleLine);
		if (warning) warnings.push(warning);
	}
	return { quizzes, references, problems, warnings };
}

export function parseQuiz(text: string, file: string, slug: string) {
	const problems: ContentProblem[] = [];
	const { frontMatter, body, bodyLine } = splitFrontMatter(text, file);
	const lineOfId = (id: string) => {
		const at = body.indexOf(`{#${id}}`);
		return at < 0 ? bodyLine : bodyLine + body.slice(0, at).split('\n').length - 1;
	};
	if (!frontMatter) {
		problems.push({ file, line: 1, message: 'front matter is missing: start the file with --- and the quiz details' });
		return { problems, lineOfId };
	}
	const { value, problems: fmProblems } = validateYaml(frontMatter, quizFrontMatterSchema, file);
	problems.push(...fmProblems);

	const md = createMarkdown();
	const tokens = md.marked.lexer(body);
	problems.push(...tokenProblems(md, tokens, body, file, bodyLine));
	const render = (list: Token[]) => sanitize(md.marked.parser(list));
	const lineAt = (offset: number) => bodyLine + body.slice(0, offset).split('\n').length - 1;

	const intro: Token[] = [];
	const scenarios: Scenario[] = [];
	const stepIds = new Set<string>();
	let scenario: Scenario | null = null;
	let step: { id: string; title: string; line: number; scene: Token[]; options: QuizOption[]; listed: boolean } | null = null;

	const closeStep = () => {
		if (!step || !scenario) return;
		if (!step.listed) problems.push({ file, line: step.line, message: `{#${step.id}} has no options: add a task list, - [ ] and - [x]` });
		else {
			if (step.options.length < 2) problems.push({ file, line: step.line, message: `{#${step.id}} needs at least two options` });
			if (!step.options.some((o) => o.correct)) problems.push({ file, line: step.line, message: `{#${step.id}} has no correct option: mark one - [x]` });
		}
		scenario.steps.push({ id: step.id, title: step.title, sceneHtml: render(step.scene), options: step.options, multiple: step.options.filter((o) => o.correct).length > 1 });
		step = null;
	};

	let offset = 0;
	for (const token of tokens) {
		const line = lineAt(offset + (token.raw.length - token.raw.trimStart().length));
		offset += token.raw.length;
		if (token.type === 'heading' && (token.depth === 2 || token.depth === 3)) {
			const match = headingId.exec((token as Tokens.Heading).text);
			const title = match ? match[1]! : (token as Tokens.Heading).text;
			const id = match?.[2] ?? `line-${line}`;
			if (!match) problems.push({ file, line, message: `heading "${title}" needs a stable id at its end, like {#${title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}}` });
			else if (stepIds.has(id)) problems.push({ file, line, message: `duplicate id {#${id}}` });
			stepIds.add(id);
			closeStep();
			if (token.depth === 2) {
				if (scenario) scenarios.push(scenario);
				scenario = { id, title, steps: [] };
			} else if (!scenario) {
				problems.push({ file, line, message: 'a ### step must follow a ## scenario' });
				continue;
			}
			step = { id, title, line, scene: [], options: [], listed: false };
			continue;
		}
		if (!step) {
			if (token.type === 'heading') problems.push({ file, line, message: 'use ## for scenarios and ### for their follow-up steps' });
			intro.push(token);
			continue;
		}
		if (token.type === 'list' && (token as Tokens.List).items.some((i) => i.task)) {
			if (step.listed) {
				problems.push({ file, line, message: `{#${step.id}} has a second list of options: one list per step` });
				continue;
			}
			step.listed = true;
			let itemOffset = body.indexOf(token.raw, offset - token.raw.length);
			(token as Tokens.List).items.forEach((item, i) => {
				const itemLine = lineAt(body.indexOf(item.raw, itemOffset));
				itemOffset = body.indexOf(item.raw, itemOffset) + item.raw.length;
				if (!item.task) {
					problems.push({ file, line: itemLine, message: 'every option must start - [ ] or - [x]' });
					return;
				}
				const label = item.tokens.find((t) => t.type === 'text' || t.type === 'paragraph');
				const feedback = item.tokens.find((t) => t.type === 'blockquote') as Tokens.Blockquote | undefined;
				if (!feedback) problems.push({ file, line: itemLine, message: 'option has no feedback: add an indented > line under it explaining why' });
				step!.options.push({
					id: String.fromCharCode(97 + i),
					html: sanitize(md.marked.parseInline(label?.raw.trim() ?? '') as string),
					correct: !!item.checked,
					feedbackHtml: feedback ? render(feedback.tokens) : ''
				});
			});
			continue;
		}
		if (token.type === 'heading') problems.push({ file, line, message: 'use ## for scenarios and ### for their follow-up steps' });
		step.scene.push(token);
	}
	closeStep();
	if (scenario) scenarios.push(scenario);

	if (!scenarios.length) problems.push({ file, line: bodyLine, message: 'the quiz has no scenarios: add ## headings' });
	if (value?.draw && value.draw > scenarios.length) {
		problems.push({ file, line: frontMatter.lineOf(['draw']), message: `draw: asks for ${value.draw} scenarios but the quiz has ${scenarios.length}` });
	}
	if (!value || problems.length) return { problems, lineOfId };
	const quiz: Quiz = {
		slug,
		file,
		title: value.title,
		module: value.module ?? null,
		policy: value.policy ?? null,
		passMark: value.pass_mark,
		attempts: value.attempts === 'unlimited' ? null : value.attempts,
		shuffle: value.shuffle,
		draw: value.draw ?? null,
		version: value.version,
		hash: sha256(text),
		introHtml: render(intro),
		scenarios
	};
	return { problems, lineOfId, quiz, moduleLine: frontMatter.lineOf([value.module ? 'module' : 'policy']), titleLine: frontMatter.lineOf(['title']), links: moduleLinksOf(md, body, bodyLine) };
}
