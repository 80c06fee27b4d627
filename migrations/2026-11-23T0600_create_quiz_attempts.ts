import { sql, type Kysely } from 'kysely';

// Quiz versions, attempts pinned to them, and each answer; and the "did not pass" outcome of a module.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('quiz_version')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('slug', 'text', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('content_hash', 'text', (c) => c.notNull())
		.addColumn('registered_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('quiz_version_slug_hash_key', ['slug', 'content_hash'])
		.execute();

	await db.schema
		.createTable('quiz_attempt')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('quiz_slug', 'text', (c) => c.notNull())
		.addColumn('quiz_version_id', 'uuid', (c) => c.notNull().references('quiz_version.id'))
		// The questions drawn for this attempt, in the order shown, and each question's option order.
		.addColumn('steps', 'jsonb', (c) => c.notNull())
		.addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('submitted_at', 'timestamptz')
		.addColumn('score', 'integer')
		.addColumn('passed', 'boolean')
		.execute();
	// At most one open attempt per person and quiz: a second tab resumes the first.
	await sql`create unique index quiz_attempt_open_key on quiz_attempt (person_id, quiz_slug) where submitted_at is null`.execute(
		db
	);
	await db.schema
		.createIndex('quiz_attempt_person_idx')
		.on('quiz_attempt')
		.columns(['person_id', 'quiz_slug', 'started_at'])
		.execute();
	await db.schema
		.createIndex('quiz_attempt_submitted_idx')
		.on('quiz_attempt')
		.columns(['quiz_slug', 'submitted_at'])
		.execute();

	await db.schema
		.createTable('quiz_answer')
		.addColumn('attempt_id', 'uuid', (c) => c.notNull().references('quiz_attempt.id').onDelete('cascade'))
		.addColumn('step_id', 'text', (c) => c.notNull())
		.addColumn('selected', sql`text[]`, (c) => c.notNull())
		.addColumn('correct', 'boolean', (c) => c.notNull())
		.addColumn('answered_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('quiz_answer_pkey', ['attempt_id', 'step_id'])
		.execute();

	await db.schema
		.alterTable('module_progress')
		.addColumn('outcome', 'text', (c) => c.check(sql`outcome in ('did-not-pass')`))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('module_progress').dropColumn('outcome').execute();
	await db.schema.dropTable('quiz_answer').execute();
	await db.schema.dropTable('quiz_attempt').execute();
	await db.schema.dropTable('quiz_version').execute();
}
