// What families' answers add up to: responses by channel, the impartiality indicator and its trend,
// and each question's answers, all counted by the database and published under the same rule as
// every other report figure (reports/index.ts). Comments are read here too, by coordinators only,
// a page at a time; they tag them by theme and choose the few the steering group may read.
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema';
import type { SessionPerson } from '../auth/sessions';
import type { Questionnaire, FeedbackQuestion } from '../content/feedback';
import type { Figure } from '../../reports';
import { dayPlusDays, formatMonth } from '../../format';
import { rowsTogether } from '../db/together';
import {
	firstMonthNotEnded,
	keptFiguresOfEach,
	keptYearEnd,
	monthOf,
	nextMonth,
	type KeptFigures
} from '../reports/kept';
import { recordAudit } from '../audit';
import { schemaFromContent } from '../forms';
import { publishedCount, publishedRate, withheldText, type Period } from '../reports';
import { channelLabels, feedbackChannels } from './index';

type Db = Kysely<DB>;
type SectionFigure = Omit<Figure, 'withheldAs'>;

/** Whose answers: the whole service, or those that came through one worker's links. */
export interface FeedbackScope {
	workerId?: string;
}

/** Responses by channel and answers by question and value, in one month. */
interface MonthCounts {
	channels: { channel: string; n: number }[];
	answers: { questionId: string; value: string; n: number }[];
}

/**
 * Two small counts for each month from `first` to `last` (or for each year, given `byYear`), from
 * the month indexes, in one statement.
 */
async function countMonths(db: Db, first: string, last: string, scope: FeedbackScope, byYear = false) {
	const within = (column: string) => sql`${sql.ref(column)} between ${first}::date and ${last}::date`;
	const by = (column: string) => (byYear ? sql`date_trunc('year', ${sql.ref(column)})::date` : sql`${sql.ref(column)}`);
	const { channels, answers } = await rowsTogether<{
		channels: { month: string; channel: string; n: number }[];
		answers: { month: string; questionId: string; value: string; n: number }[];
	}>(db, {
		channels: sql`
			select to_char(${by('r.received_month')}, 'YYYY-MM-DD') as month, r.channel, count(*) as n
			from feedback_response r
			where ${within('r.received_month')} ${throughLinksOf(scope, 'r.link_id', 'response')}
			group by ${by('r.received_month')}, r.channel`,
		answers: sql`
			select to_char(${by('a.received_month')}, 'YYYY-MM-DD') as month, a.question_id as "questionId", a.value, count(*) as n
			from feedback_answer a
			where ${within('a.received_month')} ${throughLinksOf(scope, 'a.response_id', 'answer')}
			group by ${by('a.received_month')}, a.question_id, a.value`
	});
	const months = new Map<string, MonthCounts>();
	const at = (month: string) => {
		let c = months.get(month);
		if (!c) months.set(month, (c = noCounts()));
		return c;
	};
	for (const r of channels) at(r.month).channels.push({ channel: r.channel, n: Number(r.n) });
	for (const r of answers) at(r.month).answers.push({ questionId: r.questionId, value: r.value, n: Number(r.n) });
	return months;
}

const noCounts = (): MonthCounts => ({ channels: [], answers: [] });

/** The whole service's years, kept once they have ended, for trends by year. */
const keptFeedbackYears: KeptFigures<MonthCounts> = {
	table: 'feedback_year',
	span: 'year',
	changes: 'feedback_month_change',
	key: 'responses and answers',
	count: (trx, first, last) => countMonths(trx, first, `${last.slice(0, 4)}-12-01`, {}, true),
	none: noCounts
};

/** The whole service's months, kept once they have ended. */
const keptFeedback: KeptFigures<MonthCounts> = {
	table: 'feedback_month',
	span: 'month',
	changes: 'feedback_month_change',
	key: 'responses and answers',
	count: (trx, first, last) => countMonths(trx, first, last, {}),
	none: noCounts
};

/**
 * The counts for each month the period touches, or, where the trend is by year, for each whole
 * year it touches and each month of the rest. Responses and answers are kept by the month they
 * came in, so a period counts every month it touches, whole: 15 April to 14 May counts April and
 * May. For the whole service, years and months that ended two or more days ago are kept
 * (reports/kept.ts) and the rest counted afresh; a worker's few answers are always counted afresh.
 */
async function countsByMonth(db: Db, period: Period, scope: FeedbackScope, unit: Unit, now: Date) {
	const first = monthOf(period.from);
	const last = monthOf(period.to);
	if (scope.workerId) return countMonths(db, first, last, scope);
	const years: string[] = [];
	const closed: string[] = [];
	let open: string | null = null;
	const notEnded = firstMonthNotEnded(now);
	for (let m = first; m <= last; m = nextMonth(m)) {
		// Months are counted whole, so a year is whole when the period touches its December.
		const december = unit === 'year' ? keptYearEnd(m, dayPlusDays(nextMonth(last), -1), notEnded) : null;
		if (december) {
			years.push(m);
			m = december;
		} else if (!open && m < notEnded) closed.push(m);
		else open ??= m;
	}
	const [kept, fresh] = await Promise.all([
		keptFiguresOfEach(db, [
			{ spans: years, of: keptFeedbackYears },
			{ spans: closed, of: keptFeedback }
		]),
		open ? countMonths(db, open, last, scope) : Promise.resolve(new Map<string, MonthCounts>())
	]);
	return new Map([...kept.flatMap((k) => [...k]), ...fresh]);
}

/** A worker's links, as a condition on a response's `link_id`, or on an answer's `response_id`. */
function throughLinksOf(scope: FeedbackScope, column: string, of: 'response' | 'answer') {
	if (!scope.workerId) return sql``;
	const links = sql`select l.id from feedback_link l where l.worker_id = ${scope.workerId}`;
	// A response is found by its link and month from one index; an answer through its response.
	return of === 'response'
		? sql`and ${sql.ref(column)} in (${links})`
		: sql`and ${sql.ref(column)} in (select r.id from feedback_response r where r.link_id in (${links}))`;
}

/** Each question asked in any questionnaire, once: the families' wording, which comes first. */
export function questionsAsked(questionnaires: Questionnaire[]): FeedbackQuestion[] {
	const seen = new Map<string, FeedbackQuestion>();
	for (const q of questionnaires.flatMap((x) => x.questions)) if (!seen.has(q.id)) seen.set(q.id, q);
	return [...seen.values()];
}

/** The targeted questions, and each answer to them that counts as positive, as "question:value". */
function indicatorParts(questions: FeedbackQuestion[]) {
	const targeted = questions.filter((q) => q.targeted);
	return {
		targeted: targeted.map((q) => q.id),
		positives: targeted.flatMap((q) => q.options.filter((o) => o.positive).map((o) => `${q.id}:${o.value}`))
	};
}

type Unit = 'month' | 'quarter' | 'year';

/** Months for a year or so, quarters up to five years, years beyond. */
function trendUnit(period: Period): Unit {
	const months =
		(Number(period.to.slice(0, 4)) - Number(period.from.slice(0, 4))) * 12 +
		Number(period.to.slice(5, 7)) -
		Number(period.from.slice(5, 7));
	return months < 13 ? 'month' : months < 60 ? 'quarter' : 'year';
}

/** The first month of the month, quarter (from January, April, July or October) or year a month is in. */
function bucketOf(month: string, unit: Unit): string {
	if (unit === 'month') return month.slice(0, 7) + '-01';
	if (unit === 'year') return `${month.slice(0, 4)}-01-01`;
	const m = Number(month.slice(5, 7));
	return `${month.slice(0, 4)}-${String(m - ((m - 1) % 3)).padStart(2, '0')}-01`;
}

/** Every month, quarter or year the period touches, in order. */
function bucketsOf(period: Period, unit: Unit): string[] {
	const step = unit === 'month' ? 1 : unit === 'quarter' ? 3 : 12;
	const list: string[] = [];
	const at = new Date(Date.parse(`${bucketOf(period.from, unit)}T00:00:00Z`));
	const last = bucketOf(period.to, unit);
	for (let key = bucketOf(period.from, unit); key <= last;) {
		list.push(key);
		at.setUTCMonth(at.getUTCMonth() + step);
		key = at.toISOString().slice(0, 10);
	}
	return list;
}

function bucketLabel(start: string, unit: Unit): string {
	if (unit === 'month') return formatMonth(start);
	if (unit === 'year') return start.slice(0, 4);
	const last = new Date(Date.parse(`${start}T00:00:00Z`));
	last.setUTCMonth(last.getUTCMonth() + 2);
	const end = formatMonth(last.toISOString().slice(0, 10));
	return `${formatMonth(start).split(' ')[0]} to ${end}`;
}

export interface FeedbackResults {
	/** Responses in the period, exactly: for deciding what to say, never shown as it is. */
	responses: number;
	figures: SectionFigure[];
}

/**
 * Every feedback figure for the period, with the service's smallest group `k`. A share (the
 * indicator, or an answer's share of a question) is shown only when `k` or more answers are on
 * each side of it and `k` or more families answered in that period.
 */
export async function feedbackResults(
	db: Db,
	period: Period,
	questionnaires: Questionnaire[],
	k: number,
	scope: FeedbackScope = {},
	now = new Date()
): Promise<FeedbackResults> {
	const shown = (n: number) => publishedCount(n, k);
	const questions = questionsAsked(questionnaires);
	const { targeted, positives } = indicatorParts(questions);
	const unit = trendUnit(period);
	const byMonth = await countsByMonth(db, period, scope, unit, now);

	const channelCount = new Map<string, number>();
	const buckets = new Map(bucketsOf(period, unit).map((b) => [b, { responses: 0, answers: 0, positive: 0 }]));
	for (const [month, c] of byMonth)
		for (const row of c.channels) {
			channelCount.set(row.channel, (channelCount.get(row.channel) ?? 0) + row.n);
			const bucket = buckets.get(bucketOf(month, unit));
			if (bucket) bucket.responses += row.n;
		}
	const responses = [...channelCount.values()].reduce((a, b) => a + b, 0);
	const answers = new Map<string, Map<string, number>>();
	const targetedIds = new Set(targeted);
	const positive = new Set(positives);
	for (const [month, c] of byMonth)
		for (const { questionId, value, n } of c.answers) {
			const of = answers.get(questionId) ?? new Map<string, number>();
			of.set(value, (of.get(value) ?? 0) + n);
			answers.set(questionId, of);
			const bucket = buckets.get(bucketOf(month, unit));
			if (bucket && targetedIds.has(questionId)) {
				bucket.answers += n;
				if (positive.has(`${questionId}:${value}`)) bucket.positive += n;
			}
		}
	const totalFor = (id: string) => [...(answers.get(id)?.values() ?? [])].reduce((a, b) => a + b, 0);
	const positiveFor = (q: FeedbackQuestion) =>
		q.options.filter((o) => o.positive).reduce((sum, o) => sum + (answers.get(q.id)?.get(o.value) ?? 0), 0);
	// Too few families in the period, and no share is worked out at all, whatever the answers.
	const rate = (part: number, whole: number, families: number) =>
		families >= k ? publishedRate(part, whole, k) : null;

	const targetedQuestions = questions.filter((q) => q.targeted);
	const indicatorPositive = targetedQuestions.reduce((sum, q) => sum + positiveFor(q), 0);
	const indicatorAnswers = targetedQuestions.reduce((sum, q) => sum + totalFor(q.id), 0);

	const figures: SectionFigure[] = [
		{
			id: 'feedback-channels',
			title: "Families' feedback: responses by how they contacted the service",
			description:
				'Questionnaires sent back in the period, by the channel of the link they followed, or the one the family chose.',
			series: ['Responses'],
			rows: [
				...feedbackChannels.map((c) => ({ label: channelLabels[c], values: [shown(channelCount.get(c) ?? 0)] })),
				{ label: 'All responses', values: [shown(responses)] }
			],
			notes: ['Responses are kept by the month they came in, so every month the period touches is counted whole.']
		},
		{
			id: 'feedback-indicator',
			title: 'Impartiality indicator',
			description:
				"The share of positive answers across the questions about impartiality, which are asked whatever the outcome of the family's case. Each question is also shown on its own.",
			series: ['Positive (%)', 'Answers'],
			percent: [true, false],
			rows: [
				{
					label: 'All impartiality questions',
					values: [rate(indicatorPositive, indicatorAnswers, responses), shown(indicatorAnswers)]
				},
				...targetedQuestions.map((q) => ({
					label: q.text,
					values: [rate(positiveFor(q), totalFor(q.id), responses), shown(totalFor(q.id))]
				}))
			],
			notes: [
				`Positive answers: ${targetedQuestions
					.map(
						(q) =>
							`${q.options
								.filter((o) => o.positive)
								.map((o) => `"${o.label}"`)
								.join(' or ')}`
					)
					.join('; ')}.`
			]
		},
		{
			id: 'feedback-trend',
			title: `Impartiality indicator by ${unit}`,
			description: `The indicator for each ${unit} of the period, and how many families answered in it.`,
			series: ['Positive (%)', 'Responses'],
			percent: [true, false],
			rows: [...buckets].map(([start, b]) => ({
				label: bucketLabel(start, unit),
				values: [rate(b.positive, b.answers, b.responses), shown(b.responses)]
			}))
		},
		...questions
			.filter((q) => q.kind === 'choice')
			.map((q): SectionFigure => {
				const given = answers.get(q.id) ?? new Map<string, number>();
				const total = totalFor(q.id);
				// Answers to an option an earlier version had are still counted, under their value.
				const extra = [...given.keys()].filter((v) => !q.options.some((o) => o.value === v));
				return {
					id: `feedback-question-${q.id}`,
					title: q.text,
					description: q.targeted
						? 'Answers to this question in the period. It counts towards the impartiality indicator.'
						: q.outcome
							? 'Answers to this question in the period. It is asked after the impartiality questions and is never counted in the indicator.'
							: 'Answers to this question in the period.',
					series: ['Answers', 'Share (%)'],
					percent: [false, true],
					rows: [
						...q.options.map((o) => ({ value: o.value, label: o.label })),
						...extra.map((v) => ({ value: v, label: v }))
					].map((o) => ({
						label: o.label,
						values: [shown(given.get(o.value) ?? 0), rate(given.get(o.value) ?? 0, total, responses)]
					})),
					notes: [`${shown(total) ?? `Fewer than ${k}`} families answered this question.`]
				};
			})
	];
	return { responses, figures };
}

/** The aggregate for one worker's links, or nothing while fewer than `k` families have answered through them. */
export async function workerResults(
	db: Db,
	workerId: string,
	period: Period,
	questionnaires: Questionnaire[],
	k: number
): Promise<{ figures: Figure[]; links: number } | { figures: null; links: number }> {
	const [results, links] = await Promise.all([
		feedbackResults(db, period, questionnaires, k, { workerId }),
		db
			.selectFrom('feedbackLink')
			.select((eb) => eb.fn.countAll<string>().as('n'))
			.where('workerId', '=', workerId)
			.executeTakeFirstOrThrow()
	]);
	if (results.responses < k) return { figures: null, links: Number(links.n) };
	// The indicator, question by question, and how families came: enough for a conversation in
	// supervision, without a chart of every answer to pick over.
	const keep = new Set(['feedback-indicator', 'feedback-channels']);
	return {
		figures: results.figures.filter((f) => keep.has(f.id)).map((f) => ({ ...f, withheldAs: withheldText(k) })),
		links: Number(links.n)
	};
}

// Comments.

export const commentsPerPage = 20;

/** What a comment `c` is shown with, its response `r`'s channel and audience among them. */
const commentShown = [
	'c.id',
	'c.body',
	'c.questionId',
	sql<string>`to_char(c.received_month, 'YYYY-MM-DD')`.as('month'),
	'c.themes',
	'c.quote',
	'r.channel',
	'r.audience'
] as const;

/** One page of the comments that came in during the period, newest month first. */
export async function commentsIn(
	db: Db,
	period: Period,
	page: number,
	filter: { theme?: string; quotes?: boolean } = {}
) {
	let query = db
		.selectFrom('feedbackComment as c')
		.where('c.receivedMonth', '>=', sql<string>`date_trunc('month', ${period.from}::date)::date`)
		.where('c.receivedMonth', '<=', period.to);
	if (filter.theme) query = query.where(sql<boolean>`${filter.theme} = any(c.themes)`);
	if (filter.quotes) query = query.where(sql<boolean>`c.quote`);
	// The page's comments are chosen first and only they are joined to their responses. Joined
	// before the limit, every comment of the newest month was (their month is in the index, but
	// not their order within it): 257 responses read for 20 comments at 20,000 people. Every
	// comment has a response, so the count needs none.
	const chosen = query
		.select(['c.id', 'c.body', 'c.questionId', 'c.receivedMonth', 'c.themes', 'c.quote', 'c.responseId'])
		.orderBy('c.receivedMonth', 'desc')
		.orderBy('c.id')
		.limit(commentsPerPage)
		.offset((page - 1) * commentsPerPage);
	const [rows, total] = await Promise.all([
		db
			.selectFrom(chosen.as('c'))
			.innerJoin('feedbackResponse as r', 'r.id', 'c.responseId')
			.select(commentShown)
			.orderBy('c.receivedMonth', 'desc')
			.orderBy('c.id')
			.execute(),
		query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
	]);
	return { rows, total: Number(total.n) };
}

/** One comment, with what the list shows of it, to choose its themes on a page of its own; null once it is no longer kept. */
export async function commentById(db: Db, id: string) {
	return (
		(await db
			.selectFrom('feedbackComment as c')
			.innerJoin('feedbackResponse as r', 'r.id', 'c.responseId')
			.select(commentShown)
			.where('c.id', '=', id)
			.executeTakeFirst()) ?? null
	);
}

/**
 * The comments a coordinator chose to quote, for the steering group and the annual report: their
 * words only. The partial index of quoted comments answers it; its condition is written as the
 * index's own, not compared with a value, because the plan PostgreSQL keeps for a prepared
 * statement cannot use a partial index that only the value shows applies (1.7 ms against 0.01).
 */
export async function quotesIn(db: Db, period: Period): Promise<{ id: string; body: string }[]> {
	return db
		.selectFrom('feedbackComment')
		.select(['id', 'body'])
		.where(sql<boolean>`quote`)
		.where('receivedMonth', '>=', sql<string>`date_trunc('month', ${period.from}::date)::date`)
		.where('receivedMonth', '<=', period.to)
		.orderBy('receivedMonth')
		.orderBy('id')
		.limit(100)
		.execute();
}

export const tagSchema = schemaFromContent((themes: string[]) =>
	z.object({
		comment: z.uuid({ error: 'Choose a comment' }),
		themes: z
			.array(z.string())
			.default([])
			.pipe(
				z.array(z.enum(themes as [string, ...string[]], { error: 'Choose themes from the list' })).max(themes.length)
			),
		quote: z
			.enum(['yes'], { error: 'Choose whether to quote it' })
			.optional()
			.transform((v) => v === 'yes')
	})
);

/** Sets a comment's themes and whether it is quoted. Audited with what changed, never the words. */
export async function tagComment(
	db: Db,
	actor: SessionPerson,
	input: { comment: string; themes: string[]; quote: boolean }
): Promise<boolean> {
	return db.transaction().execute(async (trx) => {
		const before = await trx
			.selectFrom('feedbackComment')
			.select(['themes', 'quote'])
			.where('id', '=', input.comment)
			.forUpdate()
			.executeTakeFirst();
		if (!before) return false;
		const themes = [...new Set(input.themes)];
		await trx
			.updateTable('feedbackComment')
			.set({ themes, quote: input.quote })
			.where('id', '=', input.comment)
			.execute();
		await recordAudit(trx, {
			actorId: actor.id,
			action: 'feedback.comment-tagged',
			recordType: 'feedback-comment',
			recordId: input.comment,
			detail: { themes, quote: input.quote, wasQuote: before.quote }
		});
		return true;
	});
}
