import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadQuestionnaires, parseQuestionnaire } from './feedback';
import { formatProblem } from './problems';

const shipped = readFileSync('content/feedback/families.md', 'utf8');
const shippedYoung = readFileSync('content/feedback/young-people.md', 'utf8');
const file = 'content/feedback/families.md';

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function contentDir(files: Record<string, string>): string {
	const dir = mkdtempSync(join(tmpdir(), 'impartial-feedback-'));
	dirs.push(dir);
	mkdirSync(join(dir, 'feedback'));
	for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'feedback', name), text);
	return dir;
}

/** The problems found in `text`, as `path:line: message`. */
const problemsIn = (text: string) => parseQuestionnaire(text, file, 'families').problems.map(formatProblem);

/** The 1-based line of the first line of `text` that contains `needle`. */
const lineOf = (text: string, needle: string, from = 0) => {
	const lines = text.split('\n');
	for (let i = from; i < lines.length; i++) if (lines[i]!.includes(needle)) return i + 1;
	throw new Error(`no line contains ${needle}`);
};

const minimal = (questions: string) => `---
title: Tell us about the support you had
summary: A few questions about how we helped you.
audience: families
version: 1
questions:
${questions}
---

Nothing is saved until you send your answers.
`;

const targeted = `  - id: took-sides
    kind: choice
    targeted: true
    text: Did we take anyone's side?
    options:
      - value: no
        label: No
        positive: true
      - value: yes
        label: Yes`;

describe('the families questionnaire', () => {
	it('ships without problems, in both versions, with the same question ids counted together', () => {
		const { questionnaires, problems } = loadQuestionnaires('content');
		expect(problems).toEqual([]);
		expect(questionnaires.map((q) => q.audience).sort()).toEqual(['families', 'young-people']);
		const [families, young] = ['families', 'young-people'].map((a) => questionnaires.find((q) => q.audience === a)!);
		expect(families!.questions.map((q) => q.id)).toEqual(young!.questions.map((q) => q.id));
		expect(families!.questions.filter((q) => q.targeted).map((q) => q.id)).toEqual(['took-sides', 'all-options', 'views-heard', 'confidence']);
		const result = families!.questions.find((q) => q.outcome)!;
		expect(result.targeted).toBe(false);
		// The question about the result comes after every targeted question.
		expect(families!.questions.indexOf(result)).toBeGreaterThan(families!.questions.findLastIndex((q) => q.targeted));
		expect(families!.introHtml).toContain('We do not ask your name');
	});

	it('explains in its comments why the impartiality questions are kept apart from the result', () => {
		expect(shipped).toMatch(/outcome of a case from swaying/);
		expect(shippedYoung).toMatch(/what was decided does not change how fair we seemed/);
	});
});

describe('content:check on a questionnaire', () => {
	it('reports a missing front matter on line 1', () => {
		expect(problemsIn('Just some text\n')).toEqual([`${file}:1: front matter is missing: start the file with --- and the questionnaire details`]);
	});

	it('reports an unknown setting on its own line', () => {
		const text = shipped.replace('version: 1', 'version: 1\ncolour: blue');
		expect(problemsIn(text)).toEqual([`${file}:${lineOf(text, 'colour: blue')}: colour: is not a known setting (check the spelling)`]);
	});

	it('reports an audience that is not known', () => {
		const text = shipped.replace('audience: families', 'audience: grandparents');
		expect(problemsIn(text)[0]).toBe(`${file}:${lineOf(text, 'audience:')}: audience: must be one of: families, young-people`);
	});

	it('reports a question id used twice, naming the first line', () => {
		const text = shipped.replace('id: all-options', 'id: took-sides');
		const first = lineOf(text, 'id: took-sides');
		const second = lineOf(text, 'id: took-sides', first);
		expect(problemsIn(text)).toContain(`${file}:${second}: duplicate question id took-sides: line ${first} uses it too`);
	});

	it('reports an option value listed twice in one question', () => {
		const text = minimal(`${targeted}
      - value: no
        label: Not at all`);
		const second = lineOf(text, 'value: no', lineOf(text, 'value: no'));
		expect(problemsIn(text)).toEqual([`${file}:${second}: question took-sides: option no is listed twice (line ${lineOf(text, 'value: no')})`]);
	});

	it('reports a choice question with one option', () => {
		const text = minimal(`${targeted}
  - id: known
    kind: choice
    text: Did you know about us?
    options:
      - value: yes
        label: Yes`);
		expect(problemsIn(text)).toEqual([`${file}:${lineOf(text, 'options:', lineOf(text, 'id: known'))}: question known: needs at least two options`]);
	});

	it('reports options on a text question', () => {
		const text = minimal(`${targeted}
  - id: anything-else
    kind: text
    text: Anything else?
    options:
      - value: a
        label: A`);
		expect(problemsIn(text)).toEqual([`${file}:${lineOf(text, 'options:', lineOf(text, 'id: anything-else'))}: question anything-else: a text question has no options`]);
	});

	it('reports a targeted question with no positive answer, and one where every answer is positive', () => {
		const none = minimal(targeted.replace('        positive: true\n', ''));
		expect(problemsIn(none)).toEqual([
			`${file}:${lineOf(none, 'targeted: true')}: question took-sides: a targeted question needs at least one option marked positive: true`
		]);
		const all = minimal(`${targeted}\n        positive: true`);
		expect(problemsIn(all)).toEqual([`${file}:${lineOf(all, 'targeted: true')}: question took-sides: every option is positive, so the question cannot tell anything`]);
	});

	it('reports a positive answer on a question that is not targeted', () => {
		const text = minimal(`${targeted}
  - id: known
    kind: choice
    text: Did you know about us?
    options:
      - value: yes
        label: Yes
        positive: true
      - value: no
        label: No`);
		expect(problemsIn(text)).toEqual([`${file}:${lineOf(text, 'positive: true', lineOf(text, 'id: known'))}: question known: only a targeted question has positive answers`]);
	});

	it('reports a question about the result that is targeted, or asked before a targeted question', () => {
		const counted = shipped.replace('    about: outcome\n', '    about: outcome\n    targeted: true\n');
		expect(problemsIn(counted)).toContain(
			`${file}:${lineOf(counted, 'about: outcome')}: question result: the question about the result cannot be targeted: the outcome of a case must not count towards the impartiality indicator`
		);
		const first = minimal(`  - id: result
    kind: choice
    about: outcome
    text: Did you get the result you wanted?
    options:
      - value: yes
        label: Yes
      - value: no
        label: No
${targeted}`);
		expect(problemsIn(first)).toEqual([
			`${file}:${lineOf(first, 'about: outcome')}: question result: ask about the result after every targeted question, so the answer does not colour them`
		]);
	});

	it('reports a channel option that is not a channel, and a second channel question', () => {
		const text = shipped.replace('value: workshop', 'value: carrier-pigeon');
		expect(problemsIn(text)).toEqual([
			`${file}:${lineOf(text, 'carrier-pigeon')}: question channel: carrier-pigeon is not a channel; use helpline, email, meeting, workshop, other`
		]);
		const twice = minimal(`  - id: channel
    kind: channel
    text: How did you contact us?
    options:
      - value: helpline
        label: Phone
      - value: email
        label: Email
  - id: channel-again
    kind: channel
    text: How else did you contact us?
    options:
      - value: helpline
        label: Phone
      - value: email
        label: Email
${targeted}`);
		expect(problemsIn(twice)).toEqual([
			`${file}:${lineOf(twice, 'kind: channel', lineOf(twice, 'id: channel-again'))}: question channel-again: only one question may ask for the channel (line ${lineOf(twice, 'kind: channel')} does)`
		]);
	});

	it('reports a questionnaire with no targeted question', () => {
		const text = minimal(`  - id: anything-else
    kind: text
    text: Anything else?`);
		expect(problemsIn(text)).toEqual([
			`${file}:${lineOf(text, 'questions:')}: no question is targeted: mark the impartiality questions with targeted: true to make up the indicator`
		]);
	});

	it('reports a questionnaire with no text for its start page', () => {
		const text = shipped.slice(0, shipped.lastIndexOf('---') + 4);
		expect(problemsIn(text)).toEqual([`${file}:${text.split('\n').length}: the questionnaire has no text after its front matter`]);
	});

	it('reports a file name that is not a slug, two questionnaires for one audience, and none for families', () => {
		const badName = loadQuestionnaires(contentDir({ 'Families Form.md': shipped }));
		expect(badName.problems.map(formatProblem)).toEqual([
			'content/feedback/Families Form.md:1: file name must be a slug: lower-case letters, digits and hyphens, ending .md'
		]);
		const twice = loadQuestionnaires(contentDir({ 'families.md': shipped, 'parents.md': shipped }));
		expect(twice.problems.map(formatProblem)).toEqual([
			`content/feedback/parents.md:${lineOf(shipped, 'audience:')}: audience: content/feedback/families.md is already for families; one questionnaire each`
		]);
		const noFamilies = loadQuestionnaires(contentDir({ 'young-people.md': shippedYoung }));
		expect(noFamilies.problems.map(formatProblem)).toEqual([
			'content/feedback:1: no questionnaire is for families: one file must say "audience: families"'
		]);
	});

	it('reports a question that differs from the one with the same id in the other version', () => {
		const young = shippedYoung.replace('value: not-at-all', 'value: never');
		const { problems } = loadQuestionnaires(contentDir({ 'families.md': shipped, 'young-people.md': young }));
		expect(problems.map(formatProblem)).toEqual([
			`content/feedback/young-people.md:${lineOf(young, 'id: confidence')}: question confidence differs from the one in content/feedback/families.md: the same id must have the same kind, marks and option values, so answers are counted together`
		]);
	});
});
