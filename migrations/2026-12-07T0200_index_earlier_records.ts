import type { Kysely } from 'kysely';

// The reports count earlier records of one kind in a period (IPS courses attended before the
// service used Impartial); this index answers that without reading every person's records.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createIndex('earlier_record_kind_day_idx')
		.on('earlier_record')
		.columns(['kind', 'happened_on'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('earlier_record_kind_day_idx').execute();
}
