import { sql, type Kysely } from 'kysely';

// The comments a coordinator chose to quote are read by every report and annual pack for its
// period. By month alone, the database read every comment of the period to find the few quoted
// (7,000 comments over ten years at 20,000 people: 3.5 ms for none); this index holds only the
// quoted ones, in the order they are shown.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`create index feedback_comment_quoted_idx on feedback_comment (received_month, id) where quote`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop index feedback_comment_quoted_idx`.execute(db);
}
