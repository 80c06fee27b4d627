import { sql, type Kysely } from 'kysely';

// Each person's last declaration return and last change to their declared interests, kept by
// triggers on their own rows, so the register and the reports rate everyone from one row each
// instead of looking up two histories per person on every request. Only a person's own writes
// touch their row, so different people's declarations never wait on one another.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('declaration_latest')
		.addColumn('person_id', 'uuid', (c) => c.primaryKey().references('person.id').onDelete('cascade'))
		.addColumn('last_return_at', 'timestamptz')
		.addColumn('last_change_at', 'timestamptz')
		.execute();
	await sql`
		create function declaration_latest_refresh(who uuid) returns void
		language sql as $$
			insert into declaration_latest (person_id, last_return_at, last_change_at)
			select who,
				(select max(made_at) from declaration_return where person_id = who),
				(select max(greatest(declared_at, coalesce(ended_at, declared_at))) from declared_interest where person_id = who)
			where exists (select 1 from person where id = who)
			on conflict (person_id) do update
				set last_return_at = excluded.last_return_at, last_change_at = excluded.last_change_at;
		$$`.execute(db);
	await sql`
		create function declaration_latest_changed() returns trigger
		language plpgsql as $$
		begin
			if tg_op <> 'INSERT' then
				perform declaration_latest_refresh(old.person_id);
			end if;
			if tg_op <> 'DELETE' and (tg_op = 'INSERT' or new.person_id is distinct from old.person_id) then
				perform declaration_latest_refresh(new.person_id);
			end if;
			return null;
		end $$`.execute(db);
	for (const table of ['declaration_return', 'declared_interest'])
		await sql`
			create trigger ${sql.id(`${table}_latest`)} after insert or update or delete on ${sql.id(table)}
			for each row execute function declaration_latest_changed()`.execute(db);
	await sql`
		insert into declaration_latest (person_id, last_return_at, last_change_at)
		select p.id,
			(select max(made_at) from declaration_return r where r.person_id = p.id),
			(select max(greatest(declared_at, coalesce(ended_at, declared_at))) from declared_interest i where i.person_id = p.id)
		from person p
		where exists (select 1 from declaration_return r where r.person_id = p.id)
			or exists (select 1 from declared_interest i where i.person_id = p.id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['declaration_return', 'declared_interest'])
		await sql`drop trigger ${sql.id(`${table}_latest`)} on ${sql.id(table)}`.execute(db);
	await sql`drop function declaration_latest_changed()`.execute(db);
	await sql`drop function declaration_latest_refresh(uuid)`.execute(db);
	await db.schema.dropTable('declaration_latest').execute();
}
