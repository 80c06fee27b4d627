import { sql, type Kysely } from 'kysely';

// The reports count each supervision session under its subject's role, from the day they joined
// until they left, so every session of the days counted afresh needs its person's status, roles
// and dates. From the table that meant a whole person's row for each (three pages read per
// session), or all 20,000 rows read into a hash: at a month's last day, 8,500 sessions of the
// month so far took 70 to 130 ms either way. This index holds only what the count needs, so the
// database reads it alone: looked up for a few days' sessions, or read whole into a hash for a month.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`create index person_report_idx on person (id) include (status, roles, activated_at, created_at, deactivated_at)`.execute(
		db
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop index person_report_idx`.execute(db);
}
