import { sql, type Kysely } from 'kysely';

// Declarations of interest: each interest is ended rather than deleted, and each return (a
// confirmation that the list is complete, or a nil return) is kept.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('declared_interest')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('organisation', 'text', (c) => c.notNull())
		.addColumn('starts_on', 'date')
		.addColumn('ends_on', 'date')
		.addColumn('details', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('declared_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('ended_at', 'timestamptz')
		.addColumn('ended_reason', 'text')
		.execute();
	await db.schema
		.createIndex('declared_interest_person_idx')
		.on('declared_interest')
		.columns(['person_id', 'declared_at'])
		.execute();

	await db.schema
		.createTable('declaration_return')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('made_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('nil', 'boolean', (c) => c.notNull())
		.addColumn('interests', 'integer', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('declaration_return_person_idx')
		.on('declaration_return')
		.columns(['person_id', 'made_at'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('declaration_return').execute();
	await db.schema.dropTable('declared_interest').execute();
}
