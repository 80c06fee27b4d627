import { sql, type Kysely } from 'kysely';

// The service's content kept in its own database: each file of the content/ tree is a document,
// and every text it has had is a revision. Published revisions are kept for ever; a document has
// at most one draft. Each publication gets a number, so that every instance can tell with one
// cheap read whether the content it holds is still the latest.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('content_publication')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		.addColumn('published_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema
		.createTable('content_document')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('slug', 'text', (c) => c.notNull())
		.addColumn('path', 'text', (c) => c.notNull().unique())
		// The shipped file as last seen at start-up, so an upgrade can tell what the library changed.
		.addColumn('shipped_hash', 'text')
		.addColumn('shipped_body', 'text')
		// Set when the library changed a document the service has edited: the service's text stays.
		.addColumn('shipped_changed_at', 'timestamptz')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('content_document_by_kind').on('content_document').columns(['kind', 'slug']).execute();
	await db.schema
		.createTable('content_revision')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('document_id', 'uuid', (c) => c.notNull().references('content_document.id').onDelete('cascade'))
		// Text for Markdown and YAML; bytes for images such as the logo.
		.addColumn('body', 'text')
		.addColumn('bytes', 'bytea')
		.addColumn('hash', 'text', (c) => c.notNull())
		.addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('draft', 'published')`))
		.addColumn('change', 'text', (c) => c.check(sql`change in ('major', 'minor')`))
		.addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
		// No author: the text came from the shipped library.
		.addColumn('author_id', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('publication_id', 'integer', (c) => c.references('content_publication.id'))
		.addCheckConstraint('content_revision_has_a_body', sql`(body is null) <> (bytes is null)`)
		.addCheckConstraint(
			'content_revision_published_has_publication',
			sql`(state = 'published') = (publication_id is not null)`
		)
		.execute();
	await sql`create unique index content_revision_one_draft on content_revision (document_id) where state = 'draft'`.execute(
		db
	);
	await sql`create index content_revision_published on content_revision (document_id, publication_id desc) where state = 'published'`.execute(
		db
	);
	// A published revision is what people read and what completions are pinned to: never changed.
	await sql`
		create function content_revision_keep_published() returns trigger language plpgsql as $$
		begin
			if old.state = 'published' then
				raise exception 'a published content revision cannot be changed';
			end if;
			return new;
		end $$`.execute(db);
	await sql`
		create trigger content_revision_keep_published before update on content_revision
		for each row execute function content_revision_keep_published()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('content_revision').execute();
	await sql`drop function content_revision_keep_published()`.execute(db);
	await db.schema.dropTable('content_document').execute();
	await db.schema.dropTable('content_publication').execute();
}
