import { sql, type Kysely } from 'kysely';

// Lists and reports are read from the tables themselves now, so nothing keeps copies that need
// telling when a table changes. The shared counter row every write updated made different
// people's writes wait on one another, and the announcement took a global lock at commit.
const tables = [
	'person',
	'policy_latest_acknowledgement',
	'module_progress',
	'declaration_return',
	'declared_interest',
	'supervision_record',
	'agreed_action'
];

export async function up(db: Kysely<any>): Promise<void> {
	for (const table of tables) {
		await sql`drop trigger if exists ${sql.id(`${table}_count_change`)} on ${sql.table(table)}`.execute(db);
	}
	await sql`drop function if exists count_change()`.execute(db);
	await db.schema.dropTable('change_count').ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('change_count')
		.addColumn('topic', 'text', (c) => c.primaryKey())
		.addColumn('n', 'bigint', (c) => c.notNull().defaultTo(0))
		.execute();
	for (const table of tables) await sql`insert into change_count (topic) values (${table})`.execute(db);
	await sql`
		create function count_change() returns trigger language plpgsql as $$
		begin
			update change_count set n = n + 1 where topic = tg_table_name;
			perform pg_notify('impartial_change', tg_table_name);
			return null;
		end $$`.execute(db);
	for (const table of tables) {
		await sql`create trigger ${sql.id(`${table}_count_change`)} after insert or update or delete on ${sql.table(table)} for each statement execute function count_change()`.execute(
			db
		);
	}
}
