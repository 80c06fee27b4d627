import { sql, type Kysely } from 'kysely';

// The steering group's report reads a period's quiz attempts, supervision records and sampled
// cases for a few columns each. These indexes carry those columns, so the report reads narrow
// index entries rather than the wide rows (answers, record documents) of years of history.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create index quiz_attempt_report_idx on quiz_attempt (submitted_at)
		include (quiz_slug, person_id, anonymous_key, passed) where submitted_at is not null`.execute(db);
	await sql`create index supervision_record_kind_held_covering_idx on supervision_record (kind, held_on) include (status, subject_id, id)`.execute(
		db
	);
	await sql`drop index supervision_record_kind_held_idx`.execute(db);
	await sql`create index sampled_case_reviewed_idx on sampled_case (record_id) include (conflict) where reviewed_at is not null`.execute(
		db
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop index sampled_case_reviewed_idx`.execute(db);
	await sql`create index supervision_record_kind_held_idx on supervision_record (kind, held_on)`.execute(db);
	await sql`drop index supervision_record_kind_held_covering_idx`.execute(db);
	await sql`drop index quiz_attempt_report_idx`.execute(db);
}
