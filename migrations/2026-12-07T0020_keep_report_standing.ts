import { sql, type Kysely } from 'kysely';

// The reports' figures about people as they stand today (acknowledgements, declarations,
// induction, the supervision each role's interval would give) read everyone. They are kept once
// worked out, for the service day and period they were worked out for, with the snapshot they
// were read in; every statement that changes what they read notes a change, a row of its own
// naming its transaction, so no two people's writes wait on one another. The compliance page's
// counts by state are kept the same way. A kept figure stands only while its snapshot had already
// seen every change noted (see db/standing.ts).
export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create table report_standing (
			key text primary key,
			day date not null,
			figures jsonb not null,
			snapshot pg_snapshot not null,
			computed_at timestamptz not null default now()
		)`.execute(db);
	await sql`
		create table report_standing_change (
			xid xid8 not null default pg_current_xact_id(),
			changed_at timestamptz not null default clock_timestamp()
		)`.execute(db);
	// Read from a kept figure's snapshot onwards: only changes it may not have seen.
	await sql`create index report_standing_change_xid_idx on report_standing_change (xid)`.execute(db);
	await sql`
		create function report_standing_changed() returns trigger
		language plpgsql as $$
		begin
			insert into report_standing_change default values;
			return null;
		end $$`.execute(db);
	// One note per statement, whatever the number of rows it changes.
	const noted: [string, string][] = [
		[
			'person',
			'insert or delete or truncate or update of roles, status, activated_at, created_at, deactivated_at, induction_stage, supervisor_id'
		],
		['policy_latest_acknowledgement', 'insert or update or delete or truncate'],
		['declaration_latest', 'insert or update or delete or truncate'],
		['module_progress', 'insert or delete or truncate or update of completed_at']
	];
	for (const [table, events] of noted)
		await sql`
			create trigger ${sql.raw(`${table}_report_standing`)} after ${sql.raw(events)} on ${sql.table(table)}
			for each statement execute function report_standing_changed()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['person', 'policy_latest_acknowledgement', 'declaration_latest', 'module_progress'])
		await sql`drop trigger ${sql.raw(`${table}_report_standing`)} on ${sql.table(table)}`.execute(db);
	await sql`drop function report_standing_changed()`.execute(db);
	await sql`drop table report_standing_change`.execute(db);
	await sql`drop table report_standing`.execute(db);
}
