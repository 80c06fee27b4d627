import { sql, type Kysely } from 'kysely';

// A person's own acknowledgements (their record, its export) are read by person, which the
// index by policy first cannot answer without reading every acknowledgement of the policy.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`create index policy_acknowledgement_by_person_idx on policy_acknowledgement (person_id, slug, acknowledged_at)`.execute(
		db
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop index policy_acknowledgement_by_person_idx`.execute(db);
}
