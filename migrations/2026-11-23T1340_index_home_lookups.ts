import { sql, type Kysely } from 'kysely';

// Every home page looks up one person's latest acknowledgements, and a supervisor's also looks for
// supervisees who did not pass a quiz; a coordinator's counts people still invited. Without these
// each of those read a whole table on every visit.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createIndex('policy_latest_acknowledgement_person_idx')
		.on('policy_latest_acknowledgement')
		.column('person_id')
		.execute();
	await sql`create index module_progress_did_not_pass_idx on module_progress (person_id) where outcome = 'did-not-pass'`.execute(
		db
	);
	await db.schema.createIndex('person_status_idx').on('person').column('status').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('person_status_idx').execute();
	await db.schema.dropIndex('module_progress_did_not_pass_idx').execute();
	await db.schema.dropIndex('policy_latest_acknowledgement_person_idx').execute();
}
