import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContent } from './index';
import { ContentError, formatProblem } from './problems';
import { longestAnswerWarning, parseQuiz } from './quizzes';

const goodQuiz = `---
title: Impartiality basics
module: basics
pass_mark: 80
attempts: 3
shuffle: true
version: 1
---

Five situations you will meet.

## Choosing a school {#choose-school}

Amira asks which school you would choose for her son. What do you do?

- [ ] Tell her which school you would pick.
  > That is directive advice: the decision is hers.
- [x] Explain her options and where to find out more.
  > Information about options, not a direction.

### She asks again {#choose-school-again}

She says "but what would you do?"

- [x] Say that it is her decision, and offer to help her compare.
  > Right: you stay impartial and still help.
- [ ] Say nothing.
  > Silence does not help her decide.

## Sharing details {#sharing}

A council officer phones for details. Select all that apply.

- [x] Ask whether the parent has consented.
  > Consent comes first.
- [x] Offer to pass on a message.
  > A way to help without sharing.
- [ ] Read out your notes.
  > That breaks confidentiality.
`;

describe('parseQuiz', () => {
	it('reads scenarios, follow-up steps, options and feedback', () => {
		const { quiz, problems } = parseQuiz(goodQuiz, 'content/quizzes/basics-quiz.md', 'basics-quiz');
		expect(problems).toEqual([]);
		expect(quiz).toMatchObject({ slug: 'basics-quiz', module: 'basics', passMark: 80, attempts: 3, shuffle: true, draw: null, version: 1 });
		expect(quiz!.scenarios.map((s) => [s.id, s.steps.map((st) => [st.id, st.options.length, st.multiple])])).toEqual([
			['choose-school', [['choose-school', 2, false], ['choose-school-again', 2, false]]],
			['sharing', [['sharing', 3, true]]]
		]);
		const first = quiz!.scenarios[0]!.steps[0]!;
		expect(first.sceneHtml).toContain('Amira asks which school you would choose');
		expect(first.options.map((o) => [o.id, o.correct, o.html])).toEqual([['a', false, 'Tell her which school you would pick.'], ['b', true, 'Explain her options and where to find out more.']]);
		expect(first.options[0]!.feedbackHtml).toContain('That is directive advice');
	});

	const problemsOf = (text: string) => parseQuiz(text, 'content/quizzes/q.md', 'q').problems.map(formatProblem);
	const lineOf = (needle: string) => goodQuiz.split('\n').findIndex((l) => l.includes(needle)) + 1;

	it('reports a step with no correct option, an option without feedback, and too few options', () => {
		const broken = goodQuiz
			.replace('- [x] Explain her options', '- [ ] Explain her options')
			.replace('  > Silence does not help her decide.\n', '')
			.replace(/- \[x\] Ask whether[\s\S]*?Offer to pass on a message\.\n {2}> A way to help without sharing\.\n/, '');
		expect(problemsOf(broken)).toEqual([
			`content/quizzes/q.md:${lineOf('{#choose-school}')}: {#choose-school} has no correct option: mark one - [x]`,
			`content/quizzes/q.md:${lineOf('- [ ] Say nothing.')}: option has no feedback: add an indented > line under it explaining why`,
			expect.stringMatching(/^content\/quizzes\/q\.md:\d+: \{#sharing\} needs at least two options$/),
			expect.stringMatching(/^content\/quizzes\/q\.md:\d+: \{#sharing\} has no correct option: mark one - \[x\]$/)
		]);
	});

	it('reports duplicate ids, headings without ids, and a bad pass mark', () => {
		const broken = goodQuiz.replace('{#sharing}', '{#choose-school}').replace('pass_mark: 80', 'pass_mark: 120').replace('### She asks again {#choose-school-again}', '### She asks again');
		expect(problemsOf(broken)).toEqual([
			`content/quizzes/q.md:4: pass_mark: must be from 1 to 100`,
			`content/quizzes/q.md:${lineOf('### She asks again')}: heading "She asks again" needs a stable id at its end, like {#she-asks-again}`,
			`content/quizzes/q.md:${lineOf('{#sharing}')}: duplicate id {#choose-school}`
		]);
	});

	it('reports a pool larger than the scenarios there are', () => {
		expect(problemsOf(goodQuiz.replace('version: 1', 'version: 1\ndraw: 5'))).toEqual([`content/quizzes/q.md:8: draw: asks for 5 scenarios but the quiz has 2`]);
	});
});

describe('quizzes in the content tree', () => {
	const dirs: string[] = [];
	afterEach(() => {
		for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
	});

	/** quizModule replaces the quiz's module: line when it contains a colon (policy: x, say). */
	function loadWith(moduleQuiz: string | null, quizModule: string, policyQuiz?: string): string[] {
		const dir = mkdtempSync(join(tmpdir(), 'impartial-quizzes-'));
		dirs.push(dir);
		mkdirSync(join(dir, 'modules'));
		mkdirSync(join(dir, 'quizzes'));
		writeFileSync(join(dir, 'service.yml'), 'name: Test SEND Information, Advice and Support Service\nshort_name: Test SENDIASS\nbrand_colour: "#1d5c63"\ncontact_email: test@example.org\ncase_reference:\n  pattern: "^T-[0-9]+$"\n  example: T-1\nsupervision:\n  interval_days:\n    volunteer: 56\npolicies:\n  reacknowledge_months: 12\n');
		writeFileSync(join(dir, 'modules', '01-basics.md'), `---\ntitle: Basics\nsummary: The basics of impartiality.\nminutes: 5\naudiences: [volunteer]\nversion: 1\n${moduleQuiz ? `quiz: ${moduleQuiz}\n` : ''}objectives: [explain the basics]\n---\n\nText.\n`);
		writeFileSync(join(dir, 'quizzes', 'basics-quiz.md'), goodQuiz.replace('module: basics', quizModule.includes(':') ? quizModule : `module: ${quizModule}`));
		if (policyQuiz !== undefined) {
			mkdirSync(join(dir, 'policies', 'conduct'), { recursive: true });
			const front = `title: Conduct Policy\nversion: 1\neffective: 2026-01-01\nnext_review: 2027-01-01\naudiences: [volunteer]\nchange: major\nchanges: First version.\n${policyQuiz ? `quiz: ${policyQuiz}\n` : ''}`;
			writeFileSync(join(dir, 'policies', 'conduct', '1.md'), `---\n${front}---\n\nBe kind.\n`);
		}
		try {
			loadContent(dir);
			return [];
		} catch (err) {
			if (err instanceof ContentError) return err.problems.map(formatProblem);
			throw err;
		}
	}

	it('loads a quiz and the module that names it', () => {
		expect(loadWith('basics-quiz', 'basics')).toEqual([]);
	});

	it('reports an unknown module, and a module that does not name the quiz', () => {
		expect(loadWith('basics-quiz', 'nowhere')).toEqual(['content/quizzes/basics-quiz.md:3: module: no module "nowhere"']);
		expect(loadWith(null, 'basics')).toEqual(['content/quizzes/basics-quiz.md:3: module: content/modules/01-basics.md must name this quiz with "quiz: basics-quiz"']);
	});

	it("loads a policy's check quiz, and reports a policy and quiz that do not name each other", () => {
		expect(loadWith(null, 'policy: conduct', 'basics-quiz')).toEqual([]);
		expect(loadWith(null, 'policy: conduct', '')).toEqual(['content/quizzes/basics-quiz.md:3: policy: no version of "conduct" names this quiz with "quiz: basics-quiz"']);
		expect(loadWith(null, 'policy: nowhere', '')).toEqual(['content/quizzes/basics-quiz.md:3: policy: no policy "nowhere"']);
		expect(loadWith('basics-quiz', 'basics', 'basics-quiz')).toEqual(['content/policies/conduct/1.md:9: quiz: content/quizzes/basics-quiz.md must name this policy with "policy: conduct"']);
		expect(loadWith('basics-quiz', 'policy: conduct', 'basics-quiz')).toEqual(['content/modules/01-basics.md:7: quiz: "basics-quiz" is the check quiz for the policy "conduct", not a module\'s quiz']);
	});

	it('reports a quiz that names both a module and a policy, or neither', () => {
		expect(loadWith('basics-quiz', 'module: basics\npolicy: conduct', 'basics-quiz')).toContain(
			'content/quizzes/basics-quiz.md:3: module: must name either the module this quiz completes (module:) or the policy it checks (policy:), not both'
		);
		expect(loadWith(null, 'draw: 1', '')).toEqual(['content/quizzes/basics-quiz.md:2: module: must name either the module this quiz completes (module:) or the policy it checks (policy:), not both']);
	});

	it('warns, without refusing, when the right answer is the longest option in more than half the questions', () => {
		const question = (id: string, right: string, wrong: string) =>
			`## Question ${id} {#q-${id}}\n\nWhat do you do?\n\n- [x] ${right}\n  > Why.\n- [ ] ${wrong}\n  > Why not.\n`;
		const front = '---\ntitle: Lengths\nmodule: basics\npass_mark: 80\nattempts: 3\nversion: 1\n---\n\n';
		const longest = 'Explain the options and where to find out more.';
		const quiz = (rightLongest: number, of: number) =>
			parseQuiz(front + Array.from({ length: of }, (_, i) => (i < rightLongest ? question(String(i), longest, 'Pick one.') : question(String(i), 'Explain.', longest))).join('\n'), 'content/quizzes/lengths.md', 'lengths').quiz!;
		expect(longestAnswerWarning(quiz(3, 4), 2)).toEqual({
			file: 'content/quizzes/lengths.md',
			line: 2,
			message: 'the right answer is the longest option in 3 of 4 questions ({#q-0}, {#q-1}, {#q-2}): a learner can pass by picking the longest, so vary the lengths'
		});
		// Exactly half is not more than half; a question with several right answers is not counted.
		expect(longestAnswerWarning(quiz(2, 4))).toBeNull();
		// The sample above gives itself away: both right answers are the longer option.
		const { quiz: sample } = parseQuiz(goodQuiz, 'content/quizzes/basics-quiz.md', 'basics-quiz');
		expect(longestAnswerWarning(sample!)?.message).toMatch(/^the right answer is the longest option in 2 of 2 questions/);
	});

	it('ships quizzes whose right answers are not given away by their length', () => {
		expect(loadContent('content').warnings.map(formatProblem)).toEqual([]);
	});
});
