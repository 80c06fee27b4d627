import { sql, type Kysely } from 'kysely';

// Each person's induction stage (not started, in progress, completed, needs review) is kept on
// their row, so the people list can filter and sort by it without working it out for everyone.
// The modules induction requires live in induction_requirement, written at start-up from the
// content; triggers keep the stage right whenever progress or roles change.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('induction_requirement')
		.addColumn('slug', 'text', (c) => c.primaryKey())
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('audiences', sql`text[]`, (c) => c.notNull())
		.execute();
	await sql`alter table person add column induction_stage text not null default 'completed'`.execute(db);
	await db.schema
		.createIndex('person_induction_stage_idx')
		.on('person')
		.columns(['induction_stage', 'name', 'id'])
		.execute();
	await sql`
		create function induction_stage_of(person_id uuid, roles text[]) returns text
		language sql stable as $$
			select case
				when count(*) filter (where mp.completed_version < r.version) > 0 then 'needs-review'
				when count(*) filter (where mp.completed_version >= r.version) = count(*) then 'completed'
				when count(mp.slug) > 0 then 'in-progress'
				else 'not-started'
			end
			from induction_requirement r
			left join module_progress mp on mp.person_id = $1 and mp.slug = r.slug
			where r.audiences && $2
		$$`.execute(db);
	await sql`
		create function person_induction_stage() returns trigger
		language plpgsql as $$
		begin
			new.induction_stage := induction_stage_of(new.id, new.roles);
			return new;
		end $$`.execute(db);
	await sql`
		create trigger person_induction_stage before insert or update of roles on person
		for each row execute function person_induction_stage()`.execute(db);
	await sql`
		create function module_progress_induction_stage() returns trigger
		language plpgsql as $$
		declare
			changed uuid := case when tg_op = 'DELETE' then old.person_id else new.person_id end;
		begin
			-- Only a real change is written, so rereading a module does not churn the person row.
			update person set induction_stage = induction_stage_of(id, roles)
			where id = changed and induction_stage is distinct from induction_stage_of(id, roles);
			return null;
		end $$`.execute(db);
	await sql`
		create trigger module_progress_induction_stage after insert or update or delete on module_progress
		for each row execute function module_progress_induction_stage()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger module_progress_induction_stage on module_progress`.execute(db);
	await sql`drop function module_progress_induction_stage()`.execute(db);
	await sql`drop trigger person_induction_stage on person`.execute(db);
	await sql`drop function person_induction_stage()`.execute(db);
	await sql`drop function induction_stage_of(uuid, text[])`.execute(db);
	await sql`alter table person drop column induction_stage`.execute(db);
	await db.schema.dropTable('induction_requirement').execute();
}
