import { sql, type Kysely } from 'kysely';

// The day of each person's last supervision, kept on their own row, so a supervisor's list sorted
// by when supervision is next due reads it with the person instead of looking up two maximums for
// every supervisee (and for every person with an interval, on a coordinator's list of everyone).
// A session on record counts, and so does one entered from the service's earlier records. Kept by
// triggers on those two tables, one statement at a time: only the people whose records the
// statement touched are worked out again, and a row is written only when its day changes, so a
// supervisor editing a session's notes touches nothing else and no two people share a row.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table person add column last_supervision_on date`.execute(db);
	await sql`
		create function last_supervision_of(pid uuid) returns date
		language sql stable as $$
			select greatest(
				(select max(r.held_on) from supervision_record r where r.subject_id = pid and r.kind = 'supervision'),
				(select max(e.happened_on) from earlier_record e where e.person_id = pid and e.kind = 'supervision'))
		$$`.execute(db);
	await sql`
		update person p set last_supervision_on = last_supervision_of(p.id)
		where exists (select 1 from supervision_record r where r.subject_id = p.id and r.kind = 'supervision')
			or exists (select 1 from earlier_record e where e.person_id = p.id and e.kind = 'supervision')`.execute(db);
	// The statement's rows before and after, as each trigger was made to see them.
	await sql`
		create function last_supervision_changed() returns trigger
		language plpgsql as $$
		declare
			ids uuid[] := '{}';
		begin
			if tg_table_name = 'supervision_record' then
				if tg_op <> 'INSERT' then
					ids := ids || array(select subject_id from old_rows where kind = 'supervision');
				end if;
				if tg_op <> 'DELETE' then
					ids := ids || array(select subject_id from new_rows where kind = 'supervision');
				end if;
			else
				if tg_op <> 'INSERT' then
					ids := ids || array(select person_id from old_rows where kind = 'supervision');
				end if;
				if tg_op <> 'DELETE' then
					ids := ids || array(select person_id from new_rows where kind = 'supervision');
				end if;
			end if;
			if cardinality(ids) > 0 then
				update person p set last_supervision_on = last_supervision_of(p.id)
				where p.id = any(ids) and p.last_supervision_on is distinct from last_supervision_of(p.id);
			end if;
			return null;
		end $$`.execute(db);
	for (const table of ['supervision_record', 'earlier_record']) {
		const t = sql.raw(table);
		await sql`create trigger ${sql.raw(`${table}_last_supervision_insert`)} after insert on ${t}
			referencing new table as new_rows for each statement execute function last_supervision_changed()`.execute(db);
		await sql`create trigger ${sql.raw(`${table}_last_supervision_update`)} after update on ${t}
			referencing old table as old_rows new table as new_rows for each statement execute function last_supervision_changed()`.execute(
			db
		);
		await sql`create trigger ${sql.raw(`${table}_last_supervision_delete`)} after delete on ${t}
			referencing old table as old_rows for each statement execute function last_supervision_changed()`.execute(db);
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['supervision_record', 'earlier_record'])
		for (const op of ['insert', 'update', 'delete'])
			await sql`drop trigger ${sql.raw(`${table}_last_supervision_${op}`)} on ${sql.raw(table)}`.execute(db);
	await sql`drop function last_supervision_changed()`.execute(db);
	await sql`drop function last_supervision_of(uuid)`.execute(db);
	await sql`alter table person drop column last_supervision_on`.execute(db);
}
