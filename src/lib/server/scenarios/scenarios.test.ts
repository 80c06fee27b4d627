import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import type { Module } from '../content/modules';
import { parseScenario, type BranchingScenario } from '../content/scenarios';
import type { SessionPerson } from '../auth/sessions';
import { completeModule, inductionFor, registerModuleVersions } from '../induction';
import type { Quiz } from '../content/quizzes';
import { answerQuestion, registerQuizVersions, startAttempt, submitAttempt } from '../quizzes';
import { scenarioInsights, shownInsights, type ScenarioInsights } from './insights';
import {
	chooseOption,
	currentStep,
	goBack,
	restartRun,
	runResult,
	scenarioDone,
	scenarioStanding,
	startRun
} from './index';

const text = `---
title: A call about schools
summary: A parent asks which school you would choose.
audiences: [volunteer]
version: 1
---

## She asks what you would do {#asks}

Jo asks: "Which school would you pick?"

- [Tell her](#relies)
  > Your view is not information.
- [Say the choice is hers](#compares) {points=2}
  > Impartial and still helpful.

## She relies on you {#relies}

Jo says she will go with your choice.

- [Take it back](#compares) {points=1}
  > Better late than never.
- [Leave it there](#steered)
  > She decides on your opinion.

## She compares {#compares}

You go through the law.

- [Offer the factsheet](#informed) {points=2}
  > Written information helps.
- [Say the second school sounds better](#steered)
  > That is steering.

## She decides for herself {#informed .ending outcome=good}

Jo has what she needs.

## She follows your view {#steered .ending outcome=poor}

Jo's choice rests on your opinion.
`;

const scenario = parseScenario(text, 'content/scenarios/school-call.md', 'school-call').scenario!;
const changed: BranchingScenario = parseScenario(
	text.replace('version: 1', 'version: 2'),
	'content/scenarios/school-call.md',
	'school-call'
).scenario!;

const module: Module = {
	slug: 'basics',
	order: 1,
	file: 'content/modules/01-basics.md',
	title: 'Basics',
	summary: 'summary',
	minutes: 10,
	audiences: ['volunteer'],
	version: 1,
	induction: true,
	prerequisites: [],
	objectives: ['work through a call without taking sides'],
	scenario: 'school-call',
	hash: 'basics-hash',
	markdown: 'Text',
	html: '<p>Text</p>',
	sections: [],
	words: 1
};
const withQuiz: Module = {
	...module,
	slug: 'with-quiz',
	file: 'content/modules/02-with-quiz.md',
	quiz: 'with-quiz-quiz',
	hash: 'with-quiz-hash'
};

describe.each(testDatabaseKinds)('branching scenarios on %s', (kind) => {
	let test: TestDatabase;
	let people: SessionPerson[] = [];
	let versions: Map<string, string>;

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		const rows = await test.db
			.insertInto('person')
			.values(
				['walker', 'replayer', 'wanderer', 'quiz-taker'].map((n) => ({
					email: `${n}@example.org`,
					name: n,
					roles: ['volunteer' as const],
					status: 'active' as const
				}))
			)
			.returning(['id', 'name', 'email'])
			.execute();
		people = rows.map((r) => ({ ...r, roles: ['volunteer'], supervisorId: null }));
		versions = await registerModuleVersions(test.db, [module, withQuiz]);
	});
	afterAll(() => test.close());

	const stepOf = async (person: SessionPerson) => {
		const view = await currentStep(test.db, person.id, scenario);
		return view.kind === 'step' ? view.step.id : view.kind;
	};
	const requiredBy = () => [
		{ module, versionId: versions.get('basics')! },
		{ module: withQuiz, versionId: versions.get('with-quiz')! }
	];

	it('keeps the path on the server: a stale choice or back request changes nothing, and an ending finishes the run', async () => {
		const [walker] = people;
		expect(await currentStep(test.db, walker!.id, scenario)).toEqual({ kind: 'no-run' });
		const run = await startRun(test.db, walker!.id, scenario);
		expect(await startRun(test.db, walker!.id, scenario)).toBe(run);
		expect(await currentStep(test.db, walker!.id, scenario)).toMatchObject({
			kind: 'step',
			runId: run,
			number: 1,
			canGoBack: false
		});

		expect(await chooseOption(test.db, walker!.id, scenario, 'asks', 'z')).toEqual({
			ok: false,
			kind: 'invalid',
			message: 'Choose what you would do'
		});
		expect(await chooseOption(test.db, walker!.id, scenario, 'compares', 'a')).toEqual({ ok: false, kind: 'stale' });
		expect(await chooseOption(test.db, walker!.id, scenario, 'asks', 'a')).toEqual({ ok: true, finished: false });
		expect(await stepOf(walker!)).toBe('relies');
		// The page for the first step, sent again from the browser's history, is answered with the current step.
		expect(await chooseOption(test.db, walker!.id, scenario, 'asks', 'b')).toEqual({ ok: false, kind: 'stale' });
		expect(await stepOf(walker!)).toBe('relies');

		// "Go back one step" from an earlier page does nothing; from the current one it takes back the last choice.
		expect(await goBack(test.db, walker!.id, scenario, 'asks')).toBe(false);
		expect(await goBack(test.db, walker!.id, scenario, 'relies')).toBe(true);
		expect(await stepOf(walker!)).toBe('asks');
		expect(await goBack(test.db, walker!.id, scenario, 'asks')).toBe(false);

		await chooseOption(test.db, walker!.id, scenario, 'asks', 'a');
		await chooseOption(test.db, walker!.id, scenario, 'relies', 'a');
		const finished = await chooseOption(test.db, walker!.id, scenario, 'compares', 'a', requiredBy());
		expect(finished).toEqual({ ok: true, finished: true, runId: run });
		expect(await currentStep(test.db, walker!.id, scenario)).toEqual({ kind: 'no-run' });
		expect(await chooseOption(test.db, walker!.id, scenario, 'compares', 'b')).toEqual({ ok: false, kind: 'stale' });

		const result = await runResult(test.db, walker!.id, scenario, run);
		expect(result).toMatchObject({
			stale: false,
			ending: { id: 'informed', title: 'She decides for herself', outcome: 'good' }
		});
		if (!result || result.stale) throw new Error('expected a result');
		expect(result.path.map((p) => [p.step.id, p.chosen.html, p.chosen.wrongTurn])).toEqual([
			['asks', 'Tell her', true],
			['relies', 'Take it back', false],
			['compares', 'Offer the factsheet', false]
		]);
		expect(result.path[0]!.chosen.feedbackHtml).toContain('Your view is not information');
		// What the other choices would have led to.
		expect(result.path[0]!.others).toEqual([
			expect.objectContaining({
				html: 'Say the choice is hers',
				leadsTo: 'She compares',
				endings: [
					{ title: 'She decides for herself', outcome: 'good' },
					{ title: 'She follows your view', outcome: 'poor' }
				]
			})
		]);
		expect(result.path[1]!.others[0]).toMatchObject({
			html: 'Leave it there',
			endings: [{ title: 'She follows your view', outcome: 'poor' }]
		});
		// Someone else's run is not theirs to see.
		expect(await runResult(test.db, people[1]!.id, scenario, run)).toBeNull();
	});

	it('finishing completes a module that requires the scenario, and waits for the quiz when the module has one', async () => {
		const [walker] = people;
		expect(await scenarioDone(test.db, walker!.id, scenario)).toBe(true);
		expect(await scenarioDone(test.db, walker!.id, changed)).toBe(false);
		const induction = await inductionFor(test.db, walker!, [module, withQuiz]);
		expect(induction.items.map((i) => [i.module.slug, i.status])).toEqual([
			['basics', 'completed'],
			['with-quiz', 'not-started']
		]);
		const completion = await test.db
			.selectFrom('moduleCompletion')
			.select('method')
			.where('personId', '=', walker!.id)
			.execute();
		expect(completion).toEqual([{ method: 'scenario' }]);
		expect(await completeModule(test.db, people[3]!, module, versions.get('basics')!)).toEqual({
			ok: false,
			message: 'This module is completed by working through its scenario.'
		});

		// Someone who passed the module's quiz first completes it when they finish the scenario.
		const [, , , quizTaker] = people;
		const quizVersion = await test.db
			.insertInto('quizVersion')
			.values({ slug: 'with-quiz-quiz', version: 1, contentHash: 'with-quiz-quiz-hash' })
			.returning('id')
			.executeTakeFirstOrThrow();
		await test.db
			.insertInto('quizAttempt')
			.values({
				personId: quizTaker!.id,
				quizSlug: 'with-quiz-quiz',
				quizVersionId: quizVersion.id,
				steps: '[]',
				submittedAt: new Date(),
				score: 100,
				passed: true
			})
			.execute();
		await startRun(test.db, quizTaker!.id, scenario);
		await chooseOption(test.db, quizTaker!.id, scenario, 'asks', 'b', requiredBy());
		await chooseOption(test.db, quizTaker!.id, scenario, 'compares', 'a', requiredBy());
		const theirs = await inductionFor(test.db, quizTaker!, [module, withQuiz]);
		expect(theirs.items.map((i) => i.status)).toEqual(['completed', 'completed']);
	});

	it('passing the quiz of a module that also requires the scenario completes it only once the scenario is finished', async () => {
		const quiz: Quiz = {
			slug: 'with-quiz-quiz',
			file: 'content/quizzes/with-quiz-quiz.md',
			title: 'With quiz',
			module: 'with-quiz',
			policy: null,
			passMark: 50,
			attempts: null,
			shuffle: false,
			draw: null,
			version: 2,
			hash: 'with-quiz-quiz-hash-2',
			introHtml: '',
			scenarios: [
				{
					id: 'only',
					title: 'Only',
					steps: [
						{
							id: 'only',
							title: 'Only',
							sceneHtml: '<p>?</p>',
							options: [
								{ id: 'a', html: 'a', correct: true, feedbackHtml: '' },
								{ id: 'b', html: 'b', correct: false, feedbackHtml: '' }
							],
							multiple: false
						}
					]
				}
			]
		};
		const quizVersion = (await registerQuizVersions(test.db, [quiz])).get(quiz.slug)!;
		const completes = { module: withQuiz, versionId: versions.get('with-quiz')!, scenarioHash: scenario.hash };
		const pass = async (person: SessionPerson) => {
			const started = await startAttempt(test.db, person, quiz, quizVersion);
			if (!started.ok) throw new Error(started.message);
			await answerQuestion(test.db, person.id, quiz, 1, ['a']);
			return submitAttempt(test.db, person, quiz, started.attemptId, completes);
		};
		// The walker finished the scenario earlier: the pass completes the module.
		const [walker, replayer] = people;
		expect(await pass(walker!)).toMatchObject({ ok: true, passed: true });
		expect((await inductionFor(test.db, walker!, [withQuiz])).items[0]!.status).toBe('completed');
		// The replayer has not finished it yet: the pass is recorded, the module waits.
		expect(await pass(replayer!)).toMatchObject({ ok: true, passed: true });
		expect((await inductionFor(test.db, replayer!, [withQuiz])).items[0]!.status).not.toBe('completed');
	});

	it('replays to a different ending, and a run on an earlier text is closed rather than carried on', async () => {
		const [, replayer] = people;
		const first = await startRun(test.db, replayer!.id, scenario);
		await chooseOption(test.db, replayer!.id, scenario, 'asks', 'b');
		// Starting again part-way sets the run aside and begins at the first step.
		const second = await restartRun(test.db, replayer!.id, scenario);
		expect(second).not.toBe(first);
		expect(await stepOf(replayer!)).toBe('asks');
		await chooseOption(test.db, replayer!.id, scenario, 'asks', 'b');
		expect(await chooseOption(test.db, replayer!.id, scenario, 'compares', 'b')).toMatchObject({
			ok: true,
			finished: true
		});
		const third = await restartRun(test.db, replayer!.id, scenario);
		await chooseOption(test.db, replayer!.id, scenario, 'asks', 'b');
		await chooseOption(test.db, replayer!.id, scenario, 'compares', 'a');
		const standing = await scenarioStanding(test.db, replayer!.id, scenario);
		expect(standing.finished.map((r) => [r.id === third, r.endingId])).toEqual([
			[true, 'informed'],
			[false, 'steered']
		]);

		const [, , wanderer] = people;
		await startRun(test.db, wanderer!.id, scenario);
		await chooseOption(test.db, wanderer!.id, scenario, 'asks', 'a');
		// The scenario changes: the old run cannot go on, and a new one starts on the new text.
		expect(await chooseOption(test.db, wanderer!.id, changed, 'relies', 'b')).toEqual({ ok: false, kind: 'stale' });
		expect(await currentStep(test.db, wanderer!.id, changed)).toEqual({ kind: 'no-run' });
		await startRun(test.db, wanderer!.id, changed);
		const view = await currentStep(test.db, wanderer!.id, changed);
		expect(view).toMatchObject({ kind: 'step', number: 1, step: { id: 'asks' } });
	});

	it('counts the runs reaching each ending and finds the commonest wrong turn at each step', async () => {
		const insights = await scenarioInsights(test.db, scenario);
		expect(insights.finished).toBe(4);
		expect(insights.people).toBe(3);
		expect(insights.endings).toEqual([
			{ id: 'informed', title: 'She decides for herself', outcome: 'good', runs: 3 },
			{ id: 'steered', title: 'She follows your view', outcome: 'poor', runs: 1 }
		]);
		expect(insights.steps.map((s) => [s.id, s.choices, s.commonestWrongTurn])).toEqual([
			// A choice taken back with "Go back one step" is not counted; the wanderer's run on the earlier text is.
			['asks', 6, { html: 'Tell her', chosen: 2 }],
			// Taking it back is the best choice left at that step, so it is no wrong turn.
			['relies', 1, null],
			['compares', 4, { html: 'Say the second school sounds better', chosen: 1 }]
		]);
	});
});

describe('scenario insights as the steering group sees them', () => {
	const insights: ScenarioInsights = {
		finished: 12,
		people: 9,
		endings: [
			{ id: 'informed', title: 'She decides for herself', outcome: 'good', runs: 9 },
			{ id: 'steered', title: 'She follows your view', outcome: 'poor', runs: 3 }
		],
		steps: [
			{ id: 'asks', title: 'She asks', choices: 12, commonestWrongTurn: { html: 'Tell her', chosen: 2 } },
			{ id: 'compares', title: 'She compares', choices: 10, commonestWrongTurn: { html: 'Steer her', chosen: 6 } }
		]
	};

	it('withholds counts below the smallest group and rounds the rest; coordinators see them exact', () => {
		const steering = shownInsights(insights, false, 5);
		expect(steering.endings.map((e) => e.runs.text)).toEqual(['10', 'fewer than 5']);
		expect(steering.people.text).toBe('10');
		// A wrong turn too few people took is not named, since naming it would say someone took it.
		expect(steering.steps.map((s) => [s.commonestWrongTurn?.html ?? null, s.wrongTurnWithheld])).toEqual([
			[null, true],
			['Steer her', false]
		]);
		expect(steering.steps[1]!.commonestWrongTurn!.chosen.text).toBe('5');
		const coordinator = shownInsights(insights, true, 5);
		expect(coordinator.endings.map((e) => e.runs.text)).toEqual(['9', '3']);
		expect(coordinator.steps[0]!.commonestWrongTurn).toEqual({ html: 'Tell her', chosen: { value: 2, text: '2' } });
	});
});
