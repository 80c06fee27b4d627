import { sql, type Kysely } from 'kysely';

// A count of the statements that changed a table, raised in the same transaction as the change.
// A value worked out from those tables (the compliance of everyone with a policy) can be kept in
// memory and trusted while the counts stand: a change becomes visible to other connections only
// together with its new count, so no instance can keep an answer that misses it.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('change_count')
		.addColumn('topic', 'text', (c) => c.primaryKey())
		.addColumn('n', 'bigint', (c) => c.notNull().defaultTo(0))
		.execute();
	await sql`insert into change_count (topic) values ('person'), ('policy_latest_acknowledgement')`.execute(db);
	await sql`
		create function count_change() returns trigger language plpgsql as $$
		begin
			update change_count set n = n + 1 where topic = tg_table_name;
			return null;
		end $$`.execute(db);
	for (const table of ['person', 'policy_latest_acknowledgement']) {
		await sql`create trigger ${sql.id(`${table}_count_change`)} after insert or update or delete on ${sql.table(table)} for each statement execute function count_change()`.execute(
			db
		);
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['person', 'policy_latest_acknowledgement']) {
		await sql`drop trigger ${sql.id(`${table}_count_change`)} on ${sql.table(table)}`.execute(db);
	}
	await sql`drop function count_change()`.execute(db);
	await db.schema.dropTable('change_count').execute();
}
