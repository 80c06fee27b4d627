import { sql, type Kysely } from 'kysely';

// Policy versions as published, and each person's acknowledgements of them.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('policy_version')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('slug', 'text', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('content_hash', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('major', 'boolean', (c) => c.notNull())
		.addColumn('effective', 'date', (c) => c.notNull())
		.addColumn('markdown', 'text', (c) => c.notNull())
		.addColumn('registered_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('policy_version_slug_hash_key', ['slug', 'content_hash'])
		.execute();

	await db.schema
		.createTable('policy_acknowledgement')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('policy_version_id', 'uuid', (c) => c.notNull().references('policy_version.id'))
		.addColumn('slug', 'text', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('content_hash', 'text', (c) => c.notNull())
		.addColumn('acknowledged_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('self', 'recorded')`))
		.addColumn('recorded_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.addColumn('remark', 'text')
		.execute();
	await db.schema
		.createIndex('policy_acknowledgement_person_idx')
		.on('policy_acknowledgement')
		.columns(['slug', 'person_id', 'acknowledged_at'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('policy_acknowledgement').execute();
	await db.schema.dropTable('policy_version').execute();
}
