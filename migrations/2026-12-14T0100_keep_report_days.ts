import { sql, type Kysely } from 'kysely';

// The reports' figures for each day that ended three or more days ago, kept like the months (see
// 2026-12-06T0010_keep_report_months), so the default twelve months count afresh only the last few
// days rather than every day of the month so far and the days before the period's first whole
// month. A change to a record of any day before yesterday is now noted with its day as well as its
// month; a change to a person that can move records between roles is noted for every day and month.
// Writes dated today or yesterday (a quiz marked now, a session written up the same day) note
// nothing, as before.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create table report_day (
			day date primary key,
			figures jsonb not null,
			snapshot pg_snapshot not null,
			computed_at timestamptz not null default now()
		)`.execute(db);
	// day null: a change noted for a whole month (before this migration) or for everything.
	await sql`alter table report_month_change add column day date`.execute(db);
	await sql`create index report_month_change_day_idx on report_month_change (day)`.execute(db);
	await sql`
		create or replace function report_month_changed(day date) returns void
		language sql as $$
			insert into report_month_change (month, day)
			select date_trunc('month', day)::date, day
			where day is not null
				and (date_trunc('month', day) < date_trunc('month', current_date) or day < current_date - 1)
		$$`.execute(db);
	// The service's day of an attempt is the day of its time in UTC or one either side: all three
	// are noted (the months needed only the two either side).
	await sql`
		create or replace function report_month_attempt_changed() returns trigger
		language plpgsql as $$
		begin
			if tg_op <> 'INSERT' and old.submitted_at is not null and (tg_op = 'DELETE'
					or new.submitted_at is distinct from old.submitted_at or new.passed is distinct from old.passed
					or new.first_attempt is distinct from old.first_attempt or new.quiz_slug is distinct from old.quiz_slug) then
				perform report_month_changed((old.submitted_at - interval '1 day')::date);
				perform report_month_changed(old.submitted_at::date);
				perform report_month_changed((old.submitted_at + interval '1 day')::date);
			end if;
			if tg_op <> 'DELETE' and new.submitted_at is not null and (tg_op = 'INSERT'
					or new.submitted_at is distinct from old.submitted_at or new.passed is distinct from old.passed
					or new.first_attempt is distinct from old.first_attempt or new.quiz_slug is distinct from old.quiz_slug) then
				perform report_month_changed((new.submitted_at - interval '1 day')::date);
				perform report_month_changed(new.submitted_at::date);
				perform report_month_changed((new.submitted_at + interval '1 day')::date);
			end if;
			return null;
		end $$`.execute(db);
	// A date moved to before the current month, or to before yesterday, can alter a kept month or
	// day (a day is kept from three days back on the service's clock, which may be an hour ahead of
	// UTC). Someone joining or leaving today still changes nothing kept.
	await sql`
		create or replace function report_month_person_changed() returns trigger
		language plpgsql as $$
		declare
			kept_before timestamptz := greatest(date_trunc('month', now()), date_trunc('day', now()) - interval '1 day');
		begin
			if new.roles is distinct from old.roles
				or (new.activated_at is distinct from old.activated_at and least(old.activated_at, new.activated_at) < kept_before)
				or (new.deactivated_at is distinct from old.deactivated_at and least(old.deactivated_at, new.deactivated_at) < kept_before)
				or (new.created_at is distinct from old.created_at and least(old.created_at, new.created_at) < kept_before) then
				insert into report_month_change (month) values (null);
			end if;
			return null;
		end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`
		create or replace function report_month_person_changed() returns trigger
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
		create or replace function report_month_attempt_changed() returns trigger
		language plpgsql as $$
		begin
			if tg_op <> 'INSERT' and old.submitted_at is not null and (tg_op = 'DELETE'
					or new.submitted_at is distinct from old.submitted_at or new.passed is distinct from old.passed
					or new.first_attempt is distinct from old.first_attempt or new.quiz_slug is distinct from old.quiz_slug) then
				perform report_month_changed((old.submitted_at - interval '1 day')::date);
				perform report_month_changed((old.submitted_at + interval '1 day')::date);
			end if;
			if tg_op <> 'DELETE' and new.submitted_at is not null and (tg_op = 'INSERT'
					or new.submitted_at is distinct from old.submitted_at or new.passed is distinct from old.passed
					or new.first_attempt is distinct from old.first_attempt or new.quiz_slug is distinct from old.quiz_slug) then
				perform report_month_changed((new.submitted_at - interval '1 day')::date);
				perform report_month_changed((new.submitted_at + interval '1 day')::date);
			end if;
			return null;
		end $$`.execute(db);
	await sql`
		create or replace function report_month_changed(day date) returns void
		language sql as $$
			insert into report_month_change (month)
			select date_trunc('month', day)::date
			where day is not null and date_trunc('month', day) < date_trunc('month', current_date)
		$$`.execute(db);
	await sql`drop index report_month_change_day_idx`.execute(db);
	await sql`alter table report_month_change drop column day`.execute(db);
	await sql`drop table report_day`.execute(db);
}
