import { sql, type Kysely } from 'kysely';

// A person's own training log: training done elsewhere (a course, a webinar, a conference), with
// its provider and hours, and reflective notes they bring to supervision. Written by the person
// alone; read by them, their supervisor and coordinators.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('training_log_entry')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('training', 'note')`))
		.addColumn('done_on', 'date', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('provider', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('minutes', 'integer', (c) => c.check(sql`minutes is null or minutes between 1 and 60000`))
		.addColumn('reflection', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema
		.createIndex('training_log_entry_by_person')
		.on('training_log_entry')
		.columns(['person_id', 'done_on'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('training_log_entry').execute();
}
