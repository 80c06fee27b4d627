// How people get on in a branching scenario: how many runs reached each ending, and at each step
// the commonest wrong turn (a choice scoring less than another at the same step).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { isWrongTurn, type BranchingScenario } from '../content/scenarios';
import { publishedCount, withheldText } from '../reports';

export async function scenarioInsights(db: Kysely<DB>, scenario: BranchingScenario) {
	const runs = db.selectFrom('scenarioRun').select('id').where('scenarioSlug', '=', scenario.slug);
	const [endings, choices, totals] = await Promise.all([
		db
			.selectFrom('scenarioRun')
			.select(['endingId', (eb) => eb.fn.countAll<string>().as('runs')])
			.where('scenarioSlug', '=', scenario.slug)
			.where('endingId', 'is not', null)
			.groupBy('endingId')
			.execute(),
		db
			.selectFrom('scenarioChoice')
			.select(['stepId', 'optionId', (eb) => eb.fn.countAll<string>().as('chosen')])
			.where('runId', 'in', runs)
			.groupBy(['stepId', 'optionId'])
			.execute(),
		db
			.selectFrom('scenarioRun')
			.select([
				sql<string>`count(*) filter (where ending_id is not null)`.as('finished'),
				sql<string>`count(distinct person_id) filter (where ending_id is not null)`.as('people')
			])
			.where('scenarioSlug', '=', scenario.slug)
			.executeTakeFirstOrThrow()
	]);
	const reached = new Map(endings.map((e) => [e.endingId, Number(e.runs)]));
	const chosen = new Map(choices.map((c) => [`${c.stepId}:${c.optionId}`, Number(c.chosen)]));
	const steps = scenario.steps
		.filter((s) => !s.outcome)
		.map((step) => {
			const counts = step.options.map((o) => ({ option: o, chosen: chosen.get(`${step.id}:${o.id}`) ?? 0 }));
			const wrong = counts
				.filter((c) => isWrongTurn(step, c.option) && c.chosen > 0)
				.sort((a, b) => b.chosen - a.chosen)[0];
			return {
				id: step.id,
				title: step.title,
				choices: counts.reduce((sum, c) => sum + c.chosen, 0),
				commonestWrongTurn: wrong ? { html: wrong.option.html, chosen: wrong.chosen } : null
			};
		});
	return {
		finished: Number(totals.finished),
		people: Number(totals.people),
		endings: scenario.steps
			.filter((s) => s.outcome)
			.map((e) => ({ id: e.id, title: e.title, outcome: e.outcome!, runs: reached.get(e.id) ?? 0 })),
		steps
	};
}

export type ScenarioInsights = Awaited<ReturnType<typeof scenarioInsights>>;

/** A count as shown: exact, or published (rounded, or withheld below the smallest group). */
export type ShownCount = { value: number | null; text: string };

/**
 * The insights as a viewer may see them. Coordinators see exact counts; the steering group sees
 * counts published as the reports publish them: withheld below `smallestGroup`, rounded above.
 */
export function shownInsights(insights: ScenarioInsights, exact: boolean, smallestGroup: number) {
	const show = (n: number): ShownCount => {
		const value = exact ? n : publishedCount(n, smallestGroup);
		return { value, text: value === null ? withheldText(smallestGroup) : String(value) };
	};
	return {
		exact,
		finished: show(insights.finished),
		people: show(insights.people),
		endings: insights.endings.map((e) => ({ ...e, runs: show(e.runs) })),
		steps: insights.steps.map((s) => ({
			...s,
			choices: show(s.choices),
			// A wrong turn taken by too few to publish is not named at all: naming it would say someone took it.
			commonestWrongTurn:
				s.commonestWrongTurn && (exact || publishedCount(s.commonestWrongTurn.chosen, smallestGroup) !== null)
					? { html: s.commonestWrongTurn.html, chosen: show(s.commonestWrongTurn.chosen) }
					: null,
			wrongTurnWithheld:
				!!s.commonestWrongTurn && !exact && publishedCount(s.commonestWrongTurn.chosen, smallestGroup) === null
		}))
	};
}
