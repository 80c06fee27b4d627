import { sql, type Kysely } from 'kysely';

// The reports' figures and families' answers for each whole year that has ended, kept like the
// months (see 2026-12-06T0010_keep_report_months and 2026-12-10T0100_keep_feedback_months), so a
// report over ten years reads about ten rows of each rather than 120. A year stands only while no
// change is noted for any of its months, in the tables of changes the months already use: nothing
// new is noted on any write.
export async function up(db: Kysely<any>): Promise<void> {
	for (const table of ['report_year', 'feedback_year'])
		await sql`
			create table ${sql.table(table)} (
				year date primary key,
				figures jsonb not null,
				snapshot pg_snapshot not null,
				computed_at timestamptz not null default now()
			)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop table feedback_year`.execute(db);
	await sql`drop table report_year`.execute(db);
}
