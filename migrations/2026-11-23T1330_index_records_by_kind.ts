import type { Kysely } from 'kysely';

// Reports read supervision records by kind and date across everyone (observations and samples in
// a period), which would otherwise read every record's text.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createIndex('supervision_record_kind_held_idx')
		.on('supervision_record')
		.columns(['kind', 'held_on'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('supervision_record_kind_held_idx').execute();
}
