import { sql, type Kysely } from 'kysely';

// One casework sample per worker and period: a second submit of the draw form (a double click, a
// retry, ten tabs at once) finds the first draw instead of making another with other cases. Each
// draw records whom it is about; draws made before this rule keep their place, numbered 2, 3 and
// so on within their worker and period, and every new draw is the first.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('casework_sample')
		.addColumn('subject_id', 'uuid', (c) => c.references('person.id').onDelete('cascade'))
		.addColumn('period_draw', 'integer', (c) => c.notNull().defaultTo(1))
		.execute();
	// A draw otherwise stands as made; these two columns are filled in once, here, by the owner.
	await sql`alter table casework_sample disable trigger casework_sample_guard`.execute(db);
	await sql`
		update casework_sample s set subject_id = r.subject_id, period_draw = numbered.n
		from supervision_record r, (
			select s2.record_id, row_number() over (partition by r2.subject_id, s2.period_from, s2.period_to order by s2.drawn_at, s2.record_id) as n
			from casework_sample s2 join supervision_record r2 on r2.id = s2.record_id
		) numbered
		where r.id = s.record_id and numbered.record_id = s.record_id`.execute(db);
	await sql`alter table casework_sample enable trigger casework_sample_guard`.execute(db);
	await db.schema
		.alterTable('casework_sample')
		.alterColumn('subject_id', (c) => c.setNotNull())
		.execute();
	await db.schema
		.createIndex('casework_sample_period_key')
		.on('casework_sample')
		.columns(['subject_id', 'period_from', 'period_to', 'period_draw'])
		.unique()
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('casework_sample_period_key').execute();
	await db.schema.alterTable('casework_sample').dropColumn('period_draw').dropColumn('subject_id').execute();
}
