import { sql, type Kysely } from 'kysely';

// A counted change is also announced on the channel impartial_change, naming its table. Each
// instance listens there, so a value it keeps (the people list, compliance with a policy) is
// known to be current without asking the database on every request. PostgreSQL delivers the
// announcement when the change commits, and never for a change rolled back.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create or replace function count_change() returns trigger language plpgsql as $$
		begin
			update change_count set n = n + 1 where topic = tg_table_name;
			perform pg_notify('impartial_change', tg_table_name);
			return null;
		end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`
		create or replace function count_change() returns trigger language plpgsql as $$
		begin
			update change_count set n = n + 1 where topic = tg_table_name;
			return null;
		end $$`.execute(db);
}
