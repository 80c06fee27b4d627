import { sql, type Kysely } from 'kysely';

// Compliance, the register and the reports rate every active person on each request. These
// indexes hold just what rating reads, so the database scans two narrow indexes rather than the
// wide person rows and every version of each kept acknowledgement.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create index person_active_rating_idx on person (id)
		include (roles, activated_at, created_at, name, supervisor_id) where status = 'active'`.execute(db);
	await sql`
		create index policy_latest_acknowledgement_rating_idx on policy_latest_acknowledgement (slug, person_id)
		include (version, acknowledged_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop index policy_latest_acknowledgement_rating_idx`.execute(db);
	await sql`drop index person_active_rating_idx`.execute(db);
}
