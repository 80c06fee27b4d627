// Where people struggle: for each question of a quiz, how many chose each option and the share
// who answered correctly, over submitted attempts, by role and period.
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { roles, type DB } from '../db/schema';
import type { Quiz } from '../content/quizzes';
import { dayField } from '../forms';
import { hasRole } from '../db/has-role';

// Filters read from the address: a date that is not a real one is dropped, like any other bad filter.
const isoDate = dayField('the date', '2026-11-02').optional().catch(undefined);

export const insightsFilterSchema = z.object({
	role: z.enum(roles).optional().catch(undefined),
	from: isoDate,
	to: isoDate
});
export type InsightsFilter = z.output<typeof insightsFilterSchema>;

/** Below this share correct a question is flagged: a training need, or a badly written question. */
export const struggleThreshold = 0.5;

export async function quizInsights(db: Kysely<DB>, quiz: Quiz, filter: InsightsFilter) {
	let attempts = db
		.selectFrom('quizAttempt')
		.innerJoin('person', 'person.id', 'quizAttempt.personId')
		.select('quizAttempt.id')
		.where('quizAttempt.quizSlug', '=', quiz.slug)
		.where('quizAttempt.score', 'is not', null);
	if (filter.role) attempts = attempts.where(hasRole(filter.role, sql.ref('person.roles')));
	if (filter.from) attempts = attempts.where('quizAttempt.submittedAt', '>=', new Date(`${filter.from}T00:00:00Z`));
	if (filter.to)
		attempts = attempts.where(
			'quizAttempt.submittedAt',
			'<',
			new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 86_400_000)
		);

	const [steps, choices, totals] = await Promise.all([
		db
			.selectFrom('quizAnswer')
			.select([
				'stepId',
				(eb) => eb.fn.countAll<string>().as('answers'),
				sql<string>`count(*) filter (where correct)`.as('correct')
			])
			.where('attemptId', 'in', attempts)
			.groupBy('stepId')
			.execute(),
		db
			.selectFrom(
				sql<{
					stepId: string;
					optionId: string;
				}>`(select a.step_id, unnest(a.selected) as option_id from quiz_answer a where a.attempt_id in (${attempts}))`.as(
					'c'
				)
			)
			.select(['c.stepId', 'c.optionId', (eb) => eb.fn.countAll<string>().as('chosen')])
			.groupBy(['c.stepId', 'c.optionId'])
			.execute(),
		db
			.selectFrom('quizAttempt')
			.select([
				(eb) => eb.fn.countAll<string>().as('attempts'),
				sql<string>`count(*) filter (where passed)`.as('passed'),
				sql<string>`count(distinct person_id)`.as('people')
			])
			.where('id', 'in', attempts)
			.executeTakeFirstOrThrow()
	]);

	const byStep = new Map(steps.map((s) => [s.stepId, { answers: Number(s.answers), correct: Number(s.correct) }]));
	const chosen = new Map(choices.map((c) => [`${c.stepId}:${c.optionId}`, Number(c.chosen)]));
	const questions = quiz.scenarios.flatMap((scenario) =>
		scenario.steps.map((step) => {
			const counts = byStep.get(step.id) ?? { answers: 0, correct: 0 };
			const share = counts.answers ? counts.correct / counts.answers : null;
			return {
				id: step.id,
				scenarioTitle: scenario.title,
				title: step.title,
				answers: counts.answers,
				shareCorrect: share,
				struggling: share !== null && share < struggleThreshold,
				options: step.options.map((o) => ({
					id: o.id,
					html: o.html,
					correct: o.correct,
					chosen: chosen.get(`${step.id}:${o.id}`) ?? 0
				}))
			};
		})
	);
	return {
		attempts: Number(totals.attempts),
		passed: Number(totals.passed),
		people: Number(totals.people),
		questions
	};
}
