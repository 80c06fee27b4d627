import { sql, type Kysely } from 'kysely';

// Certificates a person has been issued, each with the facts it states frozen at issue, so the
// same PDF can be made again and the record stands whatever later changes in the content; and the
// failed lookups of verification codes, counted per network address to throttle guessing.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('certificate')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('induction', 'course')`))
		// What is certified: 'induction', or 'course:<slug>'; one live certificate each.
		.addColumn('achievement', 'text', (c) => c.notNull())
		.addColumn('cohort_id', 'uuid', (c) => c.references('cohort.id').onDelete('set null'))
		.addColumn('code', 'text', (c) => c.notNull().unique())
		.addColumn('facts', 'jsonb', (c) => c.notNull())
		.addColumn('issued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('issued_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.addColumn('withdrawn_at', 'timestamptz')
		.execute();
	await sql`create unique index certificate_live_key on certificate (person_id, achievement) where withdrawn_at is null`.execute(
		db
	);
	await db.schema.createIndex('certificate_person_idx').on('certificate').columns(['person_id', 'issued_at']).execute();

	await db.schema
		.createTable('certificate_lookup_failure')
		.addColumn('id', 'bigserial', (c) => c.primaryKey())
		.addColumn('address', 'text', (c) => c.notNull())
		.addColumn('failed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema
		.createIndex('certificate_lookup_failure_address_idx')
		.on('certificate_lookup_failure')
		.columns(['address', 'failed_at'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('certificate_lookup_failure').execute();
	await db.schema.dropTable('certificate').execute();
}
