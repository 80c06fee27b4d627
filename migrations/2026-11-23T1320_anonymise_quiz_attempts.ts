import { sql, type Kysely } from 'kysely';

// Retention keeps old quiz attempts for the reports but detaches them from the person: person_id
// is cleared and anonymous_key, random and the same for one person's attempts retired in one run,
// keeps counts of distinct people right.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('quiz_attempt')
		.alterColumn('person_id', (c) => c.dropNotNull())
		.execute();
	await db.schema.alterTable('quiz_attempt').addColumn('anonymous_key', 'uuid').execute();
	await db.schema
		.alterTable('quiz_attempt')
		.addCheckConstraint('quiz_attempt_person_or_key', sql`person_id is not null or anonymous_key is not null`)
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	// Anonymised attempts belong to no one and cannot go back under a not-null person_id.
	await sql`delete from quiz_attempt where person_id is null`.execute(db);
	await db.schema.alterTable('quiz_attempt').dropConstraint('quiz_attempt_person_or_key').execute();
	await db.schema.alterTable('quiz_attempt').dropColumn('anonymous_key').execute();
	await db.schema
		.alterTable('quiz_attempt')
		.alterColumn('person_id', (c) => c.setNotNull())
		.execute();
}
