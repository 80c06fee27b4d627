import { sql, type Kysely } from 'kysely';

// What the service tells families (leaflets, letter templates, web pages), each version kept with
// its text or PDF, and the steering group's review sub-group checking each version for
// impartiality: one review per member per version, then the coordinator's decision.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('leaflet')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('leaflet', 'letter', 'web-page')`))
		.addColumn('created_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('retired_at', 'timestamptz')
		.addColumn('retired_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.execute();

	await db.schema
		.createTable('leaflet_version')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('leaflet_id', 'uuid', (c) => c.notNull().references('leaflet.id').onDelete('cascade'))
		// 1, 2, 3 in the order they were made; `label` is the version as the service prints it.
		.addColumn('number', 'integer', (c) => c.notNull())
		.addColumn('label', 'text', (c) => c.notNull())
		.addColumn('dated', 'date', (c) => c.notNull())
		.addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('pdf', 'markdown', 'text')`))
		.addColumn('body_text', 'text')
		.addColumn('pdf', 'bytea')
		.addColumn('pdf_name', 'text')
		.addColumn('pdf_bytes', 'integer')
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('draft')
				.check(sql`status in ('draft', 'in-review', 'verified', 'sent-back')`)
		)
		.addColumn('created_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('sent_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.addColumn('sent_at', 'timestamptz')
		.addColumn('decided_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.addColumn('decided_at', 'timestamptz')
		.addColumn('decision_comments', 'text')
		.addCheckConstraint(
			'leaflet_version_body',
			sql`(format = 'pdf' and pdf is not null and body_text is null) or (format <> 'pdf' and body_text is not null and pdf is null)`
		)
		.addCheckConstraint(
			'leaflet_version_decided',
			sql`(status in ('verified', 'sent-back')) = (decided_at is not null)`
		)
		.addUniqueConstraint('leaflet_version_number_key', ['leaflet_id', 'number'])
		.execute();

	await db.schema
		.createTable('leaflet_reviewer')
		.addColumn('person_id', 'uuid', (c) => c.primaryKey().references('person.id').onDelete('cascade'))
		.addColumn('added_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();

	await db.schema
		.createTable('leaflet_review')
		.addColumn('version_id', 'uuid', (c) => c.notNull().references('leaflet_version.id').onDelete('cascade'))
		.addColumn('reviewer_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('impartial', 'boolean', (c) => c.notNull())
		.addColumn('comments', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('reviewed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		// One review per member per version: a second is refused by the database as well as the app.
		.addPrimaryKeyConstraint('leaflet_review_pkey', ['version_id', 'reviewer_id'])
		.execute();

	await db.schema
		.createIndex('leaflet_version_status_idx')
		.on('leaflet_version')
		.columns(['status', 'decided_at'])
		.execute();
	await db.schema.createIndex('leaflet_title_idx').on('leaflet').columns(['title']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('leaflet_review').execute();
	await db.schema.dropTable('leaflet_reviewer').execute();
	await db.schema.dropTable('leaflet_version').execute();
	await db.schema.dropTable('leaflet').execute();
}
