// Induction: registering module versions, recording what each person read and completed, and
// reporting progress to them, their supervisor and the coordinator.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Module } from '../content/modules';
import type { SessionPerson } from '../auth/sessions';
import { recordAudit } from '../audit';
import {
	inductionModulesFor,
	moduleStatus,
	overviewOf,
	type InductionOverview,
	type ModuleStatus,
	type Progress
} from './status';

export * from './status';

/** Registers every module's current text as an immutable version; returns slug → version id. */
export async function registerModuleVersions(db: Kysely<DB>, modules: Module[]): Promise<Map<string, string>> {
	if (!modules.length) return new Map();
	await db
		.insertInto('moduleVersion')
		.values(
			modules.map((m) => ({
				slug: m.slug,
				version: m.version,
				contentHash: m.hash,
				title: m.title,
				markdown: m.markdown
			}))
		)
		.onConflict((oc) => oc.columns(['slug', 'contentHash']).doNothing())
		.execute();
	const rows = await db
		.selectFrom('moduleVersion')
		.select(['id', 'slug', 'contentHash'])
		.where(
			'contentHash',
			'in',
			modules.map((m) => m.hash)
		)
		.execute();
	const bySlugHash = new Map(rows.map((r) => [`${r.slug}:${r.contentHash}`, r.id]));
	await registerInductionRequirements(db, modules);
	return new Map(modules.map((m) => [m.slug, bySlugHash.get(`${m.slug}:${m.hash}`)!]));
}

/**
 * Records which modules, at which versions, induction requires of which roles, and brings every
 * stored induction stage up to date with them (a raised version turns completions into reviews).
 * Triggers keep the stages right from then on, as progress and roles change.
 */
export async function registerInductionRequirements(db: Kysely<DB>, modules: Module[]): Promise<void> {
	const required = modules.filter((m) => m.induction);
	// Start-up runs this alone; the demo seed runs it inside its own transaction.
	const inTransaction = <T>(work: (trx: Kysely<DB>) => Promise<T>) =>
		db.isTransaction ? work(db) : db.transaction().execute(work);
	await inTransaction(async (trx) => {
		// Two instances starting together take turns rather than deadlock over the same rows.
		await sql`select pg_advisory_xact_lock(hashtext('impartial:induction_requirement'))`.execute(trx);
		await trx.deleteFrom('inductionRequirement').execute();
		if (required.length) {
			await trx
				.insertInto('inductionRequirement')
				.values(required.map((m) => ({ slug: m.slug, version: m.version, audiences: m.audiences })))
				.execute();
		}
		await sql`update person set induction_stage = induction_stage_of(id, roles) where induction_stage is distinct from induction_stage_of(id, roles)`.execute(
			trx
		);
	});
}

async function progressOf(db: Kysely<DB>, personId: string): Promise<Map<string, Progress>> {
	const rows = await db
		.selectFrom('moduleProgress')
		.select(['slug', 'startedAt', 'completedAt', 'completedVersion', 'outcome', 'lastViewedVersionId'])
		.where('personId', '=', personId)
		.execute();
	return new Map(rows.map((r) => [r.slug, r]));
}

export interface InductionItem {
	module: Pick<Module, 'slug' | 'title' | 'summary' | 'minutes' | 'version' | 'prerequisites' | 'changes'>;
	status: ModuleStatus;
	completedAt: Date | null;
}

/** A person's induction task list, in order, with minutes left. */
export async function inductionFor(db: Kysely<DB>, person: Pick<SessionPerson, 'id' | 'roles'>, modules: Module[]) {
	return inductionFromProgress(person, modules, await progressOf(db, person.id));
}

export function inductionFromProgress(
	person: Pick<SessionPerson, 'roles'>,
	modules: Module[],
	progress: ReadonlyMap<string, Progress>
) {
	const items: InductionItem[] = inductionModulesFor(modules, person.roles).map((m) => ({
		module: {
			slug: m.slug,
			title: m.title,
			summary: m.summary,
			minutes: m.minutes,
			version: m.version,
			prerequisites: m.prerequisites,
			changes: m.changes
		},
		status: moduleStatus(m, progress),
		completedAt: progress.get(m.slug)?.completedAt ?? null
	}));
	const minutesLeft = items.filter((i) => i.status !== 'completed').reduce((sum, i) => sum + i.module.minutes, 0);
	const next =
		items.find((i) => i.status === 'needs-review' || i.status === 'in-progress' || i.status === 'not-started') ?? null;
	return { items, minutesLeft, next, overview: overviewOf(items.map((i) => i.status)) };
}

/** One module as a person sees it; opening it marks it started and records the version seen. */
export async function openModule(db: Kysely<DB>, person: SessionPerson, module: Module, versionId: string) {
	const progress = await progressOf(db, person.id);
	const status = moduleStatus(module, progress);
	// Reading the same version again changes nothing, so it writes nothing.
	if (status !== 'cannot-start' && progress.get(module.slug)?.lastViewedVersionId !== versionId) {
		await db
			.insertInto('moduleProgress')
			.values({ personId: person.id, slug: module.slug, lastViewedVersionId: versionId })
			.onConflict((oc) => oc.columns(['personId', 'slug']).doUpdateSet({ lastViewedVersionId: versionId }))
			.execute();
	}
	const own = progress.get(module.slug);
	const missing = module.prerequisites.filter((p) => progress.get(p)?.completedVersion == null);
	return {
		status: status === 'not-started' ? ('in-progress' as const) : status,
		completedAt: own?.completedAt ?? null,
		completedVersion: own?.completedVersion ?? null,
		missingPrerequisites: missing
	};
}

export type CompleteResult = { ok: true } | { ok: false; message: string };

/** Marks the current version read and understood. Completing again is harmless. */
export async function completeModule(
	db: Kysely<DB>,
	person: SessionPerson,
	module: Module,
	versionId: string
): Promise<CompleteResult> {
	if (module.quiz) return { ok: false, message: 'This module is completed by passing its quiz.' };
	if (module.scenario) return { ok: false, message: 'This module is completed by working through its scenario.' };
	return db.transaction().execute(async (trx) => {
		const status = moduleStatus(module, await progressOf(trx, person.id));
		if (status === 'cannot-start') return { ok: false, message: 'Complete the modules this one builds on first.' };
		if (status !== 'completed')
			await recordCompletion(trx, person.id, module, versionId, 'read', status === 'needs-review');
		return { ok: true };
	});
}

/** Records a completion of a module's current version: by reading it, passing its quiz or finishing its scenario. */
export async function recordCompletion(
	trx: Kysely<DB>,
	personId: string,
	module: Module,
	versionId: string,
	method: 'read' | 'quiz' | 'scenario',
	review: boolean
): Promise<void> {
	const now = new Date();
	const completed = {
		completedAt: now,
		completedVersionId: versionId,
		completedVersion: module.version,
		lastViewedVersionId: versionId,
		outcome: null
	};
	await trx
		.insertInto('moduleProgress')
		.values({ personId, slug: module.slug, ...completed })
		.onConflict((oc) => oc.columns(['personId', 'slug']).doUpdateSet(completed))
		.execute();
	await trx.insertInto('moduleCompletion').values({ personId, moduleVersionId: versionId, method }).execute();
	await recordAudit(trx, {
		actorId: personId,
		action: 'module.completed',
		recordType: 'module',
		recordId: module.slug,
		detail: { version: module.version, hash: module.hash, review, method }
	});
}

/** All attempts at a module's quiz used without a pass: the module shows "Completed, did not pass". */
export async function recordDidNotPass(
	trx: Kysely<DB>,
	personId: string,
	module: Module,
	versionId: string
): Promise<void> {
	await trx
		.insertInto('moduleProgress')
		.values({ personId, slug: module.slug, lastViewedVersionId: versionId, outcome: 'did-not-pass' })
		.onConflict((oc) => oc.columns(['personId', 'slug']).doUpdateSet({ outcome: 'did-not-pass' }))
		.execute();
}

/** The text a person completed and the current text, for "What changed". */
export async function moduleChanges(db: Kysely<DB>, personId: string, module: Module) {
	const row = await db
		.selectFrom('moduleProgress')
		.innerJoin('moduleVersion', 'moduleVersion.id', 'moduleProgress.completedVersionId')
		.select(['moduleVersion.version', 'moduleVersion.markdown', 'moduleProgress.completedAt'])
		.where('moduleProgress.personId', '=', personId)
		.where('moduleProgress.slug', '=', module.slug)
		.executeTakeFirst();
	return row ?? null;
}

/** Completed and total induction modules for each of a page of people. */
export async function inductionCounts(
	db: Kysely<DB>,
	people: { id: string; roles: SessionPerson['roles'] }[],
	modules: Module[]
) {
	if (!people.length) return new Map<string, InductionOverview>();
	const rows = await db
		.selectFrom('moduleProgress')
		.select(['personId', 'slug', 'startedAt', 'completedAt', 'completedVersion', 'outcome'])
		.where(
			'personId',
			'in',
			people.map((p) => p.id)
		)
		.execute();
	const byPerson = new Map<string, Map<string, Progress>>();
	for (const r of rows) {
		if (!byPerson.has(r.personId)) byPerson.set(r.personId, new Map());
		byPerson.get(r.personId)!.set(r.slug, r);
	}
	return new Map(
		people.map((p) => {
			const progress = byPerson.get(p.id) ?? new Map();
			return [p.id, overviewOf(inductionModulesFor(modules, p.roles).map((m) => moduleStatus(m, progress)))];
		})
	);
}
