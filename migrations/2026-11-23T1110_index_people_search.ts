import { sql, type Kysely } from 'kysely';

// People are searched by any part of their name or email address: trigram indexes answer that
// without reading every person twice (once for the page, once for the count).
export async function up(db: Kysely<any>): Promise<void> {
	await sql`create extension if not exists pg_trgm`.execute(db);
	await sql`create index person_name_trgm_idx on person using gin (name gin_trgm_ops)`.execute(db);
	await sql`create index person_email_trgm_idx on person using gin (email gin_trgm_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop index person_email_trgm_idx`.execute(db);
	await sql`drop index person_name_trgm_idx`.execute(db);
}
