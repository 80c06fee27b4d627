import { sql, type Kysely } from 'kysely';

// Images uploaded for modules and other content, named by the hash of what is stored.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create table content_file (
			name text primary key check (name ~ '^[a-f0-9]{64}\\.(png|jpg|svg)$'),
			content_type text not null check (content_type in ('image/png', 'image/jpeg', 'image/svg+xml')),
			bytes bytea not null,
			size integer not null,
			description text not null,
			original_name text not null,
			uploaded_by uuid references person (id) on delete set null,
			uploaded_at timestamptz not null default now()
		)`.execute(db);
	await sql`create index content_file_uploaded_idx on content_file (uploaded_at desc, name)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop table content_file`.execute(db);
}
