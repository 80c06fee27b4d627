import { type Kysely } from 'kysely';

// What reminders have gone out: one row per email per person per day, and one per reminder, so that
// running the job twice, or on two instances at once, sends nothing twice.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('reminder_email')
		.addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('day', 'date', (c) => c.notNull())
		.addColumn('sent_at', 'timestamptz', (c) => c.notNull())
		.addPrimaryKeyConstraint('reminder_email_pkey', ['person_id', 'day'])
		.execute();
	await db.schema
		.createTable('reminder_item')
		.addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('day', 'date', (c) => c.notNull())
		.addPrimaryKeyConstraint('reminder_item_pkey', ['person_id', 'key'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('reminder_item').execute();
	await db.schema.dropTable('reminder_email').execute();
}
