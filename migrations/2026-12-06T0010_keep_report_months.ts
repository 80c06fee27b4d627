import { sql, type Kysely } from 'kysely';

// The reports' figures for each month that has ended, kept once worked out, so a report over ten
// years reads 120 small rows rather than every record of those years. Nothing an ordinary write
// does touches them: a kept month is checked, when read, against a list of the changes made to
// records of months already ended (a supervision session written up late, a record deleted, a
// person's roles changed). Each change is a row of its own naming the month and the transaction
// that made it, so two people's writes never wait on one another; a kept month stands only while
// every change to it was already visible in the snapshot it was worked out from.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create table report_month (
			month date primary key,
			figures jsonb not null,
			snapshot pg_snapshot not null,
			computed_at timestamptz not null default now()
		)`.execute(db);
	// month null: a change that can alter every month (a person's roles or dates).
	await sql`
		create table report_month_change (
			month date,
			xid xid8 not null default pg_current_xact_id(),
			changed_at timestamptz not null default now()
		)`.execute(db);
	await sql`create index report_month_change_month_idx on report_month_change (month)`.execute(db);
	await sql`
		create function report_month_changed(day date) returns void
		language sql as $$
			insert into report_month_change (month)
			select date_trunc('month', day)::date
			where day is not null and date_trunc('month', day) < date_trunc('month', current_date)
		$$`.execute(db);
	await sql`
		create function report_month_record_changed() returns trigger
		language plpgsql as $$
		begin
			if tg_table_name = 'supervision_record' then
				if tg_op <> 'INSERT' then
					perform report_month_changed(old.held_on);
				end if;
				if tg_op <> 'DELETE' and (tg_op = 'INSERT' or new.held_on is distinct from old.held_on
						or new.status is distinct from old.status or new.kind is distinct from old.kind
						or new.subject_id is distinct from old.subject_id or new.details is distinct from old.details) then
					perform report_month_changed(new.held_on);
				end if;
			else
				if tg_op <> 'INSERT' then
					perform report_month_changed((select held_on from supervision_record where id = old.record_id));
				end if;
				if tg_op <> 'DELETE' then
					perform report_month_changed((select held_on from supervision_record where id = new.record_id));
				end if;
			end if;
			return null;
		end $$`.execute(db);
	await sql`
		create trigger supervision_record_report_month after insert or update or delete on supervision_record
		for each row execute function report_month_record_changed()`.execute(db);
	await sql`
		create trigger sampled_case_report_month after insert or update or delete on sampled_case
		for each row execute function report_month_record_changed()`.execute(db);
	// Supervision is counted under each person's role, for the time they were with the service: a
	// change of roles, or of a date that falls in a month already ended, can alter any month.
	// Someone joining or leaving today changes no month that has ended.
	await sql`
		create function report_month_person_changed() returns trigger
		language plpgsql as $$
		begin
			if new.roles is distinct from old.roles
				or (new.activated_at is distinct from old.activated_at and least(old.activated_at, new.activated_at) < date_trunc('month', now()))
				or (new.deactivated_at is distinct from old.deactivated_at and least(old.deactivated_at, new.deactivated_at) < date_trunc('month', now()))
				or (new.created_at is distinct from old.created_at and least(old.created_at, new.created_at) < date_trunc('month', now())) then
				insert into report_month_change (month) values (null);
			end if;
			return null;
		end $$`.execute(db);
	await sql`
		create trigger person_report_month after update on person
		for each row execute function report_month_person_changed()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger person_report_month on person`.execute(db);
	await sql`drop function report_month_person_changed()`.execute(db);
	await sql`drop trigger sampled_case_report_month on sampled_case`.execute(db);
	await sql`drop trigger supervision_record_report_month on supervision_record`.execute(db);
	await sql`drop function report_month_record_changed()`.execute(db);
	await sql`drop function report_month_changed(date)`.execute(db);
	await sql`drop table report_month_change`.execute(db);
	await sql`drop table report_month`.execute(db);
}
