import { sql, type Kysely } from 'kysely';

// The steering group's review of a policy draft. A coordinator sends the draft to chosen members;
// each member may comment (and say whether they approve) as often as they need; on publishing, the
// review is closed against the version it produced, with the date the group approved it if the
// coordinator records one. A version's review is kept with it for as long as the version is.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('policy_review')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		// The document whose draft is under review (a policy's newest version).
		.addColumn('document_id', 'uuid', (c) => c.notNull().references('content_document.id').onDelete('cascade'))
		.addColumn('sent_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.addColumn('sent_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		// Set on publishing: the version the review produced, and when the group approved it (if recorded).
		.addColumn('revision_id', 'uuid', (c) => c.references('content_revision.id').unique())
		.addColumn('reviewed_on', 'date')
		.addColumn('recorded_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.addCheckConstraint('policy_review_date_with_version', sql`reviewed_on is null or revision_id is not null`)
		.execute();
	// One open review per draft.
	await sql`create unique index policy_review_one_open on policy_review (document_id) where revision_id is null`.execute(
		db
	);
	await db.schema
		.createTable('policy_reviewer')
		.addColumn('review_id', 'uuid', (c) => c.notNull().references('policy_review.id').onDelete('cascade'))
		.addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('policy_reviewer_pk', ['review_id', 'person_id'])
		.execute();
	await db.schema.createIndex('policy_reviewer_by_person').on('policy_reviewer').column('person_id').execute();
	await db.schema
		.createTable('policy_review_comment')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('review_id', 'uuid', (c) => c.notNull().references('policy_review.id').onDelete('cascade'))
		.addColumn('author_id', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.addColumn('approves', 'boolean', (c) => c.notNull())
		.addColumn('comment', 'text', (c) => c.notNull())
		// The draft the member read, so a comment on an earlier text can be told apart.
		.addColumn('draft_hash', 'text', (c) => c.notNull())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema
		.createIndex('policy_review_comment_by_review')
		.on('policy_review_comment')
		.columns(['review_id', 'created_at'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('policy_review_comment').execute();
	await db.schema.dropTable('policy_reviewer').execute();
	await db.schema.dropTable('policy_review').execute();
}
