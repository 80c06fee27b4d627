// The reports' counts of records (supervision sessions held, grades given, cases reviewed, quiz
// attempts), for a period. Months that ended more than two days ago are counted once and kept in
// `report_month`, whole years of them in `report_year`, and days that ended three or more days ago
// in `report_day` (see kept.ts): a period reads its whole years and months kept, the days of its
// partial first and last months kept, and counts afresh only the last three days. Every change to
// a record of an ended month or of a day before yesterday, and every change to a person that can
// move their records between roles, is noted in `report_month_change`.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { createHash } from 'node:crypto';
import type { DB, Role } from '../db/schema';
import { dayCount, dayPlusDays, timeZone } from '../../format';
import { rowsTogether } from '../db/together';
import { dayInText } from '../db/prepared';
import { rolesInText } from '../db/has-role';
import {
	firstMonthNotEnded,
	keptFiguresOfEach,
	lastDayToKeep,
	monthOf,
	keptYearEnd,
	nextMonth,
	type KeptFigures
} from './kept';

type Db = Kysely<DB>;

export interface GradeCount {
	kind: 'observation' | 'sample';
	criterion: string;
	grade: string;
	n: number;
}

/** The counts for a month or a day, or summed over a period. */
export interface RecordCounts {
	/** Supervision sessions held, by the role that sets each person's interval. */
	held: Partial<Record<Role, number>>;
	grades: GradeCount[];
	/** Sampled cases reviewed, and how many of them matched the worker's declared interests. */
	cases: number;
	conflicts: number;
	/** Marked quiz attempts, people's first attempts, and first attempts passed, by quiz. */
	quizzes: QuizCount[];
	/** Answers given at people's first attempts, and how many were wrong, by quiz and question. */
	answers: AnswerCount[];
}

export interface QuizCount {
	slug: string;
	attempts: number;
	first: number;
	passedFirst: number;
}

export interface AnswerCount {
	slug: string;
	stepId: string;
	answers: number;
	wrong: number;
}

export type Intervals = [Role, number][];

/** The parts of the counts: a report section reads only the parts it shows. */
export const countParts = ['held', 'grades', 'cases', 'quizzes', 'answers'] as const;
export type CountPart = (typeof countParts)[number];

/** Counts by year, month or day (its first day, as text). */
type ByDay = Map<string, RecordCounts>;

const none = (): RecordCounts => ({ held: {}, grades: [], cases: 0, conflicts: 0, quizzes: [], answers: [] });

/** What kept months depend on besides the records: which role each person counts under. */
function configKey(intervals: Intervals): string {
	return createHash('sha256')
		.update(JSON.stringify([...intervals].sort()))
		.digest('hex')
		.slice(0, 16);
}

/** The years kept for the reports, under the roles' intervals they were counted with. */
const keptYears = (intervals: Intervals): KeptFigures<RecordCounts> => ({
	table: 'report_year',
	span: 'year',
	changes: 'report_month_change',
	key: configKey(intervals),
	count: (trx, first, last) => countRecords(trx, [[first, `${last.slice(0, 4)}-12-31`]], intervals, 'year', true),
	none
});

/** The months kept for the reports, the same way. */
const keptMonths = (intervals: Intervals): KeptFigures<RecordCounts> => ({
	table: 'report_month',
	span: 'month',
	changes: 'report_month_change',
	key: configKey(intervals),
	count: (trx, first, last) => countRecords(trx, [[first, dayPlusDays(nextMonth(last), -1)]], intervals, 'month', true),
	none
});

/** The days kept for the reports, the same way. */
const keptDays = (intervals: Intervals): KeptFigures<RecordCounts> => ({
	table: 'report_day',
	span: 'day',
	changes: 'report_month_change',
	key: configKey(intervals),
	count: (trx, first, last) => countRecords(trx, [[first, last]], intervals, 'day', true),
	none
});

/** What records are counted by: the year or the month (its first day), or the day, as text. */
type CountBy = 'year' | 'month' | 'day';
const textOf = { year: sql.raw(`'YYYY-01-01'`), month: sql.raw(`'YYYY-MM-01'`), day: sql.raw(`'YYYY-MM-DD'`) };

/**
 * Counts for each month or day with records in the ranges of days (whole days, inclusive), worked
 * out from the records, one range at a time: a single range of days is read from the month indexes
 * alone (an index-only scan), where several joined by "or" made the database visit every record's
 * row (a few days' supervision records came to 1,700 rows of 2.6 KB each).
 */
async function countRecords(
	db: Db,
	ranges: [from: string, to: string][],
	intervals: Intervals,
	by: CountBy,
	eachCall = false,
	parts: readonly CountPart[] = countParts
): Promise<Map<string, RecordCounts>> {
	const counted = await Promise.all(ranges.map((range) => countRange(db, range, intervals, by, eachCall, parts)));
	if (counted.length === 1) return counted[0]!;
	const months = new Map<string, RecordCounts>();
	for (const [month, c] of counted.flatMap((m) => [...m])) {
		const into = months.get(month);
		months.set(
			month,
			into
				? sum([
						[into, 1],
						[c, 1]
					])
				: c
		);
	}
	return months;
}

/**
 * The month (its first day) or the day, as text, of the `day` column of a query that has counted
 * by day first: formatting each record's date instead cost more than the counting (a date is cast
 * to a time with a time zone to be formatted; a plain timestamp is not).
 */
const spanOfDay = (by: CountBy) => sql`to_char(day::timestamp, ${textOf[by]})`;

/**
 * Supervision sessions held in a range, by month and by the role whose interval the subject's
 * supervision follows. Each session counts from the day its subject joined until they left.
 */
function sessionsHeld(
	within: RawBuilder<unknown>,
	roleSql: RawBuilder<unknown>,
	intervals: Intervals,
	by: CountBy,
	zone: RawBuilder<unknown>
) {
	return sql`
		select ${spanOfDay(by)} as month, role, sum(n) as n from (
			select s.held_on as day, case ${roleSql} end as role, count(*) as n
			from supervision_record s join person p on p.id = s.subject_id
			where s.kind = 'supervision' and ${within} and p.status <> 'invited' and p.roles && ${rolesInText(intervals.map(([r]) => r))}
				and s.held_on >= (coalesce(p.activated_at, p.created_at) at time zone ${zone})::date
				and (p.deactivated_at is null or s.held_on <= (p.deactivated_at at time zone ${zone})::date)
			group by 1, 2
		) d group by 1, 2`;
}

/** Each count's rows for a range. */
type Counted = {
	held: { month: string; role: Role; n: number }[];
	grades: { month: string; kind: GradeCount['kind']; criterion: string; grade: string; n: number }[];
	cases: { month: string; cases: number; conflicts: number }[];
	quizzes: { month: string; slug: string; attempts: number; first: number; passedFirst: number }[];
	answers: { month: string; slug: string; stepId: string; answers: number; wrong: number }[];
};

/**
 * Every count for a range, in one statement: each is a round trip less, and on a busy server each
 * round trip costs the app more than the counting costs the database. The range, the roles and the
 * time zone are written into the statement's text, so its plan is made for them: for a few days'
 * sessions the database looks each subject up, for a month or more it reads everyone into a hash
 * (both from `person_report_idx` alone). The few days a report counts afresh are the same all day,
 * so each connection plans them once a day; `eachCall`, for counting months or days to keep, plans
 * the statement without keeping it.
 */
async function countRange(
	db: Db,
	[from, to]: [from: string, to: string],
	intervals: Intervals,
	by: CountBy,
	eachCall: boolean,
	parts: readonly CountPart[]
): Promise<Map<string, RecordCounts>> {
	const asked = (part: CountPart, query: RawBuilder<unknown> | null) => (parts.includes(part) ? query : null);
	const [first, last, zone] = [dayInText(from), dayInText(to), sql`${sql.lit(timeZone())}`];
	const within = (column: RawBuilder<unknown>) => sql`${column} between ${first} and ${last}`;
	const roleSql = intervals.length
		? sql.join(
				[...intervals]
					.sort(([, a], [, b]) => a - b)
					.map(([role]) => sql`when ${sql.lit(role)} = any(p.roles) then ${sql.lit(role)}`),
				sql` `
			)
		: null;
	// Attempts fall in the month and day of the service's clock; the trigger notes the day in UTC
	// and the days either side.
	const marked = sql`a.score is not null and a.submitted_at >= ${first}::timestamp at time zone ${zone}
		and a.submitted_at < (${last}::date + 1)::timestamp at time zone ${zone}`;
	const month = sql`to_char(a.submitted_at at time zone ${zone}, ${textOf[by]})`;
	const c = await rowsTogether<Counted>(
		db,
		{
			held: asked('held', roleSql ? sessionsHeld(within(sql.ref('s.held_on')), roleSql, intervals, by, zone) : null),
			grades: asked(
				'grades',
				sql`
				select ${spanOfDay(by)} as month, kind, criterion, grade, sum(n) as n from (
					select held_on as day, kind, criterion, grade, count(*) as n from record_grade
					where counted and kind in ('observation', 'sample') and ${within(sql.ref('held_on'))}
					group by 1, 2, 3, 4
				) d group by 1, 2, 3, 4`
			),
			cases: asked(
				'cases',
				sql`
				select ${spanOfDay(by)} as month, sum(cases) as cases, sum(conflicts) as conflicts from (
					select r.held_on as day, count(*) as cases, count(*) filter (where sc.conflict is not null) as conflicts
					from supervision_record r join sampled_case sc on sc.record_id = r.id
					where r.kind = 'sample' and r.status <> 'draft' and sc.reviewed_at is not null
						and ${within(sql.ref('r.held_on'))}
					group by 1
				) d group by 1`
			),
			quizzes: asked(
				'quizzes',
				sql`
				select ${month} as month, a.quiz_slug as slug, count(*) as attempts, count(*) filter (where a.first_attempt) as first,
					count(*) filter (where a.first_attempt and a.passed) as "passedFirst"
				from quiz_attempt a where ${marked}
				group by 1, 2`
			),
			answers: asked(
				'answers',
				sql`
				select ${month} as month, a.quiz_slug as slug, qa.step_id as "stepId", count(*) as answers, count(*) filter (where not qa.correct) as wrong
				from quiz_attempt a join quiz_answer qa on qa.attempt_id = a.id
				where a.first_attempt and ${marked}
				group by 1, 2, 3`
			)
		},
		{ eachCall }
	);
	const months = new Map<string, RecordCounts>();
	const at = (month: string) => {
		let m = months.get(month);
		if (!m) months.set(month, (m = none()));
		return m;
	};
	for (const r of c.held) at(r.month).held[r.role] = Number(r.n);
	for (const r of c.grades)
		at(r.month).grades.push({ kind: r.kind, criterion: r.criterion, grade: r.grade, n: Number(r.n) });
	for (const r of c.cases) {
		at(r.month).cases = Number(r.cases);
		at(r.month).conflicts = Number(r.conflicts);
	}
	for (const r of c.quizzes)
		at(r.month).quizzes.push({
			slug: r.slug,
			attempts: Number(r.attempts),
			first: Number(r.first),
			passedFirst: Number(r.passedFirst)
		});
	for (const r of c.answers)
		at(r.month).answers.push({ slug: r.slug, stepId: r.stepId, answers: Number(r.answers), wrong: Number(r.wrong) });
	return months;
}

/**
 * The counts added together, each taken away instead where its sign is -1 (a kept month less the
 * days outside a period). Ten years of months bring thousands of grades, so each list of the total
 * is matched by key through a map kept for the whole sum.
 */
function sum(parts: Iterable<[RecordCounts, 1 | -1]>): RecordCounts {
	const total = none();
	const grades = new Map<string, GradeCount>();
	const quizzes = new Map<string, RecordCounts['quizzes'][number]>();
	const answers = new Map<string, RecordCounts['answers'][number]>();
	for (const [c, sign] of parts) {
		for (const [role, n] of Object.entries(c.held) as [Role, number][])
			total.held[role] = (total.held[role] ?? 0) + sign * n;
		total.cases += sign * c.cases;
		total.conflicts += sign * c.conflicts;
		for (const g of c.grades) {
			const key = `${g.kind}\n${g.criterion}\n${g.grade}`;
			const same = grades.get(key);
			if (same) same.n += sign * g.n;
			else grades.set(key, { ...g, n: sign * g.n });
		}
		for (const q of c.quizzes) {
			const same = quizzes.get(q.slug);
			if (same) {
				same.attempts += sign * q.attempts;
				same.first += sign * q.first;
				same.passedFirst += sign * q.passedFirst;
			} else
				quizzes.set(q.slug, {
					...q,
					attempts: sign * q.attempts,
					first: sign * q.first,
					passedFirst: sign * q.passedFirst
				});
		}
		for (const a of c.answers) {
			const key = `${a.slug}\n${a.stepId}`;
			const same = answers.get(key);
			if (same) {
				same.answers += sign * a.answers;
				same.wrong += sign * a.wrong;
			} else answers.set(key, { ...a, answers: sign * a.answers, wrong: sign * a.wrong });
		}
	}
	return { ...total, grades: [...grades.values()], quizzes: [...quizzes.values()], answers: [...answers.values()] };
}

/** Leaves out what a sum came to nothing for, as counting the records afresh would. */
function withoutNothing(c: RecordCounts): RecordCounts {
	return {
		held: Object.fromEntries(Object.entries(c.held).filter(([, n]) => n !== 0)),
		grades: c.grades.filter((g) => g.n !== 0),
		cases: c.cases,
		conflicts: c.conflicts,
		quizzes: c.quizzes.filter((q) => q.attempts !== 0),
		answers: c.answers.filter((a) => a.answers !== 0)
	};
}

/**
 * The counts of records for the period: kept months for each month that ended two or more days
 * before `now` (so no write on the service's clock can still be filed under it without being
 * noted) and that the period covers whole or mostly, kept days for the rest up to three days
 * before `now`, and the last few days counted afresh.
 */
export async function recordCounts(
	db: Db,
	period: { from: string; to: string },
	intervals: Intervals,
	now = new Date(),
	parts: readonly CountPart[] = countParts
): Promise<RecordCounts> {
	// Whole years and months that have ended are kept. A month the period takes only part of is
	// read by its days inside, or, when it has ended and fewer of its days are outside, kept less
	// the days outside: a period from the 4th reads three days, not twenty-eight.
	const years: string[] = [];
	const closed: string[] = [];
	const inside: [string, string][] = [];
	const outside: [string, string][] = [];
	const notEnded = firstMonthNotEnded(now);
	for (let m = monthOf(period.from); m <= period.to; m = nextMonth(m)) {
		const december = m >= period.from ? keptYearEnd(m, period.to, notEnded) : null;
		if (december) {
			years.push(m);
			m = december;
			continue;
		}
		const end = dayPlusDays(nextMonth(m), -1);
		const from = m < period.from ? period.from : m;
		const to = end > period.to ? period.to : end;
		const days = dayCount(to) - dayCount(from) + 1;
		const all = dayCount(end) - dayCount(m) + 1;
		if (m >= notEnded || days * 2 <= all) inside.push([from, to]);
		else {
			closed.push(m);
			if (from > m) outside.push([m, dayPlusDays(from, -1)]);
			if (to < end) outside.push([dayPlusDays(to, 1), end]);
		}
	}
	// The days of those ranges that ended three or more days ago are kept; the rest are counted.
	const lastKept = lastDayToKeep(now);
	const days: string[] = [];
	const fresh: [string, string][] = [];
	for (const [from, to] of [...inside, ...outside]) {
		for (let d = from; d <= to && d <= lastKept; d = dayPlusDays(d, 1)) days.push(d);
		if (to > lastKept) fresh.push([from > lastKept ? from : dayPlusDays(lastKept, 1), to]);
	}
	const [kept, counted] = await Promise.all([
		keptFiguresOfEach(db, [
			{ spans: years, of: keptYears(intervals) },
			{ spans: closed, of: keptMonths(intervals) },
			{ spans: days, of: keptDays(intervals) }
		]),
		fresh.length
			? countRecords(db, fresh, intervals, 'day', false, parts)
			: Promise.resolve(new Map<string, RecordCounts>())
	]);
	const [yearsKept, months, daysKept] = kept as [ByDay, ByDay, ByDay];
	const isOutside = (day: string) => outside.some(([from, to]) => from <= day && day <= to);
	return only(
		parts,
		withoutNothing(
			sum([
				...[...yearsKept.values(), ...months.values()].map((c): [RecordCounts, 1] => [c, 1]),
				...[...daysKept, ...counted].map(([day, c]): [RecordCounts, 1 | -1] => [c, isOutside(day) ? -1 : 1])
			])
		)
	);
}

/**
 * The parts asked for, and nothing in the rest: kept figures hold every part, but the days counted
 * afresh only those asked for, so any other part would be short of them.
 */
function only(parts: readonly CountPart[], c: RecordCounts): RecordCounts {
	if (parts.length === countParts.length) return c;
	const [has, empty] = [(part: CountPart) => parts.includes(part), none()];
	return {
		held: has('held') ? c.held : empty.held,
		grades: has('grades') ? c.grades : empty.grades,
		cases: has('cases') ? c.cases : empty.cases,
		conflicts: has('cases') ? c.conflicts : empty.conflicts,
		quizzes: has('quizzes') ? c.quizzes : empty.quizzes,
		answers: has('answers') ? c.answers : empty.answers
	};
}

/** The same counts worked out from the records alone, for tests to hold the kept figures to. */
export async function recordCountsAfresh(
	db: Db,
	period: { from: string; to: string },
	intervals: Intervals
): Promise<RecordCounts> {
	const months = await countRecords(db, [[period.from, period.to]], intervals, 'month', true);
	return withoutNothing(sum([...months.values()].map((c): [RecordCounts, 1] => [c, 1])));
}
