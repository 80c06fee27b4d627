// Retention: removes what has been kept for the period content/service.yml sets, and anonymises
// people who left long enough ago. One transaction, so a run is all or nothing; running it again
// finds nothing more to do. People's rows stay, so yearly counts of people, completions and
// acknowledgements do not change.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema';
import type { RetentionPeriods } from '../content/service';
import { recordAudit } from '../audit';

export interface RetentionCounts {
	/** Supervision, observation and review records and casework samples. */
	supervisionRecords: number;
	recordNotes: number;
	agreedActions: number;
	caseworkSamples: number;
	sampledCases: number;
	quizAttempts: number;
	quizAnswers: number;
	auditEvents: number;
	peopleAnonymised: number;
	/** Audit entries that held an anonymised person's email address, which is taken out. */
	auditEntriesRedacted: number;
}

export type RetentionItemType = 'supervision-record' | 'quiz-attempt' | 'audit-event' | 'person';

/** One thing a run removes or anonymises: its type and id, never what it said. */
export interface RetentionItem {
	type: RetentionItemType;
	id: string;
}

export interface RetentionRun {
	dryRun: boolean;
	counts: RetentionCounts;
	items: RetentionItem[];
}

export interface RetentionOptions {
	/** The clock: retention periods are counted back from this moment. */
	now?: Date;
	/** Do the work and roll it back: a real run's counts and items, with nothing changed. */
	dryRun?: boolean;
	/** Stops the run at its next statement, rolling it back (the server shutting down). */
	signal?: AbortSignal;
}

export const anonymisedName = 'Former member';

/** The moment `years` calendar years before `now`. */
function yearsBefore(now: Date, years: number): Date {
	const d = new Date(now);
	d.setUTCFullYear(d.getUTCFullYear() - years);
	return d;
}

class DryRun extends Error {
	constructor(readonly run: RetentionRun) {
		super('dry run: rolled back');
	}
}

/**
 * Applies the retention periods as at `now`. A dry run does exactly the same work and then rolls
 * it back, so the counts it gives are the counts a real run would give.
 */
export async function runRetention(
	db: Kysely<DB>,
	periods: RetentionPeriods,
	options: RetentionOptions = {}
): Promise<RetentionRun> {
	const now = options.now ?? new Date();
	const dryRun = options.dryRun ?? false;
	const signal = options.signal;
	try {
		return await db.transaction().execute(async (trx) => {
			// Instances run this daily; one at a time, so two runs never wait on each other's rows.
			await sql`select pg_advisory_xact_lock(hashtext('impartial.retention'))`.execute(trx);
			signal?.throwIfAborted();
			// The guards on supervision records, notes, sampled cases and the audit log let this
			// transaction, and only this one, delete.
			await sql`set local impartial.retention = 'on'`.execute(trx);
			const run = await applyRetention(trx, periods, now, dryRun, () => signal?.throwIfAborted());
			if (dryRun) throw new DryRun(run);
			return run;
		});
	} catch (err) {
		if (err instanceof DryRun) return err.run;
		throw err;
	}
}

async function applyRetention(trx: Transaction<DB>, periods: RetentionPeriods, now: Date, dryRun: boolean, checkStopped: () => void): Promise<RetentionRun> {
	const items: RetentionItem[] = [];
	const leftBefore = yearsBefore(now, periods.supervisionYearsAfterLeaving);
	const leavers = trx.selectFrom('person').select('person.id').where('person.status', '=', 'deactivated').where('person.deactivatedAt', '<', leftBefore);

	// Supervision records about people who left long enough ago, and everything that hangs off them.
	const records = trx.selectFrom('supervisionRecord').select('supervisionRecord.id').where('supervisionRecord.subjectId', 'in', leavers);
	const notes = await trx.deleteFrom('recordNote').where('recordId', 'in', records).returning('id').execute();
	const actions = await trx.deleteFrom('agreedAction').where('recordId', 'in', records).returning('id').execute();
	const cases = await trx.deleteFrom('sampledCase').where('recordId', 'in', records).returning('id').execute();
	const samples = await trx.deleteFrom('caseworkSample').where('recordId', 'in', records).returning('recordId').execute();
	const deletedRecords = await trx.deleteFrom('supervisionRecord').where('subjectId', 'in', leavers).returning('id').execute();
	items.push(...deletedRecords.map((r) => ({ type: 'supervision-record' as const, id: r.id })));
	checkStopped();

	// Quiz attempts, counted from when each was started, with their answers.
	const attemptedBefore = yearsBefore(now, periods.quizAttemptYears);
	const attempts = trx.selectFrom('quizAttempt').select('quizAttempt.id').where('quizAttempt.startedAt', '<', attemptedBefore);
	const answers = await trx.deleteFrom('quizAnswer').where('attemptId', 'in', attempts).returning('attemptId').execute();
	const deletedAttempts = await trx.deleteFrom('quizAttempt').where('startedAt', '<', attemptedBefore).returning('id').execute();
	items.push(...deletedAttempts.map((a) => ({ type: 'quiz-attempt' as const, id: a.id })));
	checkStopped();

	// The audit log.
	const deletedEvents = await trx.deleteFrom('auditEvent').where('at', '<', yearsBefore(now, periods.auditLogYears)).returning('id').execute();
	items.push(...deletedEvents.map((e) => ({ type: 'audit-event' as const, id: String(e.id) })));
	checkStopped();

	// People who left long enough ago keep their row, so that counts by year stay true, but not
	// their name, email address or password.
	const toAnonymise = await trx
		.selectFrom('person')
		.select(['id', 'email'])
		.where('status', '=', 'deactivated')
		.where('deactivatedAt', '<', leftBefore)
		.where((eb) => eb.or([eb('name', '!=', anonymisedName), eb('email', '!=', sql<string>`'removed-' || id || '@invalid'`), eb('passwordHash', 'is not', null)]))
		.execute();
	let redacted = 0;
	if (toAnonymise.length) {
		const ids = toAnonymise.map((p) => p.id);
		// Sign-in and password-reset entries keep the email address typed; take it out of those
		// about these people, and of those that name their address without knowing who it was.
		const emails = toAnonymise.map((p) => p.email.toLowerCase());
		const { rows } = await sql<{ id: string }>`
			update audit_event set detail = detail - 'email'
			where detail ? 'email' and ((record_type = 'person' and record_id = any(${ids}::text[])) or lower(detail->>'email') = any(${emails}::text[]))
			returning id`.execute(trx);
		redacted = rows.length;
		await trx
			.updateTable('person')
			.set({ name: anonymisedName, email: sql<string>`'removed-' || id || '@invalid'`, passwordHash: null })
			.where('id', 'in', ids)
			.execute();
		items.push(...ids.map((id) => ({ type: 'person' as const, id })));
	}

	const counts: RetentionCounts = {
		supervisionRecords: deletedRecords.length,
		recordNotes: notes.length,
		agreedActions: actions.length,
		caseworkSamples: samples.length,
		sampledCases: cases.length,
		quizAttempts: deletedAttempts.length,
		quizAnswers: answers.length,
		auditEvents: deletedEvents.length,
		peopleAnonymised: toAnonymise.length,
		auditEntriesRedacted: redacted
	};
	// What retention removed is itself a change to the records, so it is logged: how many, not what.
	if (!dryRun && Object.values(counts).some((n) => n > 0)) {
		await recordAudit(trx, { actorId: null, action: 'retention.applied', detail: { ...counts, periods: { ...periods } } });
	}
	return { dryRun, counts, items };
}
