import { sql, type Kysely } from 'kysely';

// The audit log cannot be changed or emptied through the product. Retention is the one exception:
// in its own transaction it sets impartial.retention, deletes entries past their period and strips
// the email address of someone anonymised from the entries about them.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create or replace function audit_event_append_only() returns trigger language plpgsql as $$
		begin
			if coalesce(current_setting('impartial.retention', true), '') = 'on' then
				return coalesce(new, old);
			end if;
			raise exception 'the audit log is append-only: its entries cannot be changed or deleted' using errcode = 'insufficient_privilege';
		end $$`.execute(db);
	// Row triggers do not see TRUNCATE, which would empty the log in one statement.
	await sql`
		create function audit_event_no_truncate() returns trigger language plpgsql as $$
		begin
			raise exception 'the audit log is append-only: it cannot be emptied' using errcode = 'insufficient_privilege';
		end $$`.execute(db);
	await sql`
		create trigger audit_event_no_truncate before truncate on audit_event
		for each statement execute function audit_event_no_truncate()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger audit_event_no_truncate on audit_event`.execute(db);
	await sql`drop function audit_event_no_truncate()`.execute(db);
	await sql`
		create or replace function audit_event_append_only() returns trigger language plpgsql as $$
		begin
			if tg_op = 'DELETE' and current_setting('impartial.retention', true) = 'on' then
				return old;
			end if;
			raise exception 'audit_event is append-only';
		end;
		$$`.execute(db);
}
