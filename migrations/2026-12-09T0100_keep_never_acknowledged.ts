import { sql, type Kysely } from 'kysely';

// Who has never acknowledged a policy is the compliance page's sparsest state at a large service
// (a few dozen of 20,000), and "has no acknowledgement row" is a condition no index can find: the
// database had to read every person and every acknowledgement to list them. This keeps one row per
// active person and policy they have never acknowledged (compliance lists active people only; most
// who never acknowledged were invited and never came, or have left), by triggers on that person's
// own rows only (their account, their acknowledgements), so listing them reads a handful of rows
// and no two people's writes touch the same row.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('policy_never_acknowledged')
		.addColumn('slug', 'text', (c) => c.notNull())
		.addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addPrimaryKeyConstraint('policy_never_acknowledged_pkey', ['slug', 'person_id'])
		.execute();
	// A person becoming active (on joining, or again) has the policies they never acknowledged; one
	// leaving has none listed.
	await sql`
		create function policy_never_acknowledged_person() returns trigger
		language plpgsql as $$
		begin
			if new.status = 'active' then
				insert into policy_never_acknowledged (slug, person_id)
				select distinct v.slug, new.id from policy_version v
				where not exists (select 1 from policy_acknowledgement a where a.slug = v.slug and a.person_id = new.id)
				on conflict do nothing;
			elsif tg_op = 'UPDATE' then
				delete from policy_never_acknowledged where person_id = new.id;
			end if;
			return null;
		end $$`.execute(db);
	await sql`
		create trigger policy_never_acknowledged_person_added after insert on person
		for each row execute function policy_never_acknowledged_person()`.execute(db);
	await sql`
		create trigger policy_never_acknowledged_person_status after update of status on person
		for each row when (old.status is distinct from new.status) execute function policy_never_acknowledged_person()`.execute(
		db
	);
	// A policy registered for the first time: nobody has acknowledged it. (A later version of one
	// adds nobody: who never acknowledged it has a row already.)
	await sql`
		create function policy_never_acknowledged_policy() returns trigger
		language plpgsql as $$
		begin
			insert into policy_never_acknowledged (slug, person_id)
			select s.slug, p.id from (select distinct slug from added) s cross join person p
			where p.status = 'active' and not exists (select 1 from policy_acknowledgement a where a.slug = s.slug and a.person_id = p.id)
			on conflict do nothing;
			return null;
		end $$`.execute(db);
	await sql`
		create trigger policy_never_acknowledged_policy after insert on policy_version
		referencing new table as added
		for each statement execute function policy_never_acknowledged_policy()`.execute(db);
	// The first acknowledgement takes the row away; deleting the last one (a mistaken record) puts it back.
	await sql`
		create function policy_never_acknowledged_acknowledgement() returns trigger
		language plpgsql as $$
		begin
			if tg_op = 'INSERT' then
				delete from policy_never_acknowledged where slug = new.slug and person_id = new.person_id;
			elsif not exists (select 1 from policy_acknowledgement a where a.slug = old.slug and a.person_id = old.person_id)
				and exists (select 1 from person p where p.id = old.person_id and p.status = 'active') then
				insert into policy_never_acknowledged (slug, person_id) values (old.slug, old.person_id) on conflict do nothing;
			end if;
			return null;
		end $$`.execute(db);
	await sql`
		create trigger policy_never_acknowledged_acknowledgement after insert or delete on policy_acknowledgement
		for each row execute function policy_never_acknowledged_acknowledgement()`.execute(db);
	await sql`
		insert into policy_never_acknowledged (slug, person_id)
		select s.slug, p.id from (select distinct slug from policy_version) s cross join person p
		where p.status = 'active' and not exists (select 1 from policy_acknowledgement a where a.slug = s.slug and a.person_id = p.id)`.execute(
		db
	);
	// The other states are ranges of the latest acknowledgement: behind a major version, or
	// acknowledged before a day.
	await sql`create index policy_latest_acknowledgement_version_idx on policy_latest_acknowledgement (slug, version)`.execute(
		db
	);
	await sql`create index policy_latest_acknowledgement_at_idx on policy_latest_acknowledgement (slug, acknowledged_at) include (version)`.execute(
		db
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop index policy_latest_acknowledgement_at_idx`.execute(db);
	await sql`drop index policy_latest_acknowledgement_version_idx`.execute(db);
	await sql`drop trigger policy_never_acknowledged_acknowledgement on policy_acknowledgement`.execute(db);
	await sql`drop function policy_never_acknowledged_acknowledgement()`.execute(db);
	await sql`drop trigger policy_never_acknowledged_policy on policy_version`.execute(db);
	await sql`drop function policy_never_acknowledged_policy()`.execute(db);
	await sql`drop trigger policy_never_acknowledged_person_status on person`.execute(db);
	await sql`drop trigger policy_never_acknowledged_person_added on person`.execute(db);
	await sql`drop function policy_never_acknowledged_person()`.execute(db);
	await db.schema.dropTable('policy_never_acknowledged').execute();
}
