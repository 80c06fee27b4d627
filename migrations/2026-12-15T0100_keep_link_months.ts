import { sql, type Kysely } from 'kysely';

// The responses through each feedback link in each month that has ended, kept like the service's
// monthly counts in `feedback_month` and made stale by the same notes in `feedback_month_change`
// (a response written into, taken out of or moved between ended months, or its link removed). The
// list of links counted every response through every link on each view: at 2,500 responses a link
// that was half a millisecond of the database's time per link, and it grows every month.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create table feedback_link_month (
			month date primary key,
			figures jsonb not null,
			snapshot pg_snapshot not null,
			computed_at timestamptz not null default now()
		)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop table feedback_link_month`.execute(db);
}
