import { sql, type Kysely } from 'kysely';

// Each person's latest acknowledgement of each policy, kept by triggers, so compliance reads one
// row per person instead of sorting every acknowledgement ever made on each request.
// Acknowledgements are never changed, so the latest one's details are copied beside it.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('policy_latest_acknowledgement')
		.addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('slug', 'text', (c) => c.notNull())
		.addColumn('acknowledgement_id', 'uuid', (c) => c.notNull())
		.addColumn('acknowledged_at', 'timestamptz', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('method', 'text', (c) => c.notNull())
		.addColumn('remark', 'text')
		.addColumn('recorded_by', 'uuid')
		.addPrimaryKeyConstraint('policy_latest_acknowledgement_pkey', ['slug', 'person_id'])
		.execute();
	await sql`
		create function policy_latest_acknowledgement_refresh(who uuid, policy text) returns void
		language sql as $$
			delete from policy_latest_acknowledgement where person_id = who and slug = policy;
			insert into policy_latest_acknowledgement (person_id, slug, acknowledgement_id, acknowledged_at, version, method, remark, recorded_by)
			select person_id, slug, id, acknowledged_at, version, method, remark, recorded_by from policy_acknowledgement
			where person_id = who and slug = policy
			order by acknowledged_at desc, id desc limit 1;
		$$`.execute(db);
	await sql`
		create function policy_acknowledgement_latest() returns trigger
		language plpgsql as $$
		begin
			if tg_op = 'INSERT' then
				insert into policy_latest_acknowledgement (person_id, slug, acknowledgement_id, acknowledged_at, version, method, remark, recorded_by)
				values (new.person_id, new.slug, new.id, new.acknowledged_at, new.version, new.method, new.remark, new.recorded_by)
				on conflict (slug, person_id) do update
					set acknowledgement_id = excluded.acknowledgement_id, acknowledged_at = excluded.acknowledged_at, version = excluded.version,
						method = excluded.method, remark = excluded.remark, recorded_by = excluded.recorded_by
					where policy_latest_acknowledgement.acknowledged_at <= excluded.acknowledged_at;
			else
				perform policy_latest_acknowledgement_refresh(old.person_id, old.slug);
			end if;
			return null;
		end $$`.execute(db);
	await sql`
		create trigger policy_acknowledgement_latest after insert or delete on policy_acknowledgement
		for each row execute function policy_acknowledgement_latest()`.execute(db);
	await sql`
		insert into policy_latest_acknowledgement (person_id, slug, acknowledgement_id, acknowledged_at, version, method, remark, recorded_by)
		select distinct on (slug, person_id) person_id, slug, id, acknowledged_at, version, method, remark, recorded_by from policy_acknowledgement
		order by slug, person_id, acknowledged_at desc, id desc`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger policy_acknowledgement_latest on policy_acknowledgement`.execute(db);
	await sql`drop function policy_acknowledgement_latest()`.execute(db);
	await sql`drop function policy_latest_acknowledgement_refresh(uuid, text)`.execute(db);
	await db.schema.dropTable('policy_latest_acknowledgement').execute();
}
