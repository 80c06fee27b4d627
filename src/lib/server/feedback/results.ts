// What families' answers add up to: responses by channel, the impartiality indicator and its trend,
// and each question's answers, all counted by the database and published under the same rule as
// every other report figure (reports/index.ts). Comments are read here too, by coordinators only,
// a page at a time; they tag them by theme and choose the few the steering group may read.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema';
import type { SessionPerson } from '../auth/sessions';
import type { Questionnaire, FeedbackQuestion } from '../content/feedback';
import type { Figure } from '../../reports';
import { formatMonth } from '../../format';
import { recordAudit } from '../audit';
import { publishedCount, publishedRate, withheldText, type Period } from '../reports';
import { channelLabels, feedbackChannels } from './index';

type Db = Kysely<DB>;
type SectionFigure = Omit<Figure, 'withheldAs'>;

/** Whose answers: the whole service, or those that came through one worker's links. */
export interface FeedbackScope {
	workerId?: string;
}

/**
 * Responses are kept by the month they came in, so a period counts every month it touches, whole:
 * 15 April to 14 May counts April and May.
 */
function responsesIn(period: Period, scope: FeedbackScope): RawBuilder<unknown> {
	const worker = scope.workerId
		? sql`and r.link_id in (select id from feedback_link where worker_id = ${scope.workerId})`
		: sql``;
	return sql`select r.id, r.channel, r.received_month from feedback_response r
		where r.received_month >= date_trunc('month', ${period.from}::date) and r.received_month <= ${period.to}::date ${worker}`;
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
	scope: FeedbackScope = {}
): Promise<FeedbackResults> {
	const shown = (n: number) => publishedCount(n, k);
	const questions = questionsAsked(questionnaires);
	const { targeted, positives } = indicatorParts(questions);
	const unit = trendUnit(period);
	const step = unit === 'month' ? '1 month' : unit === 'quarter' ? '3 months' : '1 year';
	const within = responsesIn(period, scope);
	const [byChannel, byAnswer, trend] = await Promise.all([
		sql<{ channel: string; n: string }>`
			select r.channel, count(*) as n from (${within}) r group by r.channel`.execute(db),
		sql<{ questionId: string; value: string; n: string }>`
			select a.question_id, a.value, count(*) as n
			from (${within}) r join feedback_answer a on a.response_id = r.id
			group by a.question_id, a.value`.execute(db),
		sql<{ bucket: string; responses: string; answers: string; positive: string }>`
			with r as (${within}),
			buckets as (
				select b::date as bucket from generate_series(date_trunc(${unit}, ${period.from}::date), ${period.to}::date, ${step}::interval) b
			)
			select to_char(buckets.bucket, 'YYYY-MM-DD') as bucket,
				count(distinct r.id) as responses,
				count(a.response_id) as answers,
				count(a.response_id) filter (where a.question_id || ':' || a.value = any(${positives}::text[])) as positive
			from buckets
			left join r on date_trunc(${unit}, r.received_month) = buckets.bucket
			left join feedback_answer a on a.response_id = r.id and a.question_id = any(${targeted}::text[])
			group by buckets.bucket order by buckets.bucket`.execute(db)
	]);

	const channelCount = new Map(byChannel.rows.map((r) => [r.channel, Number(r.n)]));
	const responses = [...channelCount.values()].reduce((a, b) => a + b, 0);
	const answers = new Map<string, Map<string, number>>();
	for (const row of byAnswer.rows) {
		const of = answers.get(row.questionId) ?? new Map<string, number>();
		of.set(row.value, Number(row.n));
		answers.set(row.questionId, of);
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
			rows: trend.rows.map((b) => ({
				label: bucketLabel(b.bucket, unit),
				values: [rate(Number(b.positive), Number(b.answers), Number(b.responses)), shown(Number(b.responses))]
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

/** One page of the comments that came in during the period, newest month first. */
export async function commentsIn(
	db: Db,
	period: Period,
	page: number,
	filter: { theme?: string; quotes?: boolean } = {}
) {
	let query = db
		.selectFrom('feedbackComment as c')
		.innerJoin('feedbackResponse as r', 'r.id', 'c.responseId')
		.where('c.receivedMonth', '>=', sql<string>`date_trunc('month', ${period.from}::date)::date`)
		.where('c.receivedMonth', '<=', period.to);
	if (filter.theme) query = query.where(sql<boolean>`${filter.theme} = any(c.themes)`);
	if (filter.quotes) query = query.where('c.quote', '=', true);
	const [rows, total] = await Promise.all([
		query
			.select([
				'c.id',
				'c.body',
				'c.questionId',
				sql<string>`to_char(c.received_month, 'YYYY-MM-DD')`.as('month'),
				'c.themes',
				'c.quote',
				'r.channel',
				'r.audience'
			])
			.orderBy('c.receivedMonth', 'desc')
			.orderBy('c.id')
			.limit(commentsPerPage)
			.offset((page - 1) * commentsPerPage)
			.execute(),
		query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
	]);
	return { rows, total: Number(total.n) };
}

/** The comments a coordinator chose to quote, for the steering group and the annual report: their words only. */
export async function quotesIn(db: Db, period: Period): Promise<{ id: string; body: string }[]> {
	return db
		.selectFrom('feedbackComment')
		.select(['id', 'body'])
		.where('quote', '=', true)
		.where('receivedMonth', '>=', sql<string>`date_trunc('month', ${period.from}::date)::date`)
		.where('receivedMonth', '<=', period.to)
		.orderBy('receivedMonth')
		.orderBy('id')
		.limit(100)
		.execute();
}

export function tagSchema(themes: string[]) {
	return z.object({
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
	});
}

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
