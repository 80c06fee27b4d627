import { sql, type Kysely } from 'kysely';

// The coordinator's plain-English commentary for a period's annual report pack.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('report_commentary')
		.addColumn('period_from', 'date', (c) => c.notNull())
		.addColumn('period_to', 'date', (c) => c.notNull())
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('updated_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('report_commentary_pkey', ['period_from', 'period_to'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('report_commentary').execute();
}
