import { sql, type Kysely } from 'kysely';

// Kept figures are read far more often than they are kept, and always whole: the reports hand
// them to the app as text. Stored as jsonb, every read rebuilt that text from its binary form, and
// for the twenty kept months and days of a twelve-month report (about 100 KB) the statement took
// 1.2 to 2.0 ms on every view, measured alone at 20,000 people. Stored as json, the text is kept
// as it was written and read back as it is: 0.5 to 0.7 ms for the same rows. What each figure was
// counted under (the roles' intervals), which the reads compare, moves out of the figures into a
// column of its own, so that no read has to look inside them. The rows are kept, converted as
// they stand.
const keptTables = [
	'report_year',
	'report_month',
	'report_day',
	'feedback_year',
	'feedback_month',
	'feedback_link_month'
] as const;

export async function up(db: Kysely<any>): Promise<void> {
	for (const table of keptTables) {
		await sql`alter table ${sql.table(table)} add column key text`.execute(db);
		await sql`update ${sql.table(table)} set key = coalesce(figures->>'key', ''), figures = figures - 'key'`.execute(
			db
		);
		await sql`alter table ${sql.table(table)} alter column key set not null`.execute(db);
		await sql`alter table ${sql.table(table)} alter column figures type json using figures::json`.execute(db);
	}
	// The standing of everyone today already keeps its key apart.
	await sql`alter table report_standing alter column figures type json using figures::json`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`alter table report_standing alter column figures type jsonb using figures::jsonb`.execute(db);
	for (const table of keptTables) {
		await sql`alter table ${sql.table(table)} alter column figures type jsonb using figures::jsonb`.execute(db);
		await sql`update ${sql.table(table)} set figures = figures || jsonb_build_object('key', key)`.execute(db);
		await sql`alter table ${sql.table(table)} drop column key`.execute(db);
	}
}
