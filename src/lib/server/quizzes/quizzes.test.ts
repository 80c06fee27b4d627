import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import type { Module } from '../content/modules';
import type { Quiz } from '../content/quizzes';
import type { SessionPerson } from '../auth/sessions';
import { inductionFor, registerModuleVersions } from '../induction';
import { quizInsights } from './insights';
import {
	answerQuestion,
	answersToCheck,
	attemptResults,
	drawSteps,
	questionOf,
	quizStanding,
	registerQuizVersions,
	startAttempt,
	submitAttempt
} from './index';

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
	objectives: [],
	quiz: 'basics-quiz',
	hash: 'basics-hash',
	markdown: 'Text',
	html: '<p>Text</p>',
	sections: [],
	words: 1
};

const option = (id: string, correct: boolean) => ({
	id,
	html: `option ${id}`,
	correct,
	feedbackHtml: `<p>because ${id}</p>`
});

const quiz: Quiz = {
	slug: 'basics-quiz',
	file: 'content/quizzes/basics-quiz.md',
	title: 'Basics quiz',
	module: 'basics',
	policy: null,
	passMark: 60,
	attempts: 2,
	shuffle: false,
	draw: null,
	version: 1,
	hash: 'quiz-hash',
	introHtml: '',
	scenarios: [
		{
			id: 'school',
			title: 'Choosing a school',
			steps: [
				{
					id: 'school',
					title: 'Choosing a school',
					sceneHtml: '<p>Which school?</p>',
					options: [option('a', false), option('b', true)],
					multiple: false
				},
				{
					id: 'school-again',
					title: 'Asked again',
					sceneHtml: '<p>Again?</p>',
					options: [option('a', true), option('b', false)],
					multiple: false
				}
			]
		},
		{
			id: 'sharing',
			title: 'Sharing',
			steps: [
				{
					id: 'sharing',
					title: 'Sharing',
					sceneHtml: '<p>Share?</p>',
					options: [option('a', true), option('b', true), option('c', false)],
					multiple: true
				}
			]
		}
	]
};

describe.each(testDatabaseKinds)('quizzes on %s', (kind) => {
	let test: TestDatabase;
	let quizVersion: string;
	let moduleVersion: string;
	let people: SessionPerson[] = [];

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		const rows = await test.db
			.insertInto('person')
			.values(
				['passer', 'racer', 'struggler'].map((n) => ({
					email: `${n}@example.org`,
					name: n,
					roles: ['volunteer' as const],
					status: 'active' as const
				}))
			)
			.returning(['id', 'name', 'email'])
			.execute();
		people = rows.map((r) => ({ ...r, roles: ['volunteer'], supervisorId: null }));
		moduleVersion = (await registerModuleVersions(test.db, [module])).get('basics')!;
		quizVersion = (await registerQuizVersions(test.db, [quiz])).get('basics-quiz')!;
	});
	afterAll(() => test.close());

	async function answerAll(person: SessionPerson, answers: string[][]) {
		for (const [i, selected] of answers.entries()) {
			expect(await answerQuestion(test.db, person.id, quiz, i + 1, selected)).toMatchObject({ ok: true });
		}
	}

	it('resumes one attempt across tabs, reveals follow-ups in order, and passing completes the module', async () => {
		const [passer] = people;
		const first = await startAttempt(test.db, passer!, quiz, quizVersion);
		const second = await startAttempt(test.db, passer!, quiz, quizVersion);
		expect(first).toEqual(second);

		const ahead = await questionOf(test.db, passer!.id, quiz, 3);
		expect(ahead).toEqual({ kind: 'not-yet', firstUnanswered: 1 });
		expect(await answerQuestion(test.db, passer!.id, quiz, 1, [])).toEqual({ ok: false, message: 'Select an option' });
		expect(await answerQuestion(test.db, passer!.id, quiz, 1, ['a', 'b'])).toEqual({
			ok: false,
			message: 'Select one option'
		});
		expect(await answerQuestion(test.db, passer!.id, quiz, 1, ['z'])).toEqual({
			ok: false,
			message: 'Select an option'
		});

		await answerQuestion(test.db, passer!.id, quiz, 1, ['b']);
		// Check your answers names each question and shows what was chosen, and marks what is not yet answered.
		expect(answersToCheck(quiz, await quizStanding(test.db, passer!.id, quiz))).toEqual([
			{ number: 1, title: 'Choosing a school', answersHtml: ['option b'] },
			{ number: 2, title: 'Choosing a school: Asked again', answersHtml: null },
			{ number: 3, title: 'Sharing', answersHtml: null }
		]);
		await answerAll(passer!, [['b'], ['a'], ['a', 'b']]);
		expect(answersToCheck(quiz, await quizStanding(test.db, passer!.id, quiz)).map((q) => q.answersHtml)).toEqual([
			['option b'],
			['option a'],
			['option a', 'option b']
		]);
		const question = await questionOf(test.db, passer!.id, quiz, 2);
		expect(question).toMatchObject({
			kind: 'question',
			selected: ['a'],
			position: { scenarioNumber: 1, scenarioCount: 2, stepNumber: 2, stepCount: 2 },
			previousSceneHtml: ['<p>Which school?</p>']
		});

		const attemptId = first.ok ? first.attemptId : '';
		const result = await submitAttempt(test.db, passer!, quiz, attemptId, { module, versionId: moduleVersion });
		expect(result).toEqual({ ok: true, attemptId, passed: true, score: 100 });
		expect((await inductionFor(test.db, passer!, [module])).items[0]!.status).toBe('completed');

		const results = await attemptResults(test.db, passer!.id, quiz, attemptId);
		expect(results!.questions[2]!.options.map((o) => [o.id, o.chosen, o.correct, o.feedbackHtml])).toEqual([
			['a', true, true, '<p>because a</p>'],
			['b', true, true, '<p>because b</p>'],
			['c', false, false, '<p>because c</p>']
		]);
		// A submitted attempt is closed to further answers.
		expect(await answerQuestion(test.db, passer!.id, quiz, 1, ['a'])).toMatchObject({ ok: false });
	});

	it('turns twenty simultaneous submissions into one submitted attempt', async () => {
		const racer = people[1]!;
		const started = await startAttempt(test.db, racer, quiz, quizVersion);
		const attemptId = started.ok ? started.attemptId : '';
		await answerAll(racer, [['b'], ['a'], ['c']]);
		const results = await Promise.all(
			Array.from({ length: 20 }, () =>
				submitAttempt(test.db, racer, quiz, attemptId, { module, versionId: moduleVersion })
			)
		);
		expect(new Set(results.map((r) => JSON.stringify(r)))).toEqual(
			new Set([JSON.stringify({ ok: true, attemptId, passed: true, score: 67 })])
		);
		const attempts = await test.db
			.selectFrom('quizAttempt')
			.select(['id', 'score'])
			.where('personId', '=', racer.id)
			.execute();
		expect(attempts).toEqual([{ id: attemptId, score: 67 }]);
		const audits = await test.db
			.selectFrom('auditEvent')
			.select('id')
			.where('action', '=', 'quiz.submitted')
			.where('recordId', '=', attemptId)
			.execute();
		expect(audits).toHaveLength(1);
	});

	it('refuses to submit with questions unanswered, and marks the module "did not pass" when attempts run out', async () => {
		const struggler = people[2]!;
		for (let attempt = 1; attempt <= 2; attempt++) {
			const started = await startAttempt(test.db, struggler, quiz, quizVersion);
			const attemptId = started.ok ? started.attemptId : '';
			await answerQuestion(test.db, struggler.id, quiz, 1, ['a']);
			expect(await submitAttempt(test.db, struggler, quiz, attemptId, { module, versionId: moduleVersion })).toEqual({
				ok: false,
				message: 'Answer every question before you submit',
				unanswered: [2, 3]
			});
			await answerAll(struggler, [['a'], ['b'], ['c']]);
			expect(
				await submitAttempt(test.db, struggler, quiz, attemptId, { module, versionId: moduleVersion })
			).toMatchObject({ ok: true, passed: false, score: 0 });
		}
		expect(await startAttempt(test.db, struggler, quiz, quizVersion)).toEqual({
			ok: false,
			message: 'You have used all your attempts at this quiz. Talk to your supervisor about it.'
		});
		expect(await quizStanding(test.db, struggler.id, quiz)).toMatchObject({ used: 2, remaining: 0, passed: false });
		expect((await inductionFor(test.db, struggler, [module])).items[0]!.status).toBe('did-not-pass');
		// Only the first marked attempt is the person's first, for the reports.
		const marked = await test.db
			.selectFrom('quizAttempt')
			.select('firstAttempt')
			.where('personId', '=', struggler.id)
			.orderBy('submittedAt')
			.execute();
		expect(marked.map((a) => a.firstAttempt)).toEqual([true, false]);
	});

	it('counts each option chosen and flags the questions most get wrong', async () => {
		const insights = await quizInsights(test.db, quiz, {});
		expect(insights).toMatchObject({ attempts: 4, passed: 2, people: 3 });
		const sharing = insights.questions.find((q) => q.id === 'sharing')!;
		expect(sharing).toMatchObject({ answers: 4, shareCorrect: 0.25, struggling: true });
		expect(sharing.options.map((o) => [o.id, o.chosen])).toEqual([
			['a', 1],
			['b', 1],
			['c', 3]
		]);
		expect(insights.questions.find((q) => q.id === 'school')).toMatchObject({
			answers: 4,
			shareCorrect: 0.5,
			struggling: false
		});
		expect(await quizInsights(test.db, quiz, { role: 'staff' })).toMatchObject({ attempts: 0 });
		expect(await quizInsights(test.db, quiz, { to: '2020-01-01' })).toMatchObject({ attempts: 0 });
	});

	it('never changes an answer once the attempt it belongs to is submitted, even in a race', async () => {
		const racer = people[1]!;
		const started = await startAttempt(test.db, racer, quiz, quizVersion);
		const attemptId = started.ok ? started.attemptId : '';
		await answerAll(racer, [['b'], ['a'], ['c']]);
		// Changing the last answer to the right one while submitting: it lands before the
		// submission and counts, or finds the attempt closed; never in between.
		const [submitted, changed] = await Promise.all([
			submitAttempt(test.db, racer, quiz, attemptId, { module, versionId: moduleVersion }),
			answerQuestion(test.db, racer.id, quiz, 3, ['a', 'b'], 'sharing')
		]);
		expect(submitted).toMatchObject({ ok: true });
		const stored = await test.db
			.selectFrom('quizAnswer')
			.select(['stepId', 'correct'])
			.where('attemptId', '=', attemptId)
			.execute();
		const score = Math.round((stored.filter((a) => a.correct).length / stored.length) * 100);
		expect(submitted).toMatchObject({ score });
		// The change counted (all three right), or it found the attempt closed and the score stands.
		expect(score).toBe(changed.ok ? 100 : 67);
		expect(await answerQuestion(test.db, racer.id, quiz, 3, ['c'])).toMatchObject({ ok: false });
	});

	it('saves an answer only to the step its page showed, in one statement', async () => {
		// A quiz of its own, so the counts other tests expect stay theirs.
		const shown: Quiz = { ...quiz, slug: 'shown-step-quiz', hash: 'shown-step-hash' };
		const version = (await registerQuizVersions(test.db, [shown])).get(shown.slug)!;
		const row = await test.db
			.insertInto('person')
			.values({ email: 'shown@example.org', name: 'shown', roles: ['volunteer'], status: 'active' })
			.returning(['id', 'name', 'email'])
			.executeTakeFirstOrThrow();
		const person: SessionPerson = { ...row, roles: ['volunteer'], supervisorId: null };
		const notOpen = { ok: false, message: 'This question is not open. Go back to the quiz and carry on from there.' };
		const answers = async () =>
			answersToCheck(shown, await quizStanding(test.db, person.id, shown)).map((q) => q.answersHtml);
		const started = await startAttempt(test.db, person, shown, version);

		expect(await answerQuestion(test.db, person.id, shown, 1, ['b'], 'school')).toEqual({ ok: true, next: 2 });
		// Another question's step, a step the quiz does not have, and a question not yet reached save nothing.
		expect(await answerQuestion(test.db, person.id, shown, 2, ['a'], 'sharing')).toEqual(notOpen);
		expect(await answerQuestion(test.db, person.id, shown, 2, ['a'], 'no-such-step')).toEqual(notOpen);
		expect(await answerQuestion(test.db, person.id, shown, 3, ['a'], 'sharing')).toEqual(notOpen);
		expect(await answerQuestion(test.db, person.id, shown, 0, ['a'], 'sharing')).toEqual(notOpen);
		// A choice the step does not offer gets the step's own message.
		expect(await answerQuestion(test.db, person.id, shown, 2, ['z'], 'school-again')).toEqual({
			ok: false,
			message: 'Select an option'
		});
		expect(await answers()).toEqual([['option b'], null, null]);

		// An answer changed, then the rest, the last going on to checking.
		expect(await answerQuestion(test.db, person.id, shown, 1, ['a'], 'school')).toEqual({ ok: true, next: 2 });
		expect(await answerQuestion(test.db, person.id, shown, 2, ['a'], 'school-again')).toEqual({ ok: true, next: 3 });
		expect(await answerQuestion(test.db, person.id, shown, 3, ['b', 'a'], 'sharing')).toEqual({
			ok: true,
			next: 'check'
		});
		expect(await answers()).toEqual([['option a'], ['option a'], ['option a', 'option b']]);
		// Marked as the long way marks them: the first wrong, the other two right.
		const attemptId = started.ok ? started.attemptId : '';
		expect(await submitAttempt(test.db, person, shown, attemptId, null)).toMatchObject({ ok: true, score: 67 });
		// A page left open after submitting saves nothing.
		expect(await answerQuestion(test.db, person.id, shown, 1, ['b'], 'school')).toEqual(notOpen);
		const stored = await test.db
			.selectFrom('quizAnswer')
			.select(['stepId', 'selected', 'correct'])
			.where('attemptId', '=', attemptId)
			.orderBy('stepId')
			.execute();
		expect(stored).toEqual([
			{ stepId: 'school', selected: ['a'], correct: false },
			{ stepId: 'school-again', selected: ['a'], correct: true },
			{ stepId: 'sharing', selected: ['a', 'b'], correct: true }
		]);
	});

	it('draws and shuffles as the quiz asks', () => {
		const drawn = drawSteps({ ...quiz, draw: 1, shuffle: true });
		expect(new Set(drawn.map((s) => s.scenarioId)).size).toBe(1);
		const all = drawSteps(quiz);
		expect(all.map((s) => s.stepId)).toEqual(['school', 'school-again', 'sharing']);
		expect(all.map((s) => s.optionOrder)).toEqual([
			['a', 'b'],
			['a', 'b'],
			['a', 'b', 'c']
		]);
	});
});
