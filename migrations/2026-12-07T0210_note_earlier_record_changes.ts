import { sql, type Kysely } from 'kysely';

// The reports' figures about people today now read earlier records (someone inducted before the
// service used Impartial): a change to them is noted like a change to a person, so a kept figure
// never outlives it (see 2026-12-07T0020_keep_report_standing).
export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create trigger earlier_record_report_standing after insert or update or delete or truncate on earlier_record
		for each statement execute function report_standing_changed()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger earlier_record_report_standing on earlier_record`.execute(db);
}
