// The questionnaires families answer: content/feedback/<slug>.md, one per audience. The front
// matter lists the questions, one page each; the body is the start page's text.
import { sourceOf, type ContentSource } from './source';
import { z } from 'zod';
import { readDocument } from './document';
import { sha256 } from './markdown';
import type { ContentProblem } from './problems';

/** How a family came to the service: what a link records, and what the channel question asks. */
export const feedbackChannels = ['helpline', 'email', 'meeting', 'workshop', 'other'] as const;
export type FeedbackChannel = (typeof feedbackChannels)[number];

/** Who a questionnaire is written for: one each, and `families` is the one offered first. */
export const feedbackAudiences = ['families', 'young-people'] as const;
export type FeedbackAudience = (typeof feedbackAudiences)[number];

const idPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const id = (what: string) =>
	z
		.string({ error: `must be the ${what}'s id` })
		.regex(idPattern, 'must be lower-case letters, digits and hyphens, like took-sides')
		.max(40, 'must be 40 characters or fewer');

const optionSchema = z
	.object({
		value: id('option'),
		label: z.string({ error: 'is required' }).trim().min(1, 'is required').max(120, 'must be 120 characters or fewer'),
		positive: z.boolean({ error: 'must be true or false' }).default(false)
	})
	.strict();

const questionSchema = z
	.object({
		id: id('question'),
		kind: z.enum(['choice', 'channel', 'text'], { error: 'must be choice, channel or text' }),
		text: z.string({ error: 'is required' }).trim().min(5, 'is required').max(200, 'must be 200 characters or fewer'),
		hint: z.string().trim().max(300, 'must be 300 characters or fewer').optional(),
		targeted: z.boolean({ error: 'must be true or false' }).default(false),
		about: z.literal('outcome', { error: 'can only be "outcome"' }).optional(),
		options: z.array(optionSchema, { error: 'must be a list of options' }).optional()
	})
	.strict();

export const feedbackFrontMatterSchema = z
	.object({
		title: z.string({ error: 'is required' }).trim().min(3, 'is required').max(120),
		summary: z.string({ error: 'is required' }).trim().min(10, 'is required').max(300),
		audience: z.enum(feedbackAudiences, { error: `must be one of: ${feedbackAudiences.join(', ')}` }),
		version: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be 1 or more'),
		questions: z.array(questionSchema, { error: 'must be a list of questions' }).min(1, 'must list at least one question').max(20, 'must list 20 or fewer')
	})
	.strict();

export interface FeedbackOption {
	value: string;
	label: string;
	positive: boolean;
}

export interface FeedbackQuestion {
	id: string;
	kind: 'choice' | 'channel' | 'text';
	text: string;
	hint?: string;
	/** Counted in the impartiality indicator. */
	targeted: boolean;
	/** Marks the "did you get the result you wanted" question, kept apart from the indicator. */
	outcome: boolean;
	options: FeedbackOption[];
}

export interface Questionnaire {
	slug: string;
	file: string;
	title: string;
	summary: string;
	audience: FeedbackAudience;
	version: number;
	hash: string;
	introHtml: string;
	questions: FeedbackQuestion[];
}

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function loadQuestionnaires(from: string | ContentSource): { questionnaires: Questionnaire[]; problems: ContentProblem[] } {
	const source = sourceOf(from);
	if (!source.isFolder('feedback')) return { questionnaires: [], problems: [] };
	const questionnaires: Questionnaire[] = [];
	const problems: ContentProblem[] = [];
	const audienceLines = new Map<FeedbackAudience, Questionnaire>();
	for (const name of source
		.list('feedback')
		.filter((f) => f.endsWith('.md'))
		.sort()) {
		const file = `content/feedback/${name}`;
		const slug = name.replace(/\.md$/, '');
		if (!slugPattern.test(slug)) {
			problems.push({ file, line: 1, message: 'file name must be a slug: lower-case letters, digits and hyphens, ending .md' });
			continue;
		}
		const parsed = parseQuestionnaire(source.readText(`feedback/${name}`), file, slug);
		problems.push(...parsed.problems);
		if (!parsed.questionnaire) continue;
		const other = audienceLines.get(parsed.questionnaire.audience);
		if (other) {
			problems.push({ file, line: parsed.audienceLine, message: `audience: ${other.file} is already for ${parsed.questionnaire.audience}; one questionnaire each` });
			continue;
		}
		audienceLines.set(parsed.questionnaire.audience, parsed.questionnaire);
		questionnaires.push(parsed.questionnaire);
	}
	if (questionnaires.length && !audienceLines.has('families') && !problems.length) {
		problems.push({ file: 'content/feedback', line: 1, message: 'no questionnaire is for families: one file must say "audience: families"' });
	}
	problems.push(...consistencyProblems(questionnaires, source));
	return { questionnaires, problems };
}

/**
 * A question that appears in two questionnaires (the same id) is counted as one in the results, so
 * it must ask the same thing: the same kind, and the same option values with the same positives.
 */
function consistencyProblems(questionnaires: Questionnaire[], source: ContentSource): ContentProblem[] {
	const problems: ContentProblem[] = [];
	const first = new Map<string, { questionnaire: Questionnaire; question: FeedbackQuestion }>();
	for (const questionnaire of questionnaires) {
		const lines = source.readText(`feedback/${questionnaire.slug}.md`).split('\n');
		for (const question of questionnaire.questions) {
			const seen = first.get(question.id);
			if (!seen) {
				first.set(question.id, { questionnaire, question });
				continue;
			}
			const signature = (q: FeedbackQuestion) =>
				`${q.kind}|${q.targeted}|${q.outcome}|${q.options.map((o) => `${o.value}${o.positive ? '+' : ''}`).join(',')}`;
			if (signature(seen.question) !== signature(question)) {
				const line = lines.findIndex((l) => new RegExp(`^\\s*-\\s*id:\\s*${question.id}\\s*$`).test(l)) + 1 || 1;
				problems.push({
					file: questionnaire.file,
					line,
					message: `question ${question.id} differs from the one in ${seen.questionnaire.file}: the same id must have the same kind, marks and option values, so answers are counted together`
				});
			}
		}
	}
	return problems;
}

export function parseQuestionnaire(
	text: string,
	file: string,
	slug: string
): { problems: ContentProblem[]; questionnaire?: Questionnaire; audienceLine: number } {
	const problems: ContentProblem[] = [];
	const doc = readDocument(text, file, feedbackFrontMatterSchema, 'questionnaire', problems);
	if (!doc) return { problems, audienceLine: 1 };
	const lineOf = (path: (string | number)[]) => doc.frontMatter.lineOf(path);
	const audienceLine = lineOf(['audience']);
	const value = doc.value;
	if (!value) return { problems, audienceLine };

	const questions: FeedbackQuestion[] = [];
	const seen = new Map<string, number>();
	let channelQuestion: number | undefined;
	let lastTargeted = -1;
	value.questions.forEach((q, i) => {
		const at = (key?: string) => lineOf(key ? ['questions', i, key] : ['questions', i]);
		const line = at('id');
		const before = seen.get(q.id);
		if (before !== undefined) problems.push({ file, line, message: `duplicate question id ${q.id}: line ${before} uses it too` });
		else seen.set(q.id, line);
		const options = q.options ?? [];
		if (q.kind === 'text') {
			if (q.options) problems.push({ file, line: at('options'), message: `question ${q.id}: a text question has no options` });
			if (q.targeted) problems.push({ file, line: at('targeted'), message: `question ${q.id}: a text question cannot be targeted; only chosen answers make up the indicator` });
		} else {
			if (options.length < 2) problems.push({ file, line: at(q.options ? 'options' : 'kind'), message: `question ${q.id}: needs at least two options` });
			const values = new Map<string, number>();
			options.forEach((o, j) => {
				const optionLine = lineOf(['questions', i, 'options', j, 'value']);
				const other = values.get(o.value);
				if (other !== undefined) problems.push({ file, line: optionLine, message: `question ${q.id}: option ${o.value} is listed twice (line ${other})` });
				else values.set(o.value, optionLine);
				if (q.kind === 'channel' && !(feedbackChannels as readonly string[]).includes(o.value)) {
					problems.push({ file, line: optionLine, message: `question ${q.id}: ${o.value} is not a channel; use ${feedbackChannels.join(', ')}` });
				}
				if (o.positive && !q.targeted) {
					problems.push({ file, line: lineOf(['questions', i, 'options', j, 'positive']), message: `question ${q.id}: only a targeted question has positive answers` });
				}
			});
		}
		if (q.kind === 'channel') {
			if (channelQuestion !== undefined) problems.push({ file, line: at('kind'), message: `question ${q.id}: only one question may ask for the channel (line ${channelQuestion} does)` });
			else channelQuestion = at('kind');
			if (q.targeted) problems.push({ file, line: at('targeted'), message: `question ${q.id}: the channel question cannot be targeted` });
		}
		if (q.targeted) {
			if (q.kind === 'choice' && !options.some((o) => o.positive)) {
				problems.push({ file, line: at('targeted'), message: `question ${q.id}: a targeted question needs at least one option marked positive: true` });
			}
			if (q.kind === 'choice' && options.length && options.every((o) => o.positive)) {
				problems.push({ file, line: at('targeted'), message: `question ${q.id}: every option is positive, so the question cannot tell anything` });
			}
			lastTargeted = i;
		}
		if (q.about === 'outcome') {
			if (q.targeted) {
				problems.push({ file, line: at('about'), message: `question ${q.id}: the question about the result cannot be targeted: the outcome of a case must not count towards the impartiality indicator` });
			}
			if (q.kind !== 'choice') problems.push({ file, line: at('about'), message: `question ${q.id}: the question about the result must be a choice` });
		}
		questions.push({
			id: q.id,
			kind: q.kind,
			text: q.text,
			hint: q.hint,
			targeted: q.targeted,
			outcome: q.about === 'outcome',
			options: options.map((o) => ({ value: o.value, label: o.label, positive: o.positive }))
		});
	});
	value.questions.forEach((q, i) => {
		if (q.about === 'outcome' && !q.targeted && i < lastTargeted) {
			problems.push({
				file,
				line: lineOf(['questions', i, 'about']),
				message: `question ${q.id}: ask about the result after every targeted question, so the answer does not colour them`
			});
		}
	});
	if (!value.questions.some((q) => q.targeted)) {
		problems.push({ file, line: lineOf(['questions']), message: 'no question is targeted: mark the impartiality questions with targeted: true to make up the indicator' });
	}
	if (problems.length) return { problems, audienceLine };
	return {
		problems,
		audienceLine,
		questionnaire: {
			slug,
			file,
			title: value.title,
			summary: value.summary,
			audience: value.audience,
			version: value.version,
			hash: sha256(text),
			introHtml: doc.rendered.html,
			questions
		}
	};
}
