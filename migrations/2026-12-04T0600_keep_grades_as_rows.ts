import { sql, type Kysely } from 'kysely';

// Every grade given in an observation or a sampled case, one narrow row each, kept by triggers on
// the record and its cases. The steering group's figures count grades by criterion over years of
// records; read from each record's whole document they cost a read of every record in the
// period, read from here they cost an index. Only a record's own writes touch its rows.
// `counted` is what the report counts: records past draft, and sampled cases once reviewed.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('record_grade')
		.addColumn('record_id', 'uuid', (c) => c.notNull().references('supervision_record.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('held_on', 'date', (c) => c.notNull())
		.addColumn('counted', 'boolean', (c) => c.notNull())
		.addColumn('criterion', 'text', (c) => c.notNull())
		.addColumn('grade', 'text', (c) => c.notNull())
		.execute();
	await sql`create index record_grade_record_idx on record_grade (record_id)`.execute(db);
	await sql`
		create index record_grade_counted_idx on record_grade (kind, held_on) include (criterion, grade)
		where counted`.execute(db);
	await sql`
		create function record_grade_refresh(rec uuid) returns void
		language sql as $$
			delete from record_grade where record_id = rec;
			insert into record_grade (record_id, kind, held_on, counted, criterion, grade)
			select r.id, r.kind, r.held_on, r.status <> 'draft', g->>'criterion', g->>'grade'
			from supervision_record r, jsonb_array_elements(coalesce(r.details->'criteria', '[]')) g
			where r.id = rec and r.kind = 'observation' and jsonb_typeof(coalesce(r.details->'criteria', '[]')) = 'array'
				and g->>'criterion' is not null and g->>'grade' is not null;
			insert into record_grade (record_id, kind, held_on, counted, criterion, grade)
			select r.id, r.kind, r.held_on, r.status <> 'draft' and sc.reviewed_at is not null, g->>'criterion', g->>'grade'
			from supervision_record r join sampled_case sc on sc.record_id = r.id, jsonb_array_elements(sc.grades) g
			where r.id = rec and r.kind = 'sample' and jsonb_typeof(sc.grades) = 'array'
				and g->>'criterion' is not null and g->>'grade' is not null;
		$$`.execute(db);
	await sql`
		create function record_grade_changed() returns trigger
		language plpgsql as $$
		begin
			if tg_table_name = 'supervision_record' then
				if tg_op = 'INSERT' or new.details is distinct from old.details or new.status is distinct from old.status
					or new.held_on is distinct from old.held_on or new.kind is distinct from old.kind then
					perform record_grade_refresh(new.id);
				end if;
			elsif tg_op = 'DELETE' then
				perform record_grade_refresh(old.record_id);
			else
				perform record_grade_refresh(new.record_id);
				if tg_op = 'UPDATE' and new.record_id is distinct from old.record_id then
					perform record_grade_refresh(old.record_id);
				end if;
			end if;
			return null;
		end $$`.execute(db);
	await sql`
		create trigger supervision_record_grades after insert or update on supervision_record
		for each row execute function record_grade_changed()`.execute(db);
	await sql`
		create trigger sampled_case_grades after insert or update or delete on sampled_case
		for each row execute function record_grade_changed()`.execute(db);
	await sql`select record_grade_refresh(id) from supervision_record where kind in ('observation', 'sample')`.execute(
		db
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger sampled_case_grades on sampled_case`.execute(db);
	await sql`drop trigger supervision_record_grades on supervision_record`.execute(db);
	await sql`drop function record_grade_changed()`.execute(db);
	await sql`drop function record_grade_refresh(uuid)`.execute(db);
	await db.schema.dropTable('record_grade').execute();
}
