import { sql, type Kysely } from 'kysely';

// Each chosen answer carries the month its response came in, as its response does, so that the
// results for a period are counted from one index of answers (month, question, value) instead of
// joining every answer ever given to the responses of the period. It is the same month as the
// response's: the two are written together and never changed.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('feedback_answer').addColumn('received_month', 'date').execute();
	await sql`update feedback_answer a set received_month = r.received_month from feedback_response r where r.id = a.response_id`.execute(
		db
	);
	await db.schema
		.alterTable('feedback_answer')
		.alterColumn('received_month', (c) => c.setNotNull())
		.execute();
	await db.schema
		.createIndex('feedback_answer_month_idx')
		.on('feedback_answer')
		.columns(['received_month', 'question_id', 'value'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('feedback_answer_month_idx').execute();
	await db.schema.alterTable('feedback_answer').dropColumn('received_month').execute();
}
