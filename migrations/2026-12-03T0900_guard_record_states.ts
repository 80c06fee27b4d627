import { sql, type Kysely } from 'kysely';

// The database holds the supervision lifecycle itself, whoever connects: a record goes draft ->
// shared -> locked and never back; once shared, what it says, who wrote it, when it was shared,
// its draw, its sampled cases and the actions agreed in it stand; once locked nothing changes.
//
// Retention is the one exception, and it no longer asks by a setting any connection could make
// (impartial.retention): a retention run writes its transaction's id into retention_run, which
// only the owner and the retention role may insert into, and the guards let that transaction,
// and only it, through.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('retention_run')
		.addColumn('xact', 'bigint', (c) => c.primaryKey())
		.addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await sql`
		create function retention_in_progress() returns boolean language sql stable as $$
			select exists (select 1 from retention_run where xact = txid_current())
		$$`.execute(db);
	await sql`
		create or replace function audit_event_append_only() returns trigger language plpgsql as $$
		begin
			if retention_in_progress() then
				return coalesce(new, old);
			end if;
			raise exception 'the audit log is append-only: its entries cannot be changed or deleted' using errcode = 'insufficient_privilege';
		end $$`.execute(db);

	await sql`drop trigger supervision_record_guard on supervision_record`.execute(db);
	await sql`
		create or replace function supervision_record_guard() returns trigger language plpgsql as $$
		begin
			if tg_op = 'DELETE' then
				if old.status = 'draft' and old.kind <> 'sample' then
					return old;
				end if;
				if retention_in_progress() then
					return old;
				end if;
				if old.status = 'draft' then
					raise exception 'casework sample % has been drawn: its draw stands and it cannot be deleted', old.id using errcode = 'check_violation';
				elsif old.status = 'locked' then
					raise exception 'supervision record % is locked: add an addendum instead', old.id using errcode = 'check_violation';
				end if;
				raise exception 'supervision record % has been shared: add an addendum instead', old.id using errcode = 'check_violation';
			end if;
			if new.id is distinct from old.id or new.kind is distinct from old.kind or new.subject_id is distinct from old.subject_id then
				raise exception 'supervision record %: what it is and whom it is about never change', old.id using errcode = 'check_violation';
			end if;
			if old.status = 'draft' then
				if new.status = 'draft' and new.shared_at is null and new.signed_at is null then
					return new;
				end if;
				if new.status = 'shared' and new.shared_at is not null and new.signed_at is null then
					return new;
				end if;
				raise exception 'supervision record % is a draft: it is shared (with the time it was shared) before it is signed off', old.id using errcode = 'check_violation';
			end if;
			-- Retention reduces the text of a leaver's records, whatever their stage.
			if retention_in_progress() then
				return new;
			end if;
			if old.status = 'locked' then
				raise exception 'supervision record % is locked: add an addendum instead', old.id using errcode = 'check_violation';
			end if;
			-- Shared: it stays shared or is signed off, and what was shared stands as it was.
			if new.status = 'draft' then
				raise exception 'supervision record % has been shared: it cannot go back to being a draft', old.id using errcode = 'check_violation';
			end if;
			if new.details is distinct from old.details or new.held_on is distinct from old.held_on
				or new.author_id is distinct from old.author_id or new.shared_at is distinct from old.shared_at
				or new.created_at is distinct from old.created_at then
				raise exception 'supervision record % has been shared: add an addendum instead', old.id using errcode = 'check_violation';
			end if;
			if new.status = 'locked' and new.signed_at is null then
				raise exception 'supervision record % is locked only with the time it was signed off', old.id using errcode = 'check_violation';
			end if;
			if new.status = 'shared' and new.signed_at is not null then
				raise exception 'supervision record % has been shared: it is signed off by locking it', old.id using errcode = 'check_violation';
			end if;
			return new;
		end $$`.execute(db);
	await sql`
		create trigger supervision_record_guard before update or delete on supervision_record
		for each row execute function supervision_record_guard()`.execute(db);

	// What hangs off a record (its draw, its sampled cases, the actions agreed in it) is added while
	// it is a draft. Earlier records imported whole are written as drafts, then shared and locked.
	await sql`
		create function record_still_open(record uuid) returns boolean language sql stable as $$
			select coalesce((select r.status = 'draft' from supervision_record r where r.id = record), true)
		$$`.execute(db);

	await sql`
		create or replace function sampled_case_guard() returns trigger language plpgsql as $$
		begin
			if retention_in_progress() then
				return coalesce(new, old);
			end if;
			if tg_op = 'INSERT' then
				if not record_still_open(new.record_id) then
					raise exception 'the casework sample has been shared: no case can be added to it' using errcode = 'check_violation';
				end if;
				return new;
			end if;
			if exists (select 1 from supervision_record r where r.id = old.record_id and r.status <> 'draft') then
				raise exception 'the record of sampled case % has been shared: add an addendum instead', old.case_reference using errcode = 'check_violation';
			end if;
			if tg_op = 'DELETE' then
				-- Deleted only with a record being deleted, never on their own.
				if exists (select 1 from supervision_record r where r.id = old.record_id) then
					raise exception 'sampled case % was drawn: its draw stands', old.case_reference using errcode = 'check_violation';
				end if;
				return old;
			end if;
			if new.record_id is distinct from old.record_id or new.position is distinct from old.position
				or new.case_reference is distinct from old.case_reference or new.drawn_at is distinct from old.drawn_at then
				raise exception 'sampled case % was drawn as it is: only its review changes', old.case_reference using errcode = 'check_violation';
			end if;
			return new;
		end $$`.execute(db);
	await sql`drop trigger sampled_case_guard on sampled_case`.execute(db);
	await sql`create trigger sampled_case_guard before insert or update or delete on sampled_case for each row execute function sampled_case_guard()`.execute(
		db
	);

	await sql`
		create function casework_sample_guard() returns trigger language plpgsql as $$
		begin
			if tg_op = 'INSERT' then
				if not record_still_open(new.record_id) then
					raise exception 'the casework sample has been shared: it cannot be drawn again' using errcode = 'check_violation';
				end if;
				return new;
			end if;
			if tg_op = 'DELETE' and (retention_in_progress() or not exists (select 1 from supervision_record r where r.id = old.record_id)) then
				return old;
			end if;
			raise exception 'a casework sample''s draw stands as it was made' using errcode = 'check_violation';
		end $$`.execute(db);
	await sql`create trigger casework_sample_guard before insert or update or delete on casework_sample for each row execute function casework_sample_guard()`.execute(
		db
	);

	await sql`
		create function agreed_action_guard() returns trigger language plpgsql as $$
		declare
			open_record boolean;
		begin
			if retention_in_progress() then
				return coalesce(new, old);
			end if;
			if tg_op = 'INSERT' then
				if not record_still_open(new.record_id) then
					raise exception 'the record has been shared: actions are agreed in a new record' using errcode = 'check_violation';
				end if;
				return new;
			end if;
			-- Deleted with the draft it was agreed in: it goes with it.
			if tg_op = 'DELETE' and not exists (select 1 from supervision_record r where r.id = old.record_id) then
				return old;
			end if;
			open_record := exists (select 1 from supervision_record r where r.id = old.record_id and r.status = 'draft');
			if tg_op = 'DELETE' then
				if open_record and old.closed_at is null then
					return old;
				end if;
				raise exception 'agreed action % stands: close it instead', old.id using errcode = 'check_violation';
			end if;
			if old.closed_at is not null and (new.closed_at is distinct from old.closed_at or new.closed_by is distinct from old.closed_by) then
				raise exception 'agreed action % is closed: it cannot be reopened', old.id using errcode = 'check_violation';
			end if;
			if not open_record and (new.description is distinct from old.description or new.due_on is distinct from old.due_on
				or new.owner_id is distinct from old.owner_id or new.subject_id is distinct from old.subject_id
				or new.record_id is distinct from old.record_id or new.created_at is distinct from old.created_at) then
				raise exception 'agreed action % was agreed in a shared record: close it, or agree a new one', old.id using errcode = 'check_violation';
			end if;
			return new;
		end $$`.execute(db);
	await sql`create trigger agreed_action_guard before insert or update or delete on agreed_action for each row execute function agreed_action_guard()`.execute(
		db
	);

	await sql`
		create or replace function record_note_guard() returns trigger language plpgsql as $$
		begin
			if retention_in_progress() then
				return coalesce(new, old);
			end if;
			raise exception 'comments and addenda cannot be changed' using errcode = 'check_violation';
		end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`
		create or replace function record_note_guard() returns trigger language plpgsql as $$
		begin
			if coalesce(current_setting('impartial.retention', true), '') <> 'on' then
				raise exception 'comments and addenda cannot be changed' using errcode = 'check_violation';
			end if;
			return coalesce(new, old);
		end $$`.execute(db);
	await sql`drop trigger agreed_action_guard on agreed_action`.execute(db);
	await sql`drop function agreed_action_guard()`.execute(db);
	await sql`drop trigger casework_sample_guard on casework_sample`.execute(db);
	await sql`drop function casework_sample_guard()`.execute(db);
	await sql`drop trigger sampled_case_guard on sampled_case`.execute(db);
	await sql`
		create or replace function sampled_case_guard() returns trigger language plpgsql as $$
		begin
			if coalesce(current_setting('impartial.retention', true), '') <> 'on'
				and exists (select 1 from supervision_record r where r.id = old.record_id and r.status <> 'draft') then
				raise exception 'the record of sampled case % has been shared: add an addendum instead', old.case_reference using errcode = 'check_violation';
			end if;
			return coalesce(new, old);
		end $$`.execute(db);
	await sql`create trigger sampled_case_guard before update or delete on sampled_case for each row execute function sampled_case_guard()`.execute(
		db
	);
	await sql`drop function record_still_open(uuid)`.execute(db);
	await sql`drop trigger supervision_record_guard on supervision_record`.execute(db);
	await sql`
		create or replace function supervision_record_guard() returns trigger language plpgsql as $$
		begin
			if coalesce(current_setting('impartial.retention', true), '') = 'on' then
				return coalesce(new, old);
			end if;
			if old.status = 'locked' then
				raise exception 'supervision record % is locked: add an addendum instead', old.id using errcode = 'check_violation';
			end if;
			if tg_op = 'DELETE' or new.details is distinct from old.details or new.held_on is distinct from old.held_on
				or new.subject_id is distinct from old.subject_id or new.kind is distinct from old.kind then
				raise exception 'supervision record % has been shared: add an addendum instead', old.id using errcode = 'check_violation';
			end if;
			return new;
		end $$`.execute(db);
	await sql`
		create trigger supervision_record_guard before update or delete on supervision_record
		for each row when (old.status <> 'draft') execute function supervision_record_guard()`.execute(db);
	await sql`
		create or replace function audit_event_append_only() returns trigger language plpgsql as $$
		begin
			if coalesce(current_setting('impartial.retention', true), '') = 'on' then
				return coalesce(new, old);
			end if;
			raise exception 'the audit log is append-only: its entries cannot be changed or deleted' using errcode = 'insufficient_privilege';
		end $$`.execute(db);
	await sql`drop function retention_in_progress()`.execute(db);
	await db.schema.dropTable('retention_run').execute();
}
