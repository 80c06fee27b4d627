import { sql, type Kysely } from 'kysely';

// Families' feedback. Nothing here identifies a family: a response knows the month it came in,
// the channel and the link it followed, and never a case, a person, a time of day or an address.
// Comments are kept apart from chosen answers so they can be removed on their own, sooner. The
// intake rows throttle the public form: a salted hash of the client's address, whose salt is
// thrown away after a day, so no address can be worked back from them.
export async function up(db: Kysely<any>): Promise<void> {
	const channels = sql`('helpline', 'email', 'meeting', 'workshop', 'other')`;
	await db.schema
		.createTable('feedback_link')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('code', 'text', (c) => c.notNull().unique())
		.addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ${channels}`))
		.addColumn('label', 'text', (c) => c.notNull())
		.addColumn('worker_id', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.addColumn('created_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('retired_at', 'timestamptz')
		.execute();
	await db.schema.createIndex('feedback_link_worker_idx').on('feedback_link').column('worker_id').execute();

	await db.schema
		.createTable('feedback_response')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('link_id', 'uuid', (c) => c.references('feedback_link.id').onDelete('set null'))
		.addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ${channels}`))
		.addColumn('audience', 'text', (c) => c.notNull())
		.addColumn('questionnaire_version', 'integer', (c) => c.notNull())
		// The first day of the month it came in: no day or time that could match it to one conversation.
		.addColumn('received_month', 'date', (c) => c.notNull().check(sql`extract(day from received_month) = 1`))
		.execute();
	await db.schema
		.createIndex('feedback_response_month_idx')
		.on('feedback_response')
		.columns(['received_month', 'channel'])
		.execute();
	await db.schema
		.createIndex('feedback_response_link_idx')
		.on('feedback_response')
		.columns(['link_id', 'received_month'])
		.execute();

	await db.schema
		.createTable('feedback_answer')
		.addColumn('response_id', 'uuid', (c) => c.notNull().references('feedback_response.id').onDelete('cascade'))
		.addColumn('question_id', 'text', (c) => c.notNull())
		.addColumn('value', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('feedback_answer_pkey', ['response_id', 'question_id'])
		.execute();
	await db.schema
		.createIndex('feedback_answer_question_idx')
		.on('feedback_answer')
		.columns(['question_id', 'value'])
		.execute();

	await db.schema
		.createTable('feedback_comment')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('response_id', 'uuid', (c) => c.notNull().references('feedback_response.id').onDelete('cascade'))
		.addColumn('question_id', 'text', (c) => c.notNull())
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('received_month', 'date', (c) => c.notNull())
		.addColumn('themes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
		// Chosen by a coordinator to be quoted in the annual report and the steering group's reports.
		.addColumn('quote', 'boolean', (c) => c.notNull().defaultTo(false))
		.execute();
	await db.schema.createIndex('feedback_comment_month_idx').on('feedback_comment').column('received_month').execute();

	await db.schema
		.createTable('feedback_salt')
		.addColumn('day', 'date', (c) => c.primaryKey())
		.addColumn('salt', 'text', (c) => c.notNull())
		.execute();
	await db.schema
		.createTable('feedback_intake')
		.addColumn('link_key', 'text', (c) => c.notNull())
		.addColumn('client_key', 'text', (c) => c.notNull())
		.addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('feedback_intake_link_idx').on('feedback_intake').columns(['link_key', 'at']).execute();
	await db.schema
		.createIndex('feedback_intake_client_idx')
		.on('feedback_intake')
		.columns(['client_key', 'at'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('feedback_intake').execute();
	await db.schema.dropTable('feedback_salt').execute();
	await db.schema.dropTable('feedback_comment').execute();
	await db.schema.dropTable('feedback_answer').execute();
	await db.schema.dropTable('feedback_response').execute();
	await db.schema.dropTable('feedback_link').execute();
}
