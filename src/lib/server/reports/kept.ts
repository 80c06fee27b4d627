// Figures for years, months and days that have ended, worked out from the rows once and kept in a
// table of their own (`report_year`, `report_month` and `report_day` for the records,
// `feedback_year` and `feedback_month` for families' answers, `feedback_link_month` for the
// responses through each link), so a report over ten years reads about ten rows of each rather than
// every row of those years, and a report to today reads the month so far as a few kept days. Kept
// figures are used only while they are current: each change to a row of an ended month or day is
// noted in the matching change table by a trigger, with the transaction that made it, and kept
// figures stand only if the snapshot they were worked out in already saw every change noted for
// their day, their month or a month of their year (or for everything, a change noted with no
// month). Nothing is shared between two writers: each change is a row of its own. See the
// migrations that make the tables.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { dayPlusDays, serviceDay } from '../../format';
import { lostARace, workOutAndKeep } from '../db/snapshot';
import { dayInText } from '../db/prepared';

type Db = Kysely<DB>;

/** A table of kept figures: one row a year or a month (its first day), or a day. */
interface KeptTable {
	table: 'report_year' | 'report_month' | 'report_day' | 'feedback_year' | 'feedback_month' | 'feedback_link_month';
	span: 'year' | 'month' | 'day';
}

/** The tables of figures each table of changes serves: a change is let go once none of them needs it. */
const servedBy = {
	report_month_change: [
		{ table: 'report_year', span: 'year' },
		{ table: 'report_month', span: 'month' },
		{ table: 'report_day', span: 'day' }
	],
	feedback_month_change: [
		{ table: 'feedback_year', span: 'year' },
		{ table: 'feedback_month', span: 'month' },
		{ table: 'feedback_link_month', span: 'month' }
	]
} satisfies Record<string, KeptTable[]>;

export interface KeptFigures<T> extends KeptTable {
	/** The table changes to the rows behind the figures are noted in. */
	changes: keyof typeof servedBy;
	/** What the figures depend on besides the rows: figures kept under another key are worked out again. */
	key: string;
	/** Works out the figures of every month or day from the first to the last given, from the rows. */
	count: (trx: Db, first: string, last: string) => Promise<Map<string, T>>;
	/** The figures of a month or day with no rows. */
	none: () => T;
}

/** The figures for each of the months or days (all ended), kept ones read, the rest worked out and kept. */
export async function keptFigures<T>(db: Db, spans: string[], of: KeptFigures<T>): Promise<Map<string, T>> {
	return (await keptFiguresOfEach(db, [{ spans, of }]))[0]!;
}

/**
 * The same for several tables of figures at once (the months and the days of a report): what is
 * kept is read from all of them in one statement.
 */
export async function keptFiguresOfEach<T>(
	db: Db,
	wanted: { spans: string[]; of: KeptFigures<T> }[]
): Promise<Map<string, T>[]> {
	const kept = await currentKept(db, wanted);
	return Promise.all(
		wanted.map(async ({ spans, of }, i) => {
			const found = kept[i]!;
			const missing = spans.filter((s) => !found.has(s));
			if (missing.length) for (const [span, figures] of await keepFigures(db, missing, of)) found.set(span, figures);
			return found;
		})
	);
}

/** A kept row's year, month or day. */
const spanOf = (alias: string, { span }: KeptTable) => sql.ref(`${alias}.${span}`);

/**
 * A noted change `c` that the kept row `k` depends on, besides one noted for everything: one of
 * its day or month, or of any month of its year (changes are noted by month and, where the days
 * are kept, by day too).
 */
const touches = (t: KeptTable) =>
	t.span === 'year'
		? sql`c.month >= k.year and c.month < k.year + interval '1 year'`
		: sql`${spanOf('c', t)} = ${spanOf('k', t)}`;

/**
 * The kept figures among each table's `spans` that are still current, in one statement. The spans
 * are written into its text as runs of consecutive months or days (ten years of months is one
 * range, not 120 dates), which is the same all day for a report to today: sent as values, the
 * statement was planned afresh on every call.
 */
async function currentKept<T>(db: Db, wanted: { spans: string[]; of: KeptFigures<T> }[]): Promise<Map<string, T>[]> {
	const found = wanted.map(() => new Map<string, T>());
	const asked = wanted.flatMap(({ spans, of }, i) =>
		spans.length
			? [
					sql`select ${sql.lit(i)} as i, to_char(${spanOf('k', of)}, 'YYYY-MM-DD') as span, k.figures::text as figures
					from ${sql.table(of.table)} k
					where (${sql.join(
						runs(spans, of.span).map(
							([first, last]) => sql`${spanOf('k', of)} between ${dayInText(first)} and ${dayInText(last)}`
						),
						sql` or `
					)})
						and k.key = ${sql.lit(of.key)}
						and not exists (
							select 1 from ${sql.table(of.changes)} c
							where (${touches(of)} or c.month is null)
								and not pg_visible_in_snapshot(c.xid, k.snapshot)
						)`
				]
			: []
	);
	if (!asked.length) return found;
	// As text, parsed here: handed over as JSON, every key of ten years of figures would be
	// renamed to camel case one by one (they already are), which cost more than reading them.
	const { rows } = await sql<{
		i: number;
		span: string;
		figures: string;
	}>`${sql.join(asked, sql` union all `)}`.execute(db);
	for (const r of rows) found[r.i]!.set(r.span, JSON.parse(r.figures) as T);
	return found;
}

/** The spans in order, in runs of consecutive years, months or days: [first, last] of each. */
function runs(spans: string[], span: KeptTable['span']): [string, string][] {
	const next = { year: nextYear, month: nextMonth, day: (day: string) => dayPlusDays(day, 1) }[span];
	const out: [string, string][] = [];
	for (const s of [...spans].sort()) {
		const last = out[out.length - 1];
		if (last && next(last[1]) === s) last[1] = s;
		else out.push([s, s]);
	}
	return out;
}

/** Works out the given months or days from the rows and keeps them, with the snapshot they were read in. */
async function keepFigures<T>(db: Db, spans: string[], of: KeptFigures<T>): Promise<Map<string, T>> {
	const figures = await workOutAndKeep(
		db,
		async (trx) => {
			// Each run of consecutive spans is counted on its own: the first kept day of the month and
			// a day a year earlier are not counted as one range of a year.
			const counted = new Map<string, T>();
			for (const [first, last] of runs(spans, of.span))
				for (const [s, c] of await of.count(trx, first, last)) counted.set(s, c);
			return new Map(spans.map((s) => [s, counted.get(s) ?? of.none()]));
		},
		async (trx, kept, snapshot) => {
			const rows = [...kept].map(([span, figures]) => ({ span, figures }));
			await sql`
				insert into ${sql.table(of.table)} (${sql.ref(of.span)}, key, figures, snapshot)
				select m.span, ${of.key}, m.figures, ${snapshot}::pg_snapshot
				from json_to_recordset(${JSON.stringify(rows)}::json) as m(span date, figures json)
				on conflict (${sql.ref(of.span)}) do update set key = excluded.key, figures = excluded.figures, snapshot = excluded.snapshot, computed_at = now()`.execute(
				trx
			);
		}
	);
	await letGoOfChanges(db, of.changes);
	return figures;
}

/**
 * Deletes the noted changes no kept figures need any longer: those every table the same changes
 * serve holds no figures from before, and that every snapshot still in use already sees (their
 * transaction ended before the oldest snapshot's first running one, among the snapshots of this
 * database: one in another database never reads these tables). The second condition keeps a
 * change that a request still working figures out from an older snapshot has not seen: deleted
 * now, the figures it is about to keep would look current. Run on its own, after the figures are
 * kept, so two requests letting go of the same changes wait for one another instead of failing;
 * one that deadlocks with another leaves its changes for the next request to let go of.
 */
async function letGoOfChanges(db: Db, changes: KeptFigures<unknown>['changes']): Promise<void> {
	const stillNeeded = servedBy[changes].map(
		(t: KeptTable) => sql`exists (select 1 from ${sql.table(t.table)} k
			where (c.month is null or ${touches(t)}) and not pg_visible_in_snapshot(c.xid, k.snapshot))`
	);
	await sql`
		delete from ${sql.table(changes)} c
		where age(c.xid::xid) > (
				select max(age(backend_xmin)) from pg_stat_activity
				where backend_xmin is not null and datname = current_database()
			)
			and not (${sql.join(stillNeeded, sql` or `)})`
		.execute(db)
		.catch((err: unknown) => {
			if (!lostARace(err)) throw err;
		});
}

/**
 * The first month (its first day) that cannot be kept yet: every earlier month ended two or more
 * days before `now` on the service's clock, so no write dated by a clock that is a little behind
 * can still be filed under it without its trigger noting the change. A month's last day is two
 * or more days back exactly when the month after it began yesterday or earlier, that is, when it
 * comes before yesterday's month. A month can be kept when it is earlier than this one.
 */
export const firstMonthNotEnded = (now: Date) => monthOf(dayPlusDays(serviceDay(now), -1));

/** The first day of the year after a year (given by its first day). */
export const nextYear = (year: string) => `${Number(year.slice(0, 4)) + 1}-01-01`;

/**
 * The last month (its first day) of the year that begins at `month`, when that year can be read
 * kept for a range that takes it from its start: `month` is a first of January, the whole year
 * falls on or before `last` (a day), and every month of it has ended (comes before `notEnded`).
 * Null when it cannot.
 */
export function keptYearEnd(month: string, last: string, notEnded: string): string | null {
	const year = month.slice(0, 4);
	return month.endsWith('-01-01') && `${year}-12-31` <= last && nextYear(month) <= notEnded ? `${year}-12-01` : null;
}

/** The first day of the month a day is in, and of the month after. */
export const monthOf = (day: string) => `${day.slice(0, 7)}-01`;
export const nextMonth = (month: string) => {
	const [y, m] = month.split('-').map(Number) as [number, number];
	return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};

/**
 * The last day that can be kept: three days before `now` on the service's clock. The triggers note
 * changes to any day before yesterday on the database's clock (in UTC), so a day is kept only once
 * it is further back than that, even when the service's clock is up to a day ahead of the database's.
 * Today, yesterday and the day before are always counted afresh.
 */
export const lastDayToKeep = (now: Date) => dayPlusDays(serviceDay(now), -3);
