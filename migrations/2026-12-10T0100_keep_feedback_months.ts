import { sql, type Kysely } from 'kysely';

// Families' answers counted for each month that has ended, kept once worked out, as the records'
// figures are in `report_month`: a report over ten years reads 120 small rows rather than every
// answer of those years. Responses come in under the current month and are never changed, but a
// response or answer written into, taken out of or moved between months already ended (an import,
// a correction by hand) is noted in `feedback_month_change`, once per month a statement touched,
// so the kept month is worked out again. Each note is a row of its own: no two writers wait.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create table feedback_month (
			month date primary key,
			figures jsonb not null,
			snapshot pg_snapshot not null,
			computed_at timestamptz not null default now()
		)`.execute(db);
	await sql`
		create table feedback_month_change (
			month date,
			xid xid8 not null default pg_current_xact_id(),
			changed_at timestamptz not null default now()
		)`.execute(db);
	await sql`create index feedback_month_change_month_idx on feedback_month_change (month)`.execute(db);
	// The statement's rows before and after, as the trigger was made to see them.
	await sql`
		create function feedback_month_changed() returns trigger
		language plpgsql as $$
		begin
			if tg_op <> 'INSERT' then
				insert into feedback_month_change (month)
				select distinct received_month from old_rows where received_month <> date_trunc('month', current_date);
			end if;
			if tg_op <> 'DELETE' then
				insert into feedback_month_change (month)
				select distinct received_month from new_rows where received_month <> date_trunc('month', current_date);
			end if;
			return null;
		end $$`.execute(db);
	for (const table of ['feedback_response', 'feedback_answer']) {
		const t = sql.raw(table);
		await sql`create trigger ${sql.raw(`${table}_month_insert`)} after insert on ${t}
			referencing new table as new_rows for each statement execute function feedback_month_changed()`.execute(db);
		await sql`create trigger ${sql.raw(`${table}_month_update`)} after update on ${t}
			referencing old table as old_rows new table as new_rows for each statement execute function feedback_month_changed()`.execute(
			db
		);
		await sql`create trigger ${sql.raw(`${table}_month_delete`)} after delete on ${t}
			referencing old table as old_rows for each statement execute function feedback_month_changed()`.execute(db);
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['feedback_response', 'feedback_answer'])
		for (const op of ['insert', 'update', 'delete'])
			await sql`drop trigger ${sql.raw(`${table}_month_${op}`)} on ${sql.raw(table)}`.execute(db);
	await sql`drop function feedback_month_changed()`.execute(db);
	await sql`drop table feedback_month_change`.execute(db);
	await sql`drop table feedback_month`.execute(db);
}
