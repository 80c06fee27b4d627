// The advisory group's reports: aggregates only, and none of them lets anyone single out a person.
// A count of people is shown only when it is the service's smallest group or more (service.yml,
// reports.smallest_group: 5 unless set, never below 3), and then rounded to a multiple of it; a
// share is shown only when those in it and those not are each that many or more, and is worked out
// from the rounded counts. So "86% of 7" (one failed) reads as withheld, and subtracting the
// figures for two overlapping periods leaves a range, not the few people between them. Nothing
// here carries a name, an email or a case reference.
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema';
import type { Content } from '../content';
import { leafletRules, smallestGroup } from '../content/service';
import { leafletCounts } from '../leaflets';
import { serviceDay } from '../../format';
import { roleLabels } from '../../roles';
import { gradeLabels } from '../../supervision';
import type { Figure, Row, Shown } from '../../reports';
import { countParts, recordCounts, type CountPart, type GradeCount, type Intervals, type RecordCounts } from './months';
import { peopleCounts, type PeopleCounts } from './people';
import { feedbackResults } from '../feedback/results';
import { hasRole } from '../db/has-role';
import { dayInText } from '../db/prepared';

export type { Figure, Row, Shown };
import { recordAudit } from '../audit';
import { dayField, freeText, type CaseReferenceRule } from '../forms';
import type { SessionPerson } from '../auth/sessions';

/**
 * A count of people (or of what they did) safe to publish, for a smallest group of `k`: none is 0;
 * 1 to k − 1 are withheld (null); the rest are rounded to the nearest multiple of k.
 */
export function publishedCount(n: number, k: number): Shown {
	if (n <= 0) return 0;
	if (n < k) return null;
	return Math.round(n / k) * k;
}

/**
 * The share of `whole` that `part` is, as a whole percentage, shown only when both the part and
 * the rest are k or more (so neither "all but one" nor "only one" can be read from it), and worked
 * out from the rounded counts.
 */
export function publishedRate(part: number, whole: number, k: number): Shown {
	const rest = whole - part;
	if (part < k || rest < k) return null;
	const [p, r] = [publishedCount(part, k)!, publishedCount(rest, k)!];
	return Math.round((100 * p) / (p + r));
}

/** A figure as a section works it out; the report adds how its withheld values read. */
type SectionFigure = Omit<Figure, 'withheldAs'>;

/** How a withheld figure reads, on the page and in CSV. */
export const withheldText = (k: number) => `fewer than ${k}`;

export const periodSchema = z
	.object({
		from: dayField('the start of the period', '2026-04-01'),
		to: dayField('the end of the period', '2027-03-31')
	})
	.refine((p) => p.to >= p.from, { path: ['to'], message: 'The end of the period must be on or after its start' })
	.refine((p) => Date.parse(p.to) - Date.parse(p.from) <= 20 * 366 * 86_400_000, {
		path: ['from'],
		message: 'Choose a period of 20 years or less'
	});
export type Period = z.output<typeof periodSchema>;

/** The twelve months to today, the period shown when none is chosen. */
export function defaultPeriod(now = new Date()): Period {
	const to = serviceDay(now);
	const from = new Date(Date.parse(`${to}T00:00:00Z`));
	from.setUTCFullYear(from.getUTCFullYear() - 1);
	from.setUTCDate(from.getUTCDate() + 1);
	return { from: from.toISOString().slice(0, 10), to };
}

export const reportSections = [
	'induction',
	'quizzes',
	'policies',
	'supervision',
	'findings',
	'declarations',
	'courses',
	'leaflets',
	'feedback'
] as const;
export type ReportSection = (typeof reportSections)[number];

const gradeOrder = Object.keys(gradeLabels) as (keyof typeof gradeLabels)[];
const gradeNames = Object.values(gradeLabels);

type Db = Kysely<DB>;

function induction(counts: PeopleCounts['induction'], k: number): SectionFigure[] {
	const shown = (n: number) => publishedCount(n, k);
	const { stages, total, medianDays: median } = counts;
	const completed = stages.completed;
	return [
		{
			id: 'induction',
			title: 'Induction of volunteers and staff who joined in the period',
			description: 'Where each person who joined in the period has got to in their induction today.',
			series: ['People'],
			rows: [
				{ label: 'Completed', values: [shown(completed)] },
				{ label: 'In progress', values: [shown(stages['in-progress'])] },
				{ label: 'Not started', values: [shown(stages['not-started'])] },
				{ label: "Inducted before, by the service's earlier records", values: [shown(counts.earlier)] },
				{ label: 'Needs review', values: [shown(stages['needs-review'])] }
			],
			notes: [
				`${shown(total) ?? `Fewer than ${k}`} people joined in the period.`,
				// One person's time is never shown: the median of k or more, to the nearest week.
				completed >= k && median != null
					? `Half of those who completed did so within about ${Math.max(1, Math.round(median / 7))} weeks of joining.`
					: `Time to complete is shown once ${k} or more people have completed.`
			]
		}
	];
}

function quizzes(counts: RecordCounts, content: Pick<Content, 'quizzes'>, k: number): SectionFigure[] {
	const shown = (n: number) => publishedCount(n, k);
	const titles = new Map(content.quizzes.map((q) => [q.slug, q.title]));
	const steps = new Map(
		content.quizzes.flatMap((q) =>
			q.scenarios.flatMap((s) =>
				s.steps.map((st) => [`${q.slug}:${st.id}`, s.steps.length > 1 ? `${s.title}: ${st.title}` : s.title] as const)
			)
		)
	);
	// Each person answers a question at most once at their first attempt: answers are people.
	const hardest = counts.answers
		.filter((r) => r.answers >= k && publishedRate(r.wrong, r.answers, k) !== null)
		.map((r) => ({
			label: `${steps.get(`${r.slug}:${r.stepId}`) ?? r.stepId} (${titles.get(r.slug) ?? r.slug})`,
			share: r.wrong / r.answers,
			wrong: r.wrong,
			answers: r.answers
		}))
		.sort((a, b) => b.share - a.share || b.wrong - a.wrong)
		.slice(0, 8);
	return [
		{
			id: 'quiz-pass-rates',
			title: 'Quiz pass rates',
			description:
				'Of the people who made their first attempt at each quiz in the period, the share who passed at that first attempt; and every attempt marked in the period, first or not.',
			series: ['Passed first time (%)', 'First attempts', 'All attempts'],
			percent: [true, false, false],
			rows: counts.quizzes
				.map((r) => ({
					label: titles.get(r.slug) ?? r.slug,
					values: [publishedRate(r.passedFirst, r.first, k), shown(r.first), shown(r.attempts)]
				}))
				.sort((a, b) => a.label.localeCompare(b.label))
		},
		{
			id: 'quiz-hardest',
			title: 'Scenarios most often answered wrongly',
			description: `The questions with the highest share of wrong answers at people's first attempts in the period, among those answered by ${k} or more people.`,
			series: ['Answered wrongly (%)', 'Answers'],
			percent: [true, false],
			rows: hardest.map((h) => ({ label: h.label, values: [publishedRate(h.wrong, h.answers, k), shown(h.answers)] }))
		}
	];
}

function policies(counts: PeopleCounts['policies'], k: number): SectionFigure[] {
	const shown = (n: number) => publishedCount(n, k);
	const order = Object.keys(roleLabels);
	return counts.map((policy) => ({
		id: `policy-${policy.slug}`,
		title: `${policy.title} (version ${policy.version}): acknowledgement by role today`,
		description:
			'People in each role who have acknowledged the version in force and are up to date, are due, or are overdue. Someone with two roles counts in both.',
		series: ['Up to date', 'Due', 'Overdue'],
		stacked: true,
		rows: [...policy.byRole]
			.sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role))
			.map(({ role, counts: c }) => ({
				label: roleLabels[role],
				values: [shown(c.acknowledged), shown(c.due), shown(c.overdue)]
			}))
	}));
}

function supervision(
	intervals: Intervals,
	people: PeopleCounts['supervision'],
	counts: RecordCounts,
	k: number
): SectionFigure[] {
	const shown = (n: number) => publishedCount(n, k);
	if (!intervals.length) return [];
	return [
		{
			id: 'supervision',
			title: 'Supervision held against the intended interval',
			description:
				'Supervision sessions held in the period, and how many the interval for each role would give for the time each person was with the service.',
			series: ['Held', 'Intended', 'People'],
			rows: [...people]
				.sort((a, b) => a.role.localeCompare(b.role))
				.map((r) => ({
					label: roleLabels[r.role],
					values: [shown(counts.held[r.role] ?? 0), shown(r.expected), shown(r.people)]
				})),
			notes: intervals.map(([role, days]) => `${roleLabels[role]}: one session every ${days} days.`)
		}
	];
}

function findings(counts: RecordCounts, k: number): SectionFigure[] {
	const shown = (n: number) => publishedCount(n, k);
	const byCriterion = (kind: GradeCount['kind']): Row[] => {
		const list = counts.grades.filter((g) => g.kind === kind);
		const criteria = [...new Set(list.map((r) => r.criterion))];
		return criteria.map((criterion) => ({
			label: criterion,
			values: gradeOrder.map((g) => shown(list.find((r) => r.criterion === criterion && r.grade === g)?.n ?? 0))
		}));
	};
	return [
		{
			id: 'observations',
			title: 'Observations of practice: ratings by criterion',
			description: 'Ratings given against each criterion in observations shared or signed off in the period.',
			series: gradeNames,
			stacked: true,
			rows: byCriterion('observation')
		},
		{
			id: 'casework',
			title: 'Casework sampling: grades by criterion',
			description:
				'Grades given to sampled cases against each criterion, in samples shared or signed off in the period.',
			series: gradeNames,
			stacked: true,
			rows: byCriterion('sample'),
			notes: [
				`${shown(counts.cases) ?? `Fewer than ${k}`} cases were reviewed; ${shown(counts.conflicts) ?? withheldText(k)} had a setting matching the worker's declared interests, and were checked for a conflict.`
			]
		}
	];
}

async function declarations(
	db: Db,
	period: Period,
	standing: Promise<PeopleCounts>,
	k: number
): Promise<SectionFigure[]> {
	const shown = (n: number) => publishedCount(n, k);
	const [from, to] = [dayInText(period.from), dayInText(period.to)];
	const [made, people] = await Promise.all([
		sql<{ returns: string; nil: string; people: string; interests: string }>`
			select (select count(*) from declaration_return where made_at >= ${from} and made_at < ${to} + 1) as returns,
				(select count(*) from declaration_return where nil and made_at >= ${from} and made_at < ${to} + 1) as nil,
				(select count(distinct person_id) from declaration_return where made_at >= ${from} and made_at < ${to} + 1) as people,
				(select count(*) from declared_interest where declared_at >= ${from} and declared_at < ${to} + 1) as interests`.execute(
			db
		),
		standing.then((s) => s.declarations)
	]);
	const m = made.rows[0]!;
	const of = (status: keyof typeof people) => people[status];
	return [
		{
			id: 'declarations',
			title: 'Declarations of interest',
			description: 'Declarations made in the period, and where everyone who must declare stands today.',
			series: ['Count'],
			rows: [
				{ label: 'Declarations made in the period', values: [shown(Number(m.returns))] },
				{ label: 'of which nil returns', values: [shown(Number(m.nil))] },
				{ label: 'People who declared in the period', values: [shown(Number(m.people))] },
				{ label: 'Interests declared in the period', values: [shown(Number(m.interests))] },
				{ label: 'Up to date today', values: [shown(of('acknowledged'))] },
				{ label: 'Due today', values: [shown(of('due'))] },
				{ label: 'Overdue today', values: [shown(of('overdue'))] }
			]
		}
	];
}

async function courses(db: Db, period: Period, k: number): Promise<SectionFigure[]> {
	const shown = (n: number) => publishedCount(n, k);
	const [from, to] = [dayInText(period.from), dayInText(period.to)];
	const { rows } = await sql<{
		offered: string;
		steeringOffered: string;
		taken: string;
		steeringTaken: string;
		attended: string;
		steeringAttended: string;
		attendedEarlier: string;
		steeringAttendedEarlier: string;
	}>`
		with cohorts as (
			select c.id, c.capacity, c.steering_places from cohort c
			where (select min(s.starts_at) from cohort_session s where s.cohort_id = c.id) >= ${from}
				and (select min(s.starts_at) from cohort_session s where s.cohort_id = c.id) < ${to} + 1
		)
		select coalesce(sum(capacity), 0) as offered, coalesce(sum(steering_places), 0) as steering_offered,
			(select count(*) from course_place cp join cohorts on cohorts.id = cp.cohort_id where cp.status = 'booked') as taken,
			(select count(*) from course_place cp join cohorts on cohorts.id = cp.cohort_id join person p on p.id = cp.person_id where cp.status = 'booked' and ${hasRole('steering', sql.ref('p.roles'))}) as steering_taken,
			(select count(*) from course_completion cc join cohorts on cohorts.id = cc.cohort_id) as attended,
			(select count(*) from course_completion cc join cohorts on cohorts.id = cc.cohort_id join person p on p.id = cc.person_id where ${hasRole('steering', sql.ref('p.roles'))}) as steering_attended,
			(select count(*) from earlier_record e where e.kind = 'ips-course' and e.happened_on between ${from} and ${to}) as attended_earlier,
			(select count(*) from earlier_record e join person p on p.id = e.person_id where e.kind = 'ips-course' and e.happened_on between ${from} and ${to} and ${hasRole('steering', sql.ref('p.roles'))}) as steering_attended_earlier
		from cohorts`.execute(db);
	const r = rows[0]!;
	return [
		{
			id: 'courses',
			title: 'IPS course places',
			description:
				'Places on cohorts that started in the period: offered, taken and completed by attending every session. Steering group places are included in the totals.',
			series: ['All', 'Steering group'],
			rows: [
				{ label: 'Places offered', values: [Number(r.offered), Number(r.steeringOffered)] },
				{ label: 'Places taken', values: [shown(Number(r.taken)), shown(Number(r.steeringTaken))] },
				{ label: 'Completed by attending', values: [shown(Number(r.attended)), shown(Number(r.steeringAttended))] },
				{
					label: "Attended in the period, by the service's earlier records",
					values: [shown(Number(r.attendedEarlier)), shown(Number(r.steeringAttendedEarlier))]
				}
			]
		}
	];
}

/** Leaflets, letter templates and web pages checked by the steering group's review sub-group. */
async function leaflets(db: Db, period: Period, content: Pick<Content, 'service'>): Promise<SectionFigure[]> {
	const rules = leafletRules(content.service);
	const n = await leafletCounts(db, period, rules);
	return [
		{
			id: 'leaflets',
			title: 'Information for families checked for impartiality',
			description: `Leaflets, letter templates and web pages the service gives families, and the review sub-group's checks of them. Each verified item is due for review again ${rules.reviewEveryMonths} months after it was verified.`,
			series: ['Items'],
			rows: [
				{ label: 'Versions verified in the period', values: [n.verified] },
				{ label: 'Versions sent back in the period', values: [n.sentBack] },
				{ label: 'Items due for review in the period', values: [n.due] },
				{ label: 'Items overdue for review at the end of the period', values: [n.overdue] },
				{ label: 'Items in use never verified at the end of the period', values: [n.unverified] }
			],
			// Counts of documents, not of people: none is withheld.
			notes: [`${n.inUse} item${n.inUse === 1 ? ' was' : 's were'} in use at the end of the period.`]
		}
	];
}

/** The parts of the counts of records each section reads. */
const sectionCounts: Record<ReportSection, readonly CountPart[]> = {
	induction: [],
	quizzes: ['quizzes', 'answers'],
	policies: [],
	supervision: ['held'],
	findings: ['grades', 'cases'],
	declarations: [],
	courses: [],
	leaflets: [],
	feedback: []
};

export const sectionTitles: Record<ReportSection, string> = {
	induction: 'Induction',
	quizzes: 'Scenario quizzes',
	policies: 'Policy acknowledgements',
	supervision: 'Supervision',
	findings: 'Observations and casework sampling',
	declarations: 'Declarations of interest',
	courses: 'IPS course',
	leaflets: 'Information for families',
	feedback: "Families' feedback"
};

/**
 * The figures of the sections asked for (every section unless `only` says), in the report's order:
 * what the reports page (a section at a time), the annual pack and the CSVs show. Each count is
 * read only when a section asked for needs it.
 */
export async function advisoryReport(
	db: Db,
	period: Period,
	content: Pick<Content, 'quizzes' | 'policies' | 'service' | 'questionnaires'>,
	now = new Date(),
	only: readonly ReportSection[] = reportSections
) {
	const k = smallestGroup(content.service);
	const intervals = Object.entries(content.service.supervisionIntervalDays) as Intervals;
	const once = <T>(read: () => Promise<T>) => {
		let started: Promise<T> | undefined;
		return () => (started ??= read());
	};
	const chosen = reportSections.filter((id) => only.includes(id));
	// The counts of records hold five parts; the sections asked for name those they read.
	const parts = countParts.filter((part) => chosen.some((id) => sectionCounts[id].includes(part)));
	const counts = once(() => recordCounts(db, period, intervals, now, parts));
	const standing = once(() => peopleCounts(db, period, content, intervals, now));
	const build: Record<ReportSection, () => Promise<SectionFigure[]>> = {
		induction: () => standing().then((s) => induction(s.induction, k)),
		quizzes: () => counts().then((n) => quizzes(n, content, k)),
		policies: () => standing().then((s) => policies(s.policies, k)),
		supervision: () =>
			Promise.all([standing(), counts()]).then(([s, n]) => supervision(intervals, s.supervision, n, k)),
		findings: () => counts().then((n) => findings(n, k)),
		declarations: () => declarations(db, period, standing(), k),
		courses: () => courses(db, period, k),
		leaflets: () => leaflets(db, period, content),
		// Counts of families' answers, withheld and rounded like counts of people; never their words.
		feedback: () => feedbackResults(db, period, content.questionnaires, k, {}, now).then((r) => r.figures)
	};
	const figures = await Promise.all(chosen.map((id) => build[id]()));
	return chosen.map((id, i) => ({
		id,
		title: sectionTitles[id],
		figures: figures[i]!.map((figure) => ({ ...figure, withheldAs: withheldText(k) }))
	}));
}

export type Report = Awaited<ReturnType<typeof advisoryReport>>;

/** A figure as CSV rows: a heading row, then one row per line of the table, withheld figures as the page reads them. */
export function figureRows(figure: Figure): string[][] {
	return [
		[figure.title, ...figure.series],
		...figure.rows.map((row) => [
			row.label,
			...row.values.map((v, i) => (v === null ? figure.withheldAs : figure.percent?.[i] ? `${v}%` : String(v)))
		])
	];
}

/** The commentary a coordinator writes for a period's annual report pack. Who wrote it is in the audit log, not on the page. */
export async function commentaryFor(db: Db, period: Period) {
	return db
		.selectFrom('reportCommentary')
		.select(['body', 'updatedAt'])
		.where('periodFrom', '=', period.from)
		.where('periodTo', '=', period.to)
		.executeTakeFirst();
}

export async function saveCommentary(db: Db, actor: SessionPerson, period: Period, body: string): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('reportCommentary')
			.values({ periodFrom: period.from, periodTo: period.to, body, updatedBy: actor.id, updatedAt: new Date() })
			.onConflict((oc) =>
				oc.columns(['periodFrom', 'periodTo']).doUpdateSet({ body, updatedBy: actor.id, updatedAt: new Date() })
			)
			.execute();
		await recordAudit(trx, {
			actorId: actor.id,
			action: 'report.commentary-saved',
			recordType: 'report',
			recordId: `${period.from}/${period.to}`,
			detail: { characters: body.length }
		});
	});
}

/** The commentary is read by the steering group: like supervision records, it never holds a family's details. */
export function commentarySchema(caseReference: CaseReferenceRule) {
	return z.object({
		body: freeText('The commentary', caseReference, { max: 10_000 })
	});
}
