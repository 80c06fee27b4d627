// Taking scenario quizzes: attempts pinned to a quiz version, answers saved as they are given,
// idempotent submission, and what a pass or a last failed attempt means for the module.
import { randomInt } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { AttemptStep, DB } from '../db/schema';
import type { Module } from '../content/modules';
import type { Quiz, QuizStep, Scenario } from '../content/quizzes';
import type { SessionPerson } from '../auth/sessions';
import { recordAudit } from '../audit';
import { recordCompletion, recordDidNotPass } from '../induction';
import { scenarioDone } from '../scenarios';

export async function registerQuizVersions(db: Kysely<DB>, quizzes: Quiz[]): Promise<Map<string, string>> {
	if (!quizzes.length) return new Map();
	await db
		.insertInto('quizVersion')
		.values(quizzes.map((q) => ({ slug: q.slug, version: q.version, contentHash: q.hash })))
		.onConflict((oc) => oc.columns(['slug', 'contentHash']).doNothing())
		.execute();
	const rows = await db
		.selectFrom('quizVersion')
		.select(['id', 'slug', 'contentHash'])
		.where(
			'contentHash',
			'in',
			quizzes.map((q) => q.hash)
		)
		.execute();
	const ids = new Map(rows.map((r) => [`${r.slug}:${r.contentHash}`, r.id]));
	return new Map(quizzes.map((q) => [q.slug, ids.get(`${q.slug}:${q.hash}`)!]));
}

function shuffled<T>(items: T[]): T[] {
	const copy = [...items];
	for (let i = copy.length - 1; i > 0; i--) {
		const j = randomInt(i + 1);
		[copy[i], copy[j]] = [copy[j]!, copy[i]!];
	}
	return copy;
}

/** The questions of a new attempt: scenarios drawn and shuffled as the quiz asks, steps in order. */
export function drawSteps(quiz: Quiz): AttemptStep[] {
	let scenarios = quiz.shuffle || quiz.draw ? shuffled(quiz.scenarios) : quiz.scenarios;
	if (quiz.draw) scenarios = scenarios.slice(0, quiz.draw);
	if (quiz.draw && !quiz.shuffle) scenarios = quiz.scenarios.filter((s) => scenarios.includes(s));
	return scenarios.flatMap((scenario) =>
		scenario.steps.map((step) => {
			const ids = step.options.map((o) => o.id);
			return { scenarioId: scenario.id, stepId: step.id, optionOrder: quiz.shuffle ? shuffled(ids) : ids };
		})
	);
}

interface AttemptRow {
	id: string;
	steps: AttemptStep[];
	startedAt: Date;
	submittedAt: Date | null;
	score: number | null;
	passed: boolean | null;
}

const attemptColumns = ['id', 'steps', 'startedAt', 'submittedAt', 'score', 'passed'] as const;

export interface QuizStanding {
	open: AttemptRow | null;
	submitted: AttemptRow[];
	used: number;
	remaining: number | null;
	passed: boolean;
	/** The open attempt's answers so far, by step. */
	answers: Map<string, string[]>;
}

export async function quizStanding(db: Kysely<DB>, personId: string, quiz: Quiz): Promise<QuizStanding> {
	// Every quiz page and every answer starts here, so the open attempt's answers come back with
	// the attempts in the same round trip.
	const attempts = await db
		.selectFrom('quizAttempt as t')
		.select(attemptColumns.map((c) => `t.${c}` as const))
		.select((eb) =>
			eb
				.selectFrom('quizAnswer as a')
				.select(
					sql<
						{ stepId: string; selected: string[] }[]
					>`json_agg(json_build_object('stepId', a.step_id, 'selected', a.selected))`.as('answers')
				)
				.whereRef('a.attemptId', '=', 't.id')
				.where('t.submittedAt', 'is', null)
				.as('answers')
		)
		.where('t.personId', '=', personId)
		.where('t.quizSlug', '=', quiz.slug)
		.orderBy('t.startedAt')
		.execute();
	const open = attempts.find((a) => !a.submittedAt) ?? null;
	const submitted = attempts.filter((a) => a.submittedAt && a.score !== null);
	const answers = new Map((open?.answers ?? []).map((a) => [a.stepId, a.selected]));
	const row = ({ answers: _, ...attempt }: (typeof attempts)[number]): AttemptRow => attempt;
	return {
		open: open && row(open),
		submitted: submitted.map(row),
		used: submitted.length,
		remaining: quiz.attempts === null ? null : Math.max(0, quiz.attempts - submitted.length),
		passed: submitted.some((a) => a.passed),
		answers
	};
}

export type StartResult = { ok: true; attemptId: string } | { ok: false; message: string };

/** Resumes the open attempt, or starts one when attempts remain. Two tabs get the same attempt. */
export async function startAttempt(
	db: Kysely<DB>,
	person: SessionPerson,
	quiz: Quiz,
	versionId: string
): Promise<StartResult> {
	const standing = await quizStanding(db, person.id, quiz);
	if (standing.open) return { ok: true, attemptId: standing.open.id };
	if (standing.remaining === 0)
		return { ok: false, message: 'You have used all your attempts at this quiz. Talk to your supervisor about it.' };
	await db
		.insertInto('quizAttempt')
		.values({
			personId: person.id,
			quizSlug: quiz.slug,
			quizVersionId: versionId,
			steps: JSON.stringify(drawSteps(quiz))
		})
		.onConflict((oc) => oc.columns(['personId', 'quizSlug']).where('submittedAt', 'is', null).doNothing())
		.execute();
	const open = await db
		.selectFrom('quizAttempt')
		.select('id')
		.where('personId', '=', person.id)
		.where('quizSlug', '=', quiz.slug)
		.where('submittedAt', 'is', null)
		.executeTakeFirstOrThrow();
	return { ok: true, attemptId: open.id };
}

function findStep(quiz: Quiz, ref: AttemptStep): { scenario: Scenario; step: QuizStep } | null {
	const scenario = quiz.scenarios.find((s) => s.id === ref.scenarioId);
	const step = scenario?.steps.find((s) => s.id === ref.stepId);
	return scenario && step ? { scenario, step } : null;
}

/** What a question is about, as its lists show it: a later part of a scenario adds its own title to the scenario's. */
function questionTitle(found: { scenario: Scenario; step: QuizStep } | null, fallback: string): string {
	if (!found) return fallback;
	return found.step.title === found.scenario.title
		? found.scenario.title
		: `${found.scenario.title}: ${found.step.title}`;
}

/** A question as check-your-answers lists it: its number, what it is about, and the answers chosen (null if none yet). */
export interface AnswerToCheck {
	number: number;
	title: string;
	answersHtml: string[] | null;
}

/** The open attempt's questions in the order asked, each with the answers chosen so far. */
export function answersToCheck(quiz: Quiz, standing: QuizStanding): AnswerToCheck[] {
	const steps = standing.open?.steps ?? [];
	return steps.map((ref, i) => {
		const found = findStep(quiz, ref);
		const selected = standing.answers.get(ref.stepId);
		const title = questionTitle(found, `Question ${i + 1}`);
		return {
			number: i + 1,
			title,
			answersHtml:
				selected && found ? found.step.options.filter((o) => selected.includes(o.id)).map((o) => o.html) : null
		};
	});
}

/** Where a question stands in the attempt: "Scenario 3 of 8", and step 2 of 2 within it. */
function position(steps: AttemptStep[], index: number) {
	const scenarioIds = [...new Set(steps.map((s) => s.scenarioId))];
	const ref = steps[index]!;
	const sameScenario = steps.filter((s) => s.scenarioId === ref.scenarioId);
	return {
		scenarioNumber: scenarioIds.indexOf(ref.scenarioId) + 1,
		scenarioCount: scenarioIds.length,
		stepNumber: sameScenario.indexOf(ref) + 1,
		stepCount: sameScenario.length
	};
}

export type QuestionView =
	| {
			kind: 'question';
			attemptId: string;
			number: number;
			total: number;
			scenarioTitle: string;
			step: QuizStep;
			optionOrder: string[];
			selected: string[];
			position: ReturnType<typeof position>;
			previousSceneHtml: string[];
	  }
	| { kind: 'not-yet'; firstUnanswered: number }
	| { kind: 'no-attempt' }
	| { kind: 'stale' };

/** Question `number` (1-based) of the open attempt; a follow-up step shows only once the step before it is answered. */
export async function questionOf(db: Kysely<DB>, personId: string, quiz: Quiz, number: number): Promise<QuestionView> {
	const standing = await quizStanding(db, personId, quiz);
	const attempt = standing.open;
	if (!attempt) return { kind: 'no-attempt' };
	if (number < 1 || number > attempt.steps.length)
		return { kind: 'not-yet', firstUnanswered: Math.min(standing.answers.size + 1, attempt.steps.length) };
	const answered = standing.answers;
	const firstUnanswered = attempt.steps.findIndex((s) => !answered.has(s.stepId)) + 1;
	if (firstUnanswered > 0 && number > firstUnanswered) return { kind: 'not-yet', firstUnanswered };
	const ref = attempt.steps[number - 1]!;
	const found = findStep(quiz, ref);
	if (!found) return { kind: 'stale' };
	// A follow-up step carries on the same story, so show the scenes before it.
	const earlier = attempt.steps.slice(0, number - 1).filter((s) => s.scenarioId === ref.scenarioId);
	const previousSceneHtml = earlier.map((s) => findStep(quiz, s)?.step.sceneHtml ?? '');
	return {
		kind: 'question',
		attemptId: attempt.id,
		number,
		total: attempt.steps.length,
		scenarioTitle: found.scenario.title,
		step: found.step,
		optionOrder: ref.optionOrder,
		selected: answered.get(ref.stepId) ?? [],
		position: position(attempt.steps, number - 1),
		previousSceneHtml
	};
}

export type AnswerResult = { ok: true; next: number | 'check' } | { ok: false; message: string };

/** The options chosen for a step, checked against it, and whether they are its right answer. */
function checkChoice(
	step: QuizStep,
	selected: string[]
): { ok: true; choice: string[]; correct: boolean } | { ok: false; message: string } {
	const valid = new Set(step.options.map((o) => o.id));
	const choice = [...new Set(selected)].filter((s) => valid.has(s)).sort();
	if (!choice.length)
		return { ok: false, message: step.multiple ? 'Select all the options that apply' : 'Select an option' };
	if (!step.multiple && choice.length > 1) return { ok: false, message: 'Select one option' };
	const correctIds = step.options
		.filter((o) => o.correct)
		.map((o) => o.id)
		.sort();
	const correct = correctIds.length === choice.length && correctIds.every((id, i) => id === choice[i]);
	return { ok: true, choice, correct };
}

/**
 * Saves the answer to question `number` of the person's open attempt. `shownStep` is the step the
 * question page showed (its form says which): an answer is saved only to that step, so a page left
 * open from an earlier attempt cannot answer a different question of a later one.
 */
export async function answerQuestion(
	db: Kysely<DB>,
	personId: string,
	quiz: Quiz,
	number: number,
	selected: string[],
	shownStep?: string
): Promise<AnswerResult> {
	const next = (total: number): AnswerResult => ({ ok: true, next: number < total ? number + 1 : 'check' });
	// The usual answer takes one statement: the step shown, found in the quiz, is saved if it is
	// this question's step in the open attempt.
	const shown = shownStep ? quiz.scenarios.flatMap((s) => s.steps).find((s) => s.id === shownStep) : undefined;
	const checked = shown && number >= 1 ? checkChoice(shown, selected) : null;
	if (shown && checked?.ok) {
		const total = await saveAnswer(db, { personId, quiz, number, stepId: shown.id, ...checked });
		if (total !== null) return next(total);
	}
	// Anything else (nothing chosen, no step said, a page from another attempt, a submission
	// meanwhile) is worked out from the attempt as it stands, which gives the message.
	const view = await questionOf(db, personId, quiz, number);
	if (view.kind !== 'question' || (shownStep !== undefined && view.step.id !== shownStep))
		return { ok: false, message: 'This question is not open. Go back to the quiz and carry on from there.' };
	const check = checkChoice(view.step, selected);
	if (!check.ok) return check;
	const total = await saveAnswer(db, {
		personId,
		quiz,
		number,
		stepId: view.step.id,
		attemptId: view.attemptId,
		...check
	});
	return total === null ? { ok: false, message: 'This attempt has already been submitted.' } : next(total);
}

/**
 * Saves an answer in one statement, returning how many questions the attempt has, or null when
 * nothing was saved. Answers can be changed until the attempt is submitted: the statement locks
 * the attempt, but only while it is open, so a submission under way makes it wait and then find
 * the attempt closed, and a submitted attempt is never touched. It saves only to the step at
 * this question's place, and only once every question before it is answered (answers are only
 * ever saved in order, so their count tells).
 */
async function saveAnswer(
	db: Kysely<DB>,
	answer: {
		personId: string;
		quiz: Quiz;
		number: number;
		stepId: string;
		/** The attempt the answer was worked out for, when it was read first. */
		attemptId?: string;
		choice: string[];
		correct: boolean;
	}
): Promise<number | null> {
	const { personId, quiz, number, stepId, attemptId, choice, correct } = answer;
	const { rows } = await sql<{ total: number }>`
		with open as (
			select t.id, jsonb_array_length(t.steps) as total from quiz_attempt t
			where t.person_id = ${personId} and t.quiz_slug = ${quiz.slug} and t.submitted_at is null
				and (${attemptId ?? null}::uuid is null or t.id = ${attemptId ?? null}::uuid)
				and t.steps -> (${number}::int - 1) ->> 'stepId' = ${stepId}
				and (select count(*) from quiz_answer a where a.attempt_id = t.id) >= ${number}::int - 1
			for update of t
		), saved as (
			insert into quiz_answer (attempt_id, step_id, selected, correct)
			select open.id, ${stepId}, ${choice}::text[], ${correct}::boolean from open
			on conflict (attempt_id, step_id) do update set selected = excluded.selected, correct = excluded.correct, answered_at = now()
			returning attempt_id
		)
		select open.total from saved join open on open.id = saved.attempt_id`.execute(db);
	return rows[0]?.total ?? null;
}

/** Whether the person has passed the quiz since a moment (ever, when null): a policy's check. */
export async function passedSince(
	db: Kysely<DB>,
	personId: string,
	quizSlug: string,
	since: Date | null
): Promise<boolean> {
	let query = db
		.selectFrom('quizAttempt')
		.select('id')
		.where('personId', '=', personId)
		.where('quizSlug', '=', quizSlug)
		.where('passed', '=', true);
	if (since) query = query.where('submittedAt', '>', since);
	return !!(await query.limit(1).executeTakeFirst());
}

export type SubmitResult =
	| { ok: true; attemptId: string; passed: boolean; score: number }
	| { ok: false; message: string; unanswered?: number[] };

/**
 * Submits the open attempt. Only the first of any number of simultaneous submissions changes it;
 * the rest see the result it recorded.
 */
export async function submitAttempt(
	db: Kysely<DB>,
	person: SessionPerson,
	quiz: Quiz,
	attemptId: string,
	/**
	 * The module a pass completes; null for a policy's check quiz, whose pass is only recorded. A
	 * module that also requires a scenario names its current text's hash.
	 */
	completes: { module: Module; versionId: string; scenarioHash?: string } | null
): Promise<SubmitResult> {
	return db.transaction().execute(async (trx) => {
		const attempt = await trx
			.selectFrom('quizAttempt')
			.select(attemptColumns)
			.where('id', '=', attemptId)
			.where('personId', '=', person.id)
			.where('quizSlug', '=', quiz.slug)
			.forUpdate()
			.executeTakeFirst();
		if (!attempt) return { ok: false, message: 'This attempt was not found.' };
		if (attempt.submittedAt) {
			return attempt.score === null
				? { ok: false, message: 'This attempt was closed because the quiz changed. Start again.' }
				: { ok: true, attemptId, passed: !!attempt.passed, score: attempt.score };
		}
		const answers = await trx
			.selectFrom('quizAnswer')
			.select(['stepId', 'correct'])
			.where('attemptId', '=', attemptId)
			.execute();
		const byStep = new Map(answers.map((a) => [a.stepId, a.correct]));
		const unanswered = attempt.steps.map((s, i) => (byStep.has(s.stepId) ? 0 : i + 1)).filter(Boolean);
		if (unanswered.length) return { ok: false, message: 'Answer every question before you submit', unanswered };
		const correct = attempt.steps.filter((s) => byStep.get(s.stepId)).length;
		const score = Math.round((100 * correct) / attempt.steps.length);
		const passed = score >= quiz.passMark;
		// Whether this is the person's first marked attempt at the quiz is settled now, once: the
		// reports count first attempts by month (see the migration keep_quiz_months).
		await trx
			.updateTable('quizAttempt')
			.set({
				submittedAt: new Date(),
				score,
				passed,
				firstAttempt: sql<boolean>`not exists (select 1 from quiz_attempt earlier
					where earlier.person_id = ${person.id} and earlier.quiz_slug = ${quiz.slug} and earlier.score is not null)`
			})
			.where('id', '=', attemptId)
			.execute();
		const used = Number(
			(
				await trx
					.selectFrom('quizAttempt')
					.select((eb) => eb.fn.countAll<string>().as('n'))
					.where('personId', '=', person.id)
					.where('quizSlug', '=', quiz.slug)
					.where('score', 'is not', null)
					.executeTakeFirstOrThrow()
			).n
		);
		await recordAudit(trx, {
			actorId: person.id,
			action: 'quiz.submitted',
			recordType: 'quiz-attempt',
			recordId: attemptId,
			detail: { quiz: quiz.slug, version: quiz.version, score, passed, attempt: used }
		});
		// A module that also requires its scenario is completed by whichever of the two comes last.
		const scenario = completes?.module.scenario;
		const waiting =
			!!scenario && !(await scenarioDone(trx, person.id, { slug: scenario, hash: completes!.scenarioHash ?? '' }));
		if (completes && passed && !waiting)
			await recordCompletion(trx, person.id, completes.module, completes.versionId, 'quiz', false);
		else if (completes && quiz.attempts !== null && used >= quiz.attempts)
			await recordDidNotPass(trx, person.id, completes.module, completes.versionId);
		return { ok: true, attemptId, passed, score };
	});
}

/**
 * Settles which marked attempts were each person's first at each quiz, for attempts written all at
 * once (the demo and the bench): the app settles it as each attempt is marked.
 */
export async function settleFirstAttempts(db: Kysely<DB>): Promise<void> {
	await sql`
		update quiz_attempt a set first_attempt = (o.n = 1)
		from (
			select id, row_number() over (partition by coalesce(person_id, anonymous_key), quiz_slug order by submitted_at, id) as n
			from quiz_attempt where score is not null
		) o
		where o.id = a.id and a.first_attempt is distinct from (o.n = 1)`.execute(db);
}

/** A submitted attempt with every question, the choice made, the right answer and all feedback. */
export async function attemptResults(db: Kysely<DB>, personId: string, quiz: Quiz, attemptId: string) {
	const attempt = await db
		.selectFrom('quizAttempt')
		.select(attemptColumns)
		.where('id', '=', attemptId)
		.where('personId', '=', personId)
		.where('quizSlug', '=', quiz.slug)
		.executeTakeFirst();
	if (!attempt?.submittedAt || attempt.score === null) return null;
	const answers = await db
		.selectFrom('quizAnswer')
		.select(['stepId', 'selected', 'correct'])
		.where('attemptId', '=', attemptId)
		.execute();
	const byStep = new Map(answers.map((a) => [a.stepId, a]));
	const questions = attempt.steps.map((ref) => {
		const found = findStep(quiz, ref);
		const answer = byStep.get(ref.stepId);
		return {
			stepId: ref.stepId,
			heading: questionTitle(found, ref.stepId),
			sceneHtml: found?.step.sceneHtml ?? '',
			correct: answer?.correct ?? false,
			options: ref.optionOrder.map((id) => {
				const option = found?.step.options.find((o) => o.id === id);
				return {
					id,
					html: option?.html ?? '',
					correct: option?.correct ?? false,
					chosen: answer?.selected.includes(id) ?? false,
					feedbackHtml: option?.feedbackHtml ?? ''
				};
			})
		};
	});
	return { attempt, questions };
}
