// Figures for months that have ended, worked out from the rows once and kept in a table of their
// own (`report_month` for the records, `feedback_month` for families' answers), so a report over
// ten years reads 120 small rows rather than every row of those years. A kept month is used only
// while it is current: each change to a row of an ended month is noted in the matching change
// table by a trigger, with the transaction that made it, and a kept month stands only if the
// snapshot it was worked out in already saw every change noted for it (or for every month, a
// change noted with no month). Nothing is shared between two writers: each change is a row of its
// own. See the migrations that make the tables.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { dayPlusDays, serviceDay } from '../../format';
import { workOutAndKeep } from '../db/snapshot';

type Db = Kysely<DB>;

export interface KeptMonths<T> {
	/** The table the figures are kept in, and the one changes to their rows are noted in. */
	table: 'report_month' | 'feedback_month';
	changes: 'report_month_change' | 'feedback_month_change';
	/** What the figures depend on besides the rows: a month kept under another key is worked out again. */
	key: string;
	/** Works out the figures of every month from the first to the last given, from the rows. */
	count: (trx: Db, first: string, last: string) => Promise<Map<string, T>>;
	/** The figures of a month with no rows. */
	none: () => T;
}

/** The figures for each of the months (each a first day, all ended), kept ones read, the rest worked out and kept. */
export async function keptMonths<T>(db: Db, months: string[], of: KeptMonths<T>): Promise<Map<string, T>> {
	if (!months.length) return new Map();
	const kept = await currentKept(db, months, of);
	const missing = months.filter((m) => !kept.has(m));
	if (missing.length) for (const [month, figures] of await keepMonths(db, missing, of)) kept.set(month, figures);
	return kept;
}

/** The kept months among `months` that are still current. */
async function currentKept<T>(db: Db, months: string[], of: KeptMonths<T>): Promise<Map<string, T>> {
	// As text, parsed here: handed over as JSON, every key of ten years of figures would be
	// renamed to camel case one by one (they already are), which cost more than reading them.
	const { rows } = await sql<{ month: string; figures: string }>`
		select to_char(k.month, 'YYYY-MM-DD') as month, k.figures::text as figures from ${sql.table(of.table)} k
		where k.month = any(${months}::date[]) and k.figures->>'key' = ${of.key}
			and not exists (
				select 1 from ${sql.table(of.changes)} c
				where (c.month = k.month or c.month is null) and not pg_visible_in_snapshot(c.xid, k.snapshot)
			)`.execute(db);
	return new Map(rows.map((r) => [r.month, JSON.parse(r.figures) as T]));
}

/** Works out the given months from the rows and keeps them, with the snapshot they were read in. */
function keepMonths<T>(db: Db, months: string[], of: KeptMonths<T>): Promise<Map<string, T>> {
	return workOutAndKeep(
		db,
		async (trx) => {
			const counted = await of.count(trx, months[0]!, months[months.length - 1]!);
			return new Map(months.map((m) => [m, counted.get(m) ?? of.none()]));
		},
		async (trx, kept, snapshot) => {
			const figures = [...kept].map(([month, c]) => ({ month, figures: { ...c, key: of.key } }));
			await sql`
				insert into ${sql.table(of.table)} (month, figures, snapshot)
				select m.month, m.figures, ${snapshot}::pg_snapshot
				from jsonb_to_recordset(${JSON.stringify(figures)}::jsonb) as m(month date, figures jsonb)
				on conflict (month) do update set figures = excluded.figures, snapshot = excluded.snapshot, computed_at = now()`.execute(
				trx
			);
			// Changes every kept month has seen are of no further use.
			await sql`
				delete from ${sql.table(of.changes)} c
				where pg_visible_in_snapshot(c.xid, ${snapshot}::pg_snapshot)
					and (c.month = any(${months}::date[])
						or not exists (select 1 from ${sql.table(of.table)} k where (c.month is null or k.month = c.month)
							and not pg_visible_in_snapshot(c.xid, k.snapshot)))`.execute(trx);
		}
	);
}

/**
 * The first month (its first day) that cannot be kept yet: every earlier month ended two or more
 * days before `now` on the service's clock, so no write dated by a clock that is a little behind
 * can still be filed under it without its trigger noting the change. A month's last day is two
 * or more days back exactly when the month after it began yesterday or earlier, that is, when it
 * comes before yesterday's month. A month can be kept when it is earlier than this one.
 */
export const firstMonthNotEnded = (now: Date) => monthOf(dayPlusDays(serviceDay(now), -1));

/** The first day of the month a day is in, and of the month after. */
export const monthOf = (day: string) => `${day.slice(0, 7)}-01`;
export const nextMonth = (month: string) => {
	const [y, m] = month.split('-').map(Number) as [number, number];
	return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};
