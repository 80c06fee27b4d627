import { sql, type Kysely } from 'kysely';

// What a service knew about its people before it used Impartial (induction, the IPS course, the
// last acknowledgement, supervision and declaration), entered from its own records by a
// coordinator, kept as what it is; and the files a coordinator has uploaded to import people,
// held between the preview and the confirmation so that the confirmation applies what was shown.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('earlier_record')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) =>
			c
				.notNull()
				.check(
					sql`kind in ('started', 'induction', 'ips-course', 'policy-acknowledgement', 'supervision', 'declaration')`
				)
		)
		.addColumn('happened_on', 'date', (c) => c.notNull())
		.addColumn('entered_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.addColumn('entered_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('earlier_record_once', ['person_id', 'kind', 'happened_on'])
		.execute();
	// An earlier declaration counts as a return made that day, marked as coming from earlier records.
	await db.schema
		.alterTable('declaration_return')
		.addColumn('earlier_record_id', 'uuid', (c) => c.references('earlier_record.id').onDelete('cascade'))
		.execute();
	await db.schema
		.createTable('person_import')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('uploaded_by', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('uploaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('file_name', 'text', (c) => c.notNull())
		.addColumn('rows', 'jsonb', (c) => c.notNull())
		.addColumn('plan_hash', 'text', (c) => c.notNull())
		.addColumn('confirmed_at', 'timestamptz')
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('person_import').execute();
	await db.schema.alterTable('declaration_return').dropColumn('earlier_record_id').execute();
	await db.schema.dropTable('earlier_record').execute();
}
