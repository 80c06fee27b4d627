import { sql, type Kysely } from 'kysely';

// Supervision records: sessions, observations of practice, performance reviews and casework
// samples. A record is a draft, then shared with its subject, then locked when they sign it off.
// The database itself refuses changes to a locked record: corrections are addenda beside it.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('supervision_record')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('kind', 'text', (c) =>
			c.notNull().check(sql`kind in ('supervision', 'observation', 'review', 'sample')`)
		)
		.addColumn('subject_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('author_id', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.addColumn('held_on', 'date', (c) => c.notNull())
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('draft')
				.check(sql`status in ('draft', 'shared', 'locked')`)
		)
		.addColumn('details', 'jsonb', (c) => c.notNull())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('shared_at', 'timestamptz')
		.addColumn('signed_at', 'timestamptz')
		.execute();
	await db.schema
		.createIndex('supervision_record_subject_idx')
		.on('supervision_record')
		.columns(['subject_id', 'kind', 'held_on'])
		.execute();
	await db.schema
		.createIndex('supervision_record_author_idx')
		.on('supervision_record')
		.columns(['author_id', 'status'])
		.execute();

	// Retention (deleting what has passed its period) sets impartial.retention for its transaction.
	await sql`
		create function supervision_record_guard() returns trigger language plpgsql as $$
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

	// Comments from the subject while a record is shared, and addenda once it is shared or locked.
	await db.schema
		.createTable('record_note')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('record_id', 'uuid', (c) => c.notNull().references('supervision_record.id').onDelete('cascade'))
		.addColumn('author_id', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('comment', 'addendum')`))
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema
		.createIndex('record_note_record_idx')
		.on('record_note')
		.columns(['record_id', 'created_at'])
		.execute();

	// Actions agreed in a record, owned by someone, carried into later sessions until closed.
	await db.schema
		.createTable('agreed_action')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('record_id', 'uuid', (c) => c.notNull().references('supervision_record.id').onDelete('cascade'))
		.addColumn('subject_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('owner_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('description', 'text', (c) => c.notNull())
		.addColumn('due_on', 'date', (c) => c.notNull())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('closed_at', 'timestamptz')
		.addColumn('closed_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.execute();
	await sql`create index agreed_action_open_owner_idx on agreed_action (owner_id, due_on) where closed_at is null`.execute(
		db
	);
	await sql`create index agreed_action_open_subject_idx on agreed_action (subject_id, due_on) where closed_at is null`.execute(
		db
	);
	await db.schema.createIndex('agreed_action_record_idx').on('agreed_action').column('record_id').execute();

	// A casework sample's draw: what was entered, what was left out and why, and the seed, so the
	// same draw can be shown and worked again.
	await db.schema
		.createTable('casework_sample')
		.addColumn('record_id', 'uuid', (c) => c.primaryKey().references('supervision_record.id').onDelete('cascade'))
		.addColumn('period_from', 'date', (c) => c.notNull())
		.addColumn('period_to', 'date', (c) => c.notNull())
		.addColumn('entered', sql`text[]`, (c) => c.notNull())
		.addColumn('excluded', sql`text[]`, (c) => c.notNull())
		.addColumn('seed', 'text', (c) => c.notNull())
		.addColumn('size', 'integer', (c) => c.notNull())
		.addColumn('drawn', sql`text[]`, (c) => c.notNull())
		.addColumn('drawn_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addCheckConstraint('casework_sample_period_order', sql`period_from <= period_to`)
		.execute();

	await db.schema
		.createTable('sampled_case')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('record_id', 'uuid', (c) => c.notNull().references('supervision_record.id').onDelete('cascade'))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('case_reference', 'text', (c) => c.notNull())
		.addColumn('drawn_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('grades', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
		.addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('support_level', 'text')
		.addColumn('setting', 'text')
		.addColumn('conflict', 'text')
		.addColumn('reviewed_at', 'timestamptz')
		.addUniqueConstraint('sampled_case_record_reference_key', ['record_id', 'case_reference'])
		.execute();
	await db.schema
		.createIndex('sampled_case_reference_idx')
		.on('sampled_case')
		.columns(['case_reference', 'drawn_at'])
		.execute();

	// A sampled case is reviewed while its record is a draft; after that it stands as it was.
	await sql`
		create function sampled_case_guard() returns trigger language plpgsql as $$
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

	// Comments and addenda are never changed once written.
	await sql`
		create function record_note_guard() returns trigger language plpgsql as $$
		begin
			if coalesce(current_setting('impartial.retention', true), '') <> 'on' then
				raise exception 'comments and addenda cannot be changed' using errcode = 'check_violation';
			end if;
			return coalesce(new, old);
		end $$`.execute(db);
	await sql`create trigger record_note_guard before update or delete on record_note for each row execute function record_note_guard()`.execute(
		db
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger sampled_case_guard on sampled_case`.execute(db);
	await sql`drop function sampled_case_guard()`.execute(db);
	await sql`drop trigger record_note_guard on record_note`.execute(db);
	await sql`drop function record_note_guard()`.execute(db);
	await db.schema.dropTable('sampled_case').execute();
	await db.schema.dropTable('casework_sample').execute();
	await db.schema.dropTable('agreed_action').execute();
	await db.schema.dropTable('record_note').execute();
	await sql`drop trigger supervision_record_guard on supervision_record`.execute(db);
	await sql`drop function supervision_record_guard()`.execute(db);
	await db.schema.dropTable('supervision_record').execute();
}
