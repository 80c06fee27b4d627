import { sql, type Kysely } from 'kysely';

// Changes to module progress are counted and announced like those to people, so that each
// reader's progress can be kept in memory between the pages they read and worked out again only
// after a change to someone's progress.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`insert into change_count (topic) values ('module_progress')`.execute(db);
	await sql`create trigger module_progress_count_change after insert or update or delete on module_progress for each statement execute function count_change()`.execute(
		db
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger module_progress_count_change on module_progress`.execute(db);
	await sql`delete from change_count where topic = 'module_progress'`.execute(db);
}
