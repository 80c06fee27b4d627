import { sql, type Kysely } from 'kysely';

// The service's logo chosen in the browser, every choice kept: the newest row is the one in use,
// and a row without a file puts back the logo service.yml names (or none). Each choice is a
// content publication, so every instance picks it up as it picks up a published module.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create table service_logo (
			id integer generated always as identity primary key,
			file_name text references content_file (name),
			alt_text text check (alt_text is null or length(alt_text) between 1 and 250),
			set_by uuid references person (id) on delete set null,
			set_at timestamptz not null default now(),
			publication_id integer not null references content_publication (id)
		)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop table service_logo`.execute(db);
}
