import { sql, type Kysely } from 'kysely';

// A coordinator's list of everyone's supervision, most urgent first, used to work out every active
// person's next due day and sort them all (20,000 people: 11 ms of database time alone, and far
// more under load). Next due is the day supervision is measured from plus the interval for the
// person's roles, and for the people who share an interval that order is the order of the day
// they are measured from. These two indexes give that order directly, one for the people with a
// supervision on record (by its day) and one for those without (by when they joined), so the list
// reads only as many people as the page shows from each.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`create index person_supervised_idx on person (last_supervision_on, name, id) include (roles)
		where status = 'active' and last_supervision_on is not null`.execute(db);
	await sql`create index person_never_supervised_idx on person ((coalesce(activated_at, created_at)), id)
		include (name, roles, activated_at, created_at) where status = 'active' and last_supervision_on is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop index person_never_supervised_idx`.execute(db);
	await sql`drop index person_supervised_idx`.execute(db);
}
