// Working through branching scenarios: a run pinned to the scenario's text, its choices kept in
// order on the server (so the browser's back button cannot change the path), replays, and the
// module a finished run completes.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Module } from '../content/modules';
import { endingsFrom, isWrongTurn, type BranchingScenario, type ScenarioStep } from '../content/scenarios';
import { recordAudit } from '../audit';
import { recordCompletion } from '../induction';

const runColumns = ['id', 'contentHash', 'currentStep', 'endingId', 'startedAt', 'finishedAt'] as const;

export interface RunRow {
	id: string;
	contentHash: string;
	currentStep: string;
	endingId: string | null;
	startedAt: Date;
	finishedAt: Date | null;
}

export interface ScenarioStanding {
	/** The run in progress on the current text, if any. */
	open: RunRow | null;
	/** Runs that reached an ending, newest first. */
	finished: (RunRow & { endingId: string })[];
	/** Whether a run on the current text reached an ending: what a module that requires it asks. */
	done: boolean;
}

/**
 * A person's runs at a scenario. A run left open on an earlier text is closed first: its steps
 * may no longer exist, so it cannot be carried on.
 */
export async function scenarioStanding(
	db: Kysely<DB>,
	personId: string,
	scenario: BranchingScenario
): Promise<ScenarioStanding> {
	await db
		.updateTable('scenarioRun')
		.set({ finishedAt: new Date() })
		.where('personId', '=', personId)
		.where('scenarioSlug', '=', scenario.slug)
		.where('finishedAt', 'is', null)
		.where('contentHash', '!=', scenario.hash)
		.execute();
	const runs = await db
		.selectFrom('scenarioRun')
		.select(runColumns)
		.where('personId', '=', personId)
		.where('scenarioSlug', '=', scenario.slug)
		.orderBy('startedAt', 'desc')
		.execute();
	const finished = runs.filter((r): r is RunRow & { endingId: string } => r.endingId !== null);
	return {
		open: runs.find((r) => !r.finishedAt) ?? null,
		finished,
		done: finished.some((r) => r.contentHash === scenario.hash)
	};
}

/** Carries on the run in progress, or starts one at the first step. Two tabs get the same run. */
export async function startRun(db: Kysely<DB>, personId: string, scenario: BranchingScenario): Promise<string> {
	const standing = await scenarioStanding(db, personId, scenario);
	if (standing.open) return standing.open.id;
	await db
		.insertInto('scenarioRun')
		.values({
			personId,
			scenarioSlug: scenario.slug,
			scenarioVersion: scenario.version,
			contentHash: scenario.hash,
			currentStep: scenario.steps[0]!.id
		})
		.onConflict((oc) => oc.columns(['personId', 'scenarioSlug']).where('finishedAt', 'is', null).doNothing())
		.execute();
	const open = await db
		.selectFrom('scenarioRun')
		.select('id')
		.where('personId', '=', personId)
		.where('scenarioSlug', '=', scenario.slug)
		.where('finishedAt', 'is', null)
		.executeTakeFirstOrThrow();
	return open.id;
}

/** Starting again: the run in progress is set aside (kept, with no ending) and a new one begins. */
export async function restartRun(db: Kysely<DB>, personId: string, scenario: BranchingScenario): Promise<string> {
	await db
		.updateTable('scenarioRun')
		.set({ finishedAt: new Date() })
		.where('personId', '=', personId)
		.where('scenarioSlug', '=', scenario.slug)
		.where('finishedAt', 'is', null)
		.execute();
	return startRun(db, personId, scenario);
}

export type StepView =
	{ kind: 'step'; runId: string; step: ScenarioStep; number: number; canGoBack: boolean } | { kind: 'no-run' };

/** The step the person's run is at, as the server knows it. */
export async function currentStep(db: Kysely<DB>, personId: string, scenario: BranchingScenario): Promise<StepView> {
	const { open } = await scenarioStanding(db, personId, scenario);
	const step = open && scenario.stepById.get(open.currentStep);
	if (!open || !step) return { kind: 'no-run' };
	const made = await db
		.selectFrom('scenarioChoice')
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.where('runId', '=', open.id)
		.executeTakeFirstOrThrow();
	const n = Number(made.n);
	return { kind: 'step', runId: open.id, step, number: n + 1, canGoBack: n > 0 };
}

export type ChoiceResult =
	| { ok: true; finished: false }
	| { ok: true; finished: true; runId: string }
	/** The choice was for a step the run is no longer at (a stale page, another tab): show the current step. */
	| { ok: false; kind: 'stale' }
	| { ok: false; kind: 'invalid'; message: string };

/** A module that requires this scenario, with its current version: finishing may complete it. */
export interface RequiredBy {
	module: Module;
	versionId: string;
}

/**
 * Records a choice at `stepId`, only while the run is at that step, and moves the run on. A run
 * that reaches an ending is finished, and completes any module that requires the scenario and
 * asks for nothing more.
 */
export async function chooseOption(
	db: Kysely<DB>,
	personId: string,
	scenario: BranchingScenario,
	stepId: string,
	optionId: string | null,
	requiredBy: RequiredBy[] = []
): Promise<ChoiceResult> {
	return db.transaction().execute(async (trx) => {
		const run = await trx
			.selectFrom('scenarioRun')
			.select(runColumns)
			.where('personId', '=', personId)
			.where('scenarioSlug', '=', scenario.slug)
			.where('contentHash', '=', scenario.hash)
			.where('finishedAt', 'is', null)
			.forUpdate()
			.executeTakeFirst();
		if (!run || run.currentStep !== stepId) return { ok: false, kind: 'stale' } as const;
		const step = scenario.stepById.get(stepId);
		const option = step?.options.find((o) => o.id === optionId);
		if (!step || !option) return { ok: false, kind: 'invalid', message: 'Choose what you would do' } as const;
		const made = await trx
			.selectFrom('scenarioChoice')
			.select((eb) => eb.fn.countAll<string>().as('n'))
			.where('runId', '=', run.id)
			.executeTakeFirstOrThrow();
		await trx
			.insertInto('scenarioChoice')
			.values({ runId: run.id, position: Number(made.n) + 1, stepId, optionId: option.id })
			.execute();
		const next = scenario.stepById.get(option.next)!;
		if (!next.outcome) {
			await trx.updateTable('scenarioRun').set({ currentStep: next.id }).where('id', '=', run.id).execute();
			return { ok: true, finished: false } as const;
		}
		await trx
			.updateTable('scenarioRun')
			.set({ currentStep: next.id, endingId: next.id, finishedAt: new Date() })
			.where('id', '=', run.id)
			.execute();
		await recordAudit(trx, {
			actorId: personId,
			action: 'scenario.finished',
			recordType: 'scenario-run',
			recordId: run.id,
			detail: { scenario: scenario.slug, version: scenario.version, hash: scenario.hash, ending: next.id }
		});
		for (const { module, versionId } of requiredBy) {
			if (module.scenario !== scenario.slug) continue;
			// A module with a quiz as well is completed by whichever of the two comes last.
			if (module.quiz && !(await quizPassed(trx, personId, module.quiz))) continue;
			await recordCompletion(trx, personId, module, versionId, 'scenario', false);
		}
		return { ok: true, finished: true, runId: run.id } as const;
	});
}

/**
 * Takes back the last choice, only while the run is at `fromStepId`: pressing "Go back one step"
 * on a page that is no longer current changes nothing.
 */
export async function goBack(
	db: Kysely<DB>,
	personId: string,
	scenario: BranchingScenario,
	fromStepId: string
): Promise<boolean> {
	return db.transaction().execute(async (trx) => {
		const run = await trx
			.selectFrom('scenarioRun')
			.select(['id', 'currentStep'])
			.where('personId', '=', personId)
			.where('scenarioSlug', '=', scenario.slug)
			.where('contentHash', '=', scenario.hash)
			.where('finishedAt', 'is', null)
			.forUpdate()
			.executeTakeFirst();
		if (!run || run.currentStep !== fromStepId) return false;
		const last = await trx
			.deleteFrom('scenarioChoice')
			.where('runId', '=', run.id)
			.where('position', '=', (eb) =>
				eb
					.selectFrom('scenarioChoice')
					.select((e) => e.fn.max('position').as('p'))
					.where('runId', '=', run.id)
			)
			.returning('stepId')
			.executeTakeFirst();
		if (!last) return false;
		await trx.updateTable('scenarioRun').set({ currentStep: last.stepId }).where('id', '=', run.id).execute();
		return true;
	});
}

async function quizPassed(db: Kysely<DB>, personId: string, quizSlug: string): Promise<boolean> {
	const row = await db
		.selectFrom('quizAttempt')
		.select('id')
		.where('personId', '=', personId)
		.where('quizSlug', '=', quizSlug)
		.where('passed', '=', true)
		.limit(1)
		.executeTakeFirst();
	return !!row;
}

/** Whether a module's scenario, if it names one, has been finished on its current text. */
export async function scenarioDone(
	db: Kysely<DB>,
	personId: string,
	scenario: Pick<BranchingScenario, 'slug' | 'hash'>
): Promise<boolean> {
	const row = await db
		.selectFrom('scenarioRun')
		.select('id')
		.where('personId', '=', personId)
		.where('scenarioSlug', '=', scenario.slug)
		.where('contentHash', '=', scenario.hash)
		.where('endingId', 'is not', null)
		.limit(1)
		.executeTakeFirst();
	return !!row;
}

/** A finished run: the path taken with the feedback on each choice, what the others led to, and the ending. */
export async function runResult(db: Kysely<DB>, personId: string, scenario: BranchingScenario, runId: string) {
	const run = await db
		.selectFrom('scenarioRun')
		.select(runColumns)
		.where('id', '=', runId)
		.where('personId', '=', personId)
		.where('scenarioSlug', '=', scenario.slug)
		.executeTakeFirst();
	if (!run?.endingId || !run.finishedAt) return null;
	// A run on an earlier text cannot be shown against the current one.
	if (run.contentHash !== scenario.hash) return { stale: true as const, run };
	const ending = scenario.stepById.get(run.endingId);
	if (!ending) return null;
	const choices = await db
		.selectFrom('scenarioChoice')
		.select(['stepId', 'optionId'])
		.where('runId', '=', runId)
		.orderBy('position')
		.execute();
	const path = choices.map((c) => {
		const step = scenario.stepById.get(c.stepId)!;
		const chosen = step.options.find((o) => o.id === c.optionId)!;
		return {
			step: { id: step.id, title: step.title },
			chosen: { html: chosen.html, feedbackHtml: chosen.feedbackHtml, wrongTurn: isWrongTurn(step, chosen) },
			others: step.options
				.filter((o) => o.id !== c.optionId)
				.map((o) => {
					const next = scenario.stepById.get(o.next)!;
					return {
						html: o.html,
						feedbackHtml: o.feedbackHtml,
						wrongTurn: isWrongTurn(step, o),
						leadsTo: next.title,
						endsThere: !!next.outcome,
						endings: endingsFrom(scenario, o.next).map((e) => ({ title: e.title, outcome: e.outcome! }))
					};
				})
		};
	});
	return {
		stale: false as const,
		run,
		ending: { id: ending.id, title: ending.title, outcome: ending.outcome!, html: ending.html },
		path
	};
}

/** A person's runs of the given scenarios, in one query: which texts they finished, and which are open. */
export async function runsOf(db: Kysely<DB>, personId: string, slugs: string[]) {
	if (!slugs.length) return [];
	return db
		.selectFrom('scenarioRun')
		.select(['scenarioSlug', 'contentHash', 'endingId', 'finishedAt'])
		.where('personId', '=', personId)
		.where('scenarioSlug', 'in', slugs)
		.execute();
}
