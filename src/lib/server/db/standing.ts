// Figures about people as they stand today (the reports', the compliance counts) read everyone: at 20,000 people that is
// most of a report's work. They are kept, for the service day and the question asked (period,
// intervals, policies in force), in `report_standing`, with the snapshot they were read in. Every
// statement that changes what they read (a person's roles, dates or induction stage, an
// acknowledgement, a declaration, a module completed) notes a change in `report_standing_change`
// with its transaction, by a trigger; a kept figure stands only while its snapshot had already
// seen every change noted. Notes are only ever inserted, so no two people's writes wait on one
// another. See the migration keep_report_standing.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema';
import { workOutAndKeep } from './snapshot';

type Db = Kysely<DB>;

/**
 * The figures `work` gives for `question` on the service day `day`: kept ones while nothing they
 * read has changed since, else worked out afresh and kept. `question` is everything besides the
 * records that the figures depend on.
 */
export async function keptStanding<T>(
	db: Db,
	day: string,
	question: unknown,
	work: (db: Db) => Promise<T>
): Promise<T> {
	const key = createHash('sha256').update(JSON.stringify(question)).digest('hex').slice(0, 32);
	// As text, parsed here, so its keys are not renamed to camel case one by one (see reports/kept.ts).
	const { rows } = await sql<{ figures: string }>`
		select k.figures::text as figures from report_standing k
		where k.key = ${key} and k.day = ${day}::date
			and not exists (
				select 1 from report_standing_change c
				where c.xid >= pg_snapshot_xmin(k.snapshot) and not pg_visible_in_snapshot(c.xid, k.snapshot)
			)`.execute(db);
	if (rows[0]) return JSON.parse(rows[0].figures) as T;
	return workOutAndKeep(db, work, async (trx, figures, snapshot) => {
		await sql`
			insert into report_standing (key, day, figures, snapshot)
			values (${key}, ${day}::date, ${JSON.stringify(figures)}::json, ${snapshot}::pg_snapshot)
			on conflict (key) do update set day = excluded.day, figures = excluded.figures, snapshot = excluded.snapshot, computed_at = now()`.execute(
			trx
		);
		await forgetOldStanding(trx, day);
	});
}

/**
 * Kept figures for days gone by answer nothing, and none is kept for more than a day. Changes noted
 * two days ago or more were then seen by every figure still kept (no transaction of the app's stays
 * open for a day), so their notes can go. Both ages are read on the database's clock, so a figure
 * asked for on another day (a test's, or a server whose clock is wrong) never outlives a note it
 * needs.
 */
export async function forgetOldStanding(db: Db, day: string): Promise<void> {
	await sql`delete from report_standing where day < ${day}::date or computed_at < now() - interval '1 day'`.execute(db);
	await sql`delete from report_standing_change where changed_at < now() - interval '2 days'`.execute(db);
}
