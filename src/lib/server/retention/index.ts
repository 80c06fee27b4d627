// Retention: takes out what has been kept for the period content/service.yml sets. Personal detail
// goes, but anything the advisory group's reports count is kept, anonymised, so a report for an
// earlier year gives the same figures before and after. One transaction, so a run is all or
// nothing; running it again finds nothing more to do.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema';
import type { RetentionPeriods } from '../content/service';
import { recordAudit } from '../audit';
import { removeOldIntake } from '../feedback';
import { defaultFeedbackRules } from '../content/service';

export interface RetentionCounts {
	/** Supervision, observation, review and casework sample records of leavers, reduced to what reports count. */
	supervisionRecordsAnonymised: number;
	/** Comments and addenda on those records, deleted. */
	recordNotesDeleted: number;
	agreedActionsDeleted: number;
	/** The draw of each casework sample (references entered, left out and drawn), deleted. */
	caseworkDrawsDeleted: number;
	/** Sampled cases kept for their grades, with their reference, comment and setting taken out. */
	sampledCasesAnonymised: number;
	/** Quiz attempts (with their answers) kept but detached from the person. */
	quizAttemptsAnonymised: number;
	auditEventsDeleted: number;
	peopleAnonymised: number;
	/** Audit entries that held an anonymised person's email address, which is taken out. */
	auditEntriesRedacted: number;
	/** Comments families wrote in the questionnaire, deleted; their chosen answers stay. */
	feedbackCommentsDeleted: number;
}

export type RetentionItemType = 'supervision-record' | 'quiz-attempt' | 'audit-event' | 'person' | 'feedback-comment';

/** One thing a run deletes or anonymises: its type and id, never what it said. */
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
			// The guards on supervision records, notes, sampled cases, actions and the audit log let
			// this transaction, and only this one, change and delete them: it names itself in
			// retention_run, which only the retention role (and the owner) may write to.
			await sql`insert into retention_run (xact) values (txid_current())`
				.execute(trx)
				.catch((err: { code?: string }) => {
					if (err.code !== '42501') throw err;
					throw new Error(
						'this connection may not take the retention path: run retention through the retention role (RETENTION_DATABASE_URL; see Database roles in the README)',
						{ cause: err }
					);
				});
			const run = await applyRetention(trx, periods, now, dryRun, () => signal?.throwIfAborted());
			if (dryRun) throw new DryRun(run);
			return run;
		});
	} catch (err) {
		if (err instanceof DryRun) return err.run;
		throw err;
	}
}

async function applyRetention(
	trx: Transaction<DB>,
	periods: RetentionPeriods,
	now: Date,
	dryRun: boolean,
	checkStopped: () => void
): Promise<RetentionRun> {
	const items: RetentionItem[] = [];
	const leftBefore = yearsBefore(now, periods.supervisionYearsAfterLeaving);
	const leavers = trx
		.selectFrom('person')
		.select('person.id')
		.where('person.status', '=', 'deactivated')
		.where('person.deactivatedAt', '<', leftBefore);

	// Supervision records about people who left long enough ago keep what the reports count (kind,
	// subject, date, status, observation grades, sampled cases' grades and whether a conflict was
	// found) and lose everything else: notes, actions, the sample's draw and all free text.
	const leaverRecords = trx
		.selectFrom('supervisionRecord')
		.select('supervisionRecord.id')
		.where('supervisionRecord.subjectId', 'in', leavers);
	const reducedDetails = sql<string>`case when r.kind = 'observation' then jsonb_build_object('criteria', coalesce(
			(select jsonb_agg(jsonb_build_object('criterion', g->'criterion', 'grade', g->'grade', 'evidence', '') order by n)
				from jsonb_array_elements(case when jsonb_typeof(r.details->'criteria') = 'array' then r.details->'criteria' else '[]'::jsonb end) with ordinality c(g, n)),
			'[]'::jsonb)) else '{}'::jsonb end`;
	const caseAnonymised = sql`sc.case_reference = 'removed-' || sc.position and sc.comment = '' and sc.setting is null and (sc.conflict is null or sc.conflict = 'withheld')
		and not exists (select 1 from jsonb_array_elements(sc.grades) g where g->>'evidence' <> '')`;
	const { rows: records } = await sql<{ id: string }>`
		select r.id from supervision_record r
		where r.id in (${leaverRecords}) and (r.details is distinct from ${reducedDetails}
			or exists (select 1 from record_note x where x.record_id = r.id)
			or exists (select 1 from agreed_action x where x.record_id = r.id)
			or exists (select 1 from casework_sample x where x.record_id = r.id)
			or exists (select 1 from sampled_case sc where sc.record_id = r.id and not (${caseAnonymised})))
		order by r.id`.execute(trx);
	const recordIds = records.map((r) => r.id);
	let notes = 0;
	let actions = 0;
	let draws = 0;
	let cases = 0;
	if (recordIds.length) {
		await sql`update supervision_record r set details = ${reducedDetails} where r.id = any(${recordIds}::uuid[]) and r.details is distinct from ${reducedDetails}`.execute(
			trx
		);
		notes = (await trx.deleteFrom('recordNote').where('recordId', 'in', recordIds).returning('id').execute()).length;
		actions = (await trx.deleteFrom('agreedAction').where('recordId', 'in', recordIds).returning('id').execute())
			.length;
		draws = (await trx.deleteFrom('caseworkSample').where('recordId', 'in', recordIds).returning('recordId').execute())
			.length;
		// Grades only ever hold a criterion and a grade for casework, but evidence is free text wherever it appears.
		const { rows } = await sql<{ id: string }>`
			update sampled_case sc set case_reference = 'removed-' || sc.position, comment = '', setting = null,
				conflict = case when sc.conflict is null then null else 'withheld' end,
				grades = coalesce((select jsonb_agg(case when jsonb_typeof(g) = 'object' and g ? 'evidence' then g || '{"evidence": ""}'::jsonb else g end order by n)
					from jsonb_array_elements(sc.grades) with ordinality c(g, n)), '[]'::jsonb)
			where sc.record_id = any(${recordIds}::uuid[]) and not (${caseAnonymised})
			returning sc.id`.execute(trx);
		cases = rows.length;
	}
	items.push(...recordIds.map((id) => ({ type: 'supervision-record' as const, id })));
	checkStopped();

	// Quiz attempts keep their answers for the reports but not who made them. They are detached a
	// calendar year at a time, as soon as the year's first attempts reach their period (so none is
	// kept longer than it), with one random key per person for the year: counts of distinct people
	// in a year's reports stay exactly as they were.
	const attemptedBefore = new Date(Date.UTC(yearsBefore(now, periods.quizAttemptYears).getUTCFullYear() + 1, 0, 1));
	const { rows: attempts } = await sql<{ id: string }>`
		update quiz_attempt a set person_id = null, anonymous_key = k.key
		from (
			select person_id, extract(year from started_at at time zone 'UTC') as year, gen_random_uuid() as key
			from quiz_attempt where started_at < ${attemptedBefore} and person_id is not null group by 1, 2
		) k
		where a.person_id = k.person_id and extract(year from a.started_at at time zone 'UTC') = k.year and a.started_at < ${attemptedBefore}
		returning a.id`.execute(trx);
	items.push(...attempts.map((a) => ({ type: 'quiz-attempt' as const, id: a.id })));
	checkStopped();

	// The audit log.
	const deletedEvents = await trx
		.deleteFrom('auditEvent')
		.where('at', '<', yearsBefore(now, periods.auditLogYears))
		.returning('id')
		.execute();
	items.push(...deletedEvents.map((e) => ({ type: 'audit-event' as const, id: String(e.id) })));
	checkStopped();

	// People who left long enough ago keep their row, so that counts by year stay true, but not
	// their name, email address or password.
	const toAnonymise = await trx
		.selectFrom('person')
		.select(['id', 'email'])
		.where('status', '=', 'deactivated')
		.where('deactivatedAt', '<', leftBefore)
		.where((eb) =>
			eb.or([
				eb('name', '!=', anonymisedName),
				eb('email', '!=', sql<string>`'removed-' || id || '@invalid'`),
				eb('passwordHash', 'is not', null)
			])
		)
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
		// Their link to a single sign-on identity holds the provider's email for them: it goes too,
		// as do what they wrote in their own training log, their sign-in factors, and the
		// certificates that name them (a verification code then reads as unknown).
		await trx.deleteFrom('oidcIdentity').where('personId', 'in', ids).execute();
		await trx.deleteFrom('trainingLogEntry').where('personId', 'in', ids).execute();
		await trx.deleteFrom('totpFactor').where('personId', 'in', ids).execute();
		await trx.deleteFrom('passkey').where('personId', 'in', ids).execute();
		await trx.deleteFrom('recoveryCode').where('personId', 'in', ids).execute();
		await trx.deleteFrom('certificate').where('personId', 'in', ids).execute();
		// Certificates they issued to others stand, but no longer name them: the service issues them.
		await sql`update certificate set facts = jsonb_set(facts, '{issuer}', 'null'::jsonb)
			where issued_by = any(${ids}::uuid[]) and facts->'issuer' <> 'null'::jsonb`.execute(trx);
		items.push(...ids.map((id) => ({ type: 'person' as const, id })));
	}

	// Families' comments go a set number of months after the month they came in (a child's name
	// may be in one); the answers they chose identify no one and stay for the reports. The form's
	// throttling rows go too, as they are no use after a day or two.
	const commentMonths = periods.feedbackCommentMonths ?? defaultFeedbackRules.commentRetentionMonths;
	const deletedComments = await trx
		.deleteFrom('feedbackComment')
		.where(
			'receivedMonth',
			'<',
			sql<string>`(date_trunc('month', ${now}::timestamptz) - make_interval(months => ${commentMonths}))::date`
		)
		.returning('id')
		.execute();
	items.push(...deletedComments.map((c) => ({ type: 'feedback-comment' as const, id: c.id })));
	await removeOldIntake(trx, now);
	checkStopped();

	const counts: RetentionCounts = {
		supervisionRecordsAnonymised: recordIds.length,
		recordNotesDeleted: notes,
		agreedActionsDeleted: actions,
		caseworkDrawsDeleted: draws,
		sampledCasesAnonymised: cases,
		quizAttemptsAnonymised: attempts.length,
		auditEventsDeleted: deletedEvents.length,
		peopleAnonymised: toAnonymise.length,
		auditEntriesRedacted: redacted,
		feedbackCommentsDeleted: deletedComments.length
	};
	// What retention removed or anonymised is itself a change to the records, so it is logged: how many, not what.
	if (!dryRun && Object.values(counts).some((n) => n > 0)) {
		await recordAudit(trx, {
			actorId: null,
			action: 'retention.applied',
			detail: { ...counts, periods: { ...periods } }
		});
	}
	return { dryRun, counts, items };
}
