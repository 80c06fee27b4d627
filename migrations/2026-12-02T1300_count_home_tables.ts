import { sql, type Kysely } from 'kysely';

// Everything a person's home page reads is now counted and announced like people, progress and
// acknowledgements, so that each person's home can be kept in memory between visits and worked out
// again only after one of these tables changes.
const tables = ['declaration_return', 'declared_interest', 'supervision_record', 'agreed_action'];

export async function up(db: Kysely<any>): Promise<void> {
	for (const table of tables) {
		await sql`insert into change_count (topic) values (${table})`.execute(db);
		await sql`create trigger ${sql.id(`${table}_count_change`)} after insert or update or delete on ${sql.table(table)} for each statement execute function count_change()`.execute(
			db
		);
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of tables) {
		await sql`drop trigger ${sql.id(`${table}_count_change`)} on ${sql.table(table)}`.execute(db);
		await sql`delete from change_count where topic = ${table}`.execute(db);
	}
}
