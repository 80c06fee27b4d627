import { sql, type Kysely } from 'kysely';

// Induction modules as immutable registered versions, and each person's progress through them.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('module_version')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('slug', 'text', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('content_hash', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('markdown', 'text', (c) => c.notNull())
		.addColumn('registered_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('module_version_slug_hash_key', ['slug', 'content_hash'])
		.execute();
	await db.schema
		.createIndex('module_version_slug_version_idx')
		.on('module_version')
		.columns(['slug', 'version'])
		.execute();

	await db.schema
		.createTable('module_progress')
		.addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('slug', 'text', (c) => c.notNull())
		.addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('last_viewed_version_id', 'uuid', (c) => c.notNull().references('module_version.id'))
		.addColumn('completed_at', 'timestamptz')
		.addColumn('completed_version_id', 'uuid', (c) => c.references('module_version.id'))
		// The version number completed, kept beside the id so statuses need no join.
		.addColumn('completed_version', 'integer')
		.addPrimaryKeyConstraint('module_progress_pkey', ['person_id', 'slug'])
		.execute();

	await db.schema
		.createTable('module_completion')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('module_version_id', 'uuid', (c) => c.notNull().references('module_version.id'))
		.addColumn('completed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('read', 'quiz', 'recorded')`))
		.execute();
	await db.schema
		.createIndex('module_completion_person_idx')
		.on('module_completion')
		.columns(['person_id', 'completed_at'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('module_completion').execute();
	await db.schema.dropTable('module_progress').execute();
	await db.schema.dropTable('module_version').execute();
}
