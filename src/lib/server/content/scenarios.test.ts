import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContent } from './index';
import { ContentError, formatProblem } from './problems';
import { endingsFrom, isWrongTurn, parseScenario } from './scenarios';

const goodScenario = `---
title: A call about schools
summary: A parent asks which school you would choose.
audiences: [volunteer, staff]
version: 1
---

A parent phones the helpline.

## She asks what you would do {#asks}

Jo asks: "Which school would you pick?"

- [Tell her which school you would pick](#relies)
  > Your view is not information. It takes the decision from her.
- [Say the choice is hers, and offer to compare the options](#compares) {points=2}
  > Impartial and still helpful.

## She asks again {#relies}

Jo says she will go with your choice.

- [Take it back and help her compare](#compares) {points=1}
  > Better late than never.
- [Leave it there](#steered)
  > She now decides on your opinion.

## She compares {#compares}

You go through what the law says about naming a school.

- [Offer to send her the factsheet](#informed) {points=2}
  > Written information helps her weigh it up later.
- [Tell her the second school sounds better](#steered)
  > That is steering, however gently.

## She decides for herself {#informed .ending outcome=good}

Jo has what she needs to choose.

## She relies on your view {#steered .ending outcome=poor}

Jo's choice now rests on your opinion.
`;

const file = 'content/scenarios/s.md';
const problemsOf = (text: string) => parseScenario(text, file, 's').problems.map(formatProblem);
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('parseScenario', () => {
	it('reads steps, options with where they lead and their points, and endings with outcomes', () => {
		const { scenario, problems } = parseScenario(goodScenario, file, 's');
		expect(problems).toEqual([]);
		expect(scenario).toMatchObject({ slug: 's', title: 'A call about schools', audiences: ['volunteer', 'staff'], version: 1 });
		expect(scenario!.hash).toMatch(/^[0-9a-f]{64}$/);
		expect(scenario!.steps.map((s) => [s.id, s.outcome, s.options.map((o) => [o.id, o.next, o.points])])).toEqual([
			['asks', null, [['a', 'relies', 0], ['b', 'compares', 2]]],
			['relies', null, [['a', 'compares', 1], ['b', 'steered', 0]]],
			['compares', null, [['a', 'informed', 2], ['b', 'steered', 0]]],
			['informed', 'good', []],
			['steered', 'poor', []]
		]);
		const first = scenario!.steps[0]!;
		expect(first.html).toContain('Which school would you pick?');
		expect(first.options[0]!.html).toBe('Tell her which school you would pick');
		expect(first.options[0]!.feedbackHtml).toContain('Your view is not information');
		expect(scenario!.introHtml).toContain('A parent phones the helpline.');
		expect(isWrongTurn(first, first.options[0]!)).toBe(true);
		expect(isWrongTurn(first, first.options[1]!)).toBe(false);
		expect(endingsFrom(scenario!, 'relies').map((s) => s.id)).toEqual(['steered', 'informed']);
	});

	it('refuses an option leading to a step that does not exist, at the option', () => {
		const broken = goodScenario.replace('(#informed) {points=2}', '(#informd) {points=2}');
		expect(problemsOf(broken)).toEqual([
			`${file}:${lineOf(broken, '(#informd)')}: option leads to #informd, but there is no step {#informd}`,
			`${file}:${lineOf(broken, '{#informed .ending')}: no option leads to {#informed}: link to it with (#informed) or remove it`
		]);
	});

	it('refuses a step nothing leads to', () => {
		const broken = goodScenario.replace(
			'## She decides for herself',
			'## A step on its own {#alone}\n\nNothing leads here.\n\n- [Go on](#informed)\n  > Fine.\n- [Stop](#steered)\n  > Fine.\n\n## She decides for herself'
		);
		expect(problemsOf(broken)).toEqual([`${file}:${lineOf(broken, '{#alone}')}: no option leads to {#alone}: link to it with (#alone) or remove it`]);
	});

	it('refuses a step from which no ending can be reached', () => {
		// relies and compares now only lead to each other: a loop with no way out.
		const broken = goodScenario.replace('(#steered)\n  > She now decides', '(#compares)\n  > She now decides').replace('(#informed) {points=2}', '(#relies) {points=2}').replace('(#steered)\n  > That is steering', '(#relies)\n  > That is steering');
		expect(problemsOf(broken)).toEqual([
			`${file}:${lineOf(broken, '{#informed .ending')}: no option leads to {#informed}: link to it with (#informed) or remove it`,
			`${file}:${lineOf(broken, '{#steered .ending')}: no option leads to {#steered}: link to it with (#steered) or remove it`,
			`${file}:${lineOf(broken, '{#asks}')}: no ending can be reached from {#asks}: every path must lead to an ending`,
			`${file}:${lineOf(broken, '{#relies}')}: no ending can be reached from {#relies}: every path must lead to an ending`,
			`${file}:${lineOf(broken, '{#compares}')}: no ending can be reached from {#compares}: every path must lead to an ending`
		]);
	});

	it('refuses an ending with options', () => {
		const broken = goodScenario.replace("Jo's choice now rests on your opinion.", "Jo's choice now rests on your opinion.\n\n- [Try again](#asks)\n  > Another go.");
		expect(problemsOf(broken)).toEqual([`${file}:${lineOf(broken, '- [Try again](#asks)')}: ending {#steered} has options: an ending has a debrief and no options`]);
	});

	it('refuses a duplicate id, naming the line that has it first', () => {
		const broken = goodScenario.replace('{#steered .ending outcome=poor}', '{#informed .ending outcome=poor}').replaceAll('(#steered)', '(#informed)');
		const first = lineOf(broken, '## She decides for herself');
		expect(problemsOf(broken)).toEqual([`${file}:${lineOf(broken, '## She relies on your view')}: duplicate id {#informed}: line ${first} uses it too`]);
	});

	it('refuses an ending without an outcome or debrief, a step without options, and an option without a link or feedback', () => {
		const broken = goodScenario
			.replace('{#steered .ending outcome=poor}', '{#steered .ending}')
			.replace('Jo has what she needs to choose.\n', '')
			.replace('- [Leave it there](#steered)', '- Leave it there')
			.replace('  > Better late than never.\n', '');
		expect(problemsOf(broken)).toEqual([
			`${file}:${lineOf(broken, '- [Take it back')}: option has no feedback: add an indented > line under it`,
			`${file}:${lineOf(broken, '- Leave it there')}: every option must be a link to its next step, like - [What you say](#next-step)`,
			`${file}:${lineOf(broken, '{#steered .ending}')}: ending {#steered} needs an outcome: add outcome=good, mixed or poor`,
			`${file}:${lineOf(broken, '{#relies}')}: {#relies} needs at least two options`,
			`${file}:${lineOf(broken, '{#informed .ending')}: ending {#informed} has no debrief: say what went well and what to do differently`
		]);
	});

	it('refuses a heading without an id and a bad outcome', () => {
		const broken = goodScenario.replace('## She asks again {#relies}', '## She asks again').replace('outcome=good', 'outcome=great');
		expect(problemsOf(broken)).toEqual(
			expect.arrayContaining([
				`${file}:${lineOf(broken, '## She asks again')}: step "She asks again" needs a stable id at its end, like {#she-asks-again}`,
				`${file}:${lineOf(broken, 'outcome=great')}: outcome=great: must be one of good, mixed, poor`
			])
		);
	});
});

describe('scenarios in the content tree', () => {
	const dirs: string[] = [];
	afterEach(() => {
		for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
	});

	function loadWith(moduleScenario: string, scenarioText = goodScenario): string[] {
		const dir = mkdtempSync(join(tmpdir(), 'impartial-scenarios-'));
		dirs.push(dir);
		mkdirSync(join(dir, 'modules'));
		mkdirSync(join(dir, 'scenarios'));
		writeFileSync(join(dir, 'service.yml'), 'name: Test SEND Information, Advice and Support Service\nshort_name: Test SENDIASS\nbrand_colour: "#1d5c63"\ncontact_email: test@example.org\ncase_reference:\n  pattern: "^T-[0-9]+$"\n  example: T-1\nsupervision:\n  interval_days:\n    volunteer: 56\npolicies:\n  reacknowledge_months: 12\n');
		writeFileSync(join(dir, 'modules', '01-basics.md'), `---\ntitle: Basics\nsummary: The basics of impartiality.\nminutes: 5\naudiences: [volunteer]\nversion: 1\nobjectives:\n  - work through a call without taking sides\nscenario: ${moduleScenario}\n---\n\nText.\n`);
		writeFileSync(join(dir, 'scenarios', 'school-call.md'), scenarioText);
		try {
			loadContent(dir);
			return [];
		} catch (err) {
			if (err instanceof ContentError) return err.problems.map(formatProblem);
			throw err;
		}
	}

	it('loads a module that requires a scenario that exists', () => {
		expect(loadWith('school-call')).toEqual([]);
	});

	it('refuses a module naming a scenario that does not exist, at its scenario: line', () => {
		expect(loadWith('school-cal')).toEqual(['content/modules/01-basics.md:9: scenario: no scenario "school-cal" (expected content/scenarios/school-cal.md)']);
	});

	it('reports a broken scenario with its path and line', () => {
		const broken = goodScenario.replace('(#informed) {points=2}', '(#nowhere) {points=2}');
		expect(loadWith('school-call', broken)).toContain(`content/scenarios/school-call.md:${lineOf(broken, '(#nowhere)')}: option leads to #nowhere, but there is no step {#nowhere}`);
	});
});
