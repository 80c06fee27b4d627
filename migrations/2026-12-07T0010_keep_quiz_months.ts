import { sql, type Kysely } from 'kysely';

// The reports' quiz figures become sums over months, so that a report over ten years reads the
// kept months rather than every attempt. "People who tried a quiz in the period" cannot be summed
// over months (someone who tried in two months would count twice); a person's first attempt at a
// quiz falls in exactly one month, so the reports now count first attempts and passes at the
// first attempt. Each submitted attempt says whether it was the person's first at that quiz,
// decided once when it is marked (a closed attempt without a score is nobody's first), so anonymising old attempts later changes no figure.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table quiz_attempt add column first_attempt boolean not null default false`.execute(db);
	await sql`
		update quiz_attempt a set first_attempt = true
		from (
			select id, row_number() over (partition by coalesce(person_id, anonymous_key), quiz_slug order by submitted_at, id) as n
			from quiz_attempt where score is not null
		) o
		where o.id = a.id and o.n = 1`.execute(db);
	// A submitted attempt in a month already ended changes only when it is deleted (a person's
	// records erased) or closed by retention; its answers never change once it is submitted. Either
	// side of the date is noted, because the month is the service's and the trigger sees UTC.
	await sql`
		create function report_month_attempt_changed() returns trigger
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
		create trigger quiz_attempt_report_month after insert or update or delete on quiz_attempt
		for each row execute function report_month_attempt_changed()`.execute(db);
	// Kept months from before this change hold no quiz figures: work them out again.
	await sql`delete from report_month`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger quiz_attempt_report_month on quiz_attempt`.execute(db);
	await sql`drop function report_month_attempt_changed()`.execute(db);
	await sql`delete from report_month`.execute(db);
	await sql`alter table quiz_attempt drop column first_attempt`.execute(db);
}
