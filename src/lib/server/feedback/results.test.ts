import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import { loadContent, type Content } from '../content';
import { defaultRetention } from '../content/service';
import type { SessionPerson } from '../auth/sessions';
import type { FeedbackChannelColumn } from '../db/schema';
import { advisoryReport, figureRows, type Period } from '../reports';
import { runRetention } from '../retention';
import { seededRandom } from '../../testing/random';
import { createLink, listLinks, submitResponse } from './index';
import { commentById, commentsIn, commentsPerPage, quotesIn, tagComment, tagSchema, workerResults } from './results';

const year: Period = { from: '2026-04-01', to: '2027-03-31' };
const now = new Date('2027-04-10T12:00:00Z');

/** Every feedback figure of the advisory report, by id. */
async function reported(db: TestDatabase['db'], content: Content, period: Period, k?: number, at = now) {
	const service = k ? { ...content.service, reports: { smallestGroup: k } } : content.service;
	const report = await advisoryReport(db, period, { ...content, service }, at);
	return report.find((s) => s.id === 'feedback')!.figures;
}

describe.each(testDatabaseKinds)("families' feedback results on %s", (kind) => {
	let test: TestDatabase;
	let content: Content;
	let coordinator: SessionPerson;
	let worker: string;
	let otherWorker: string;
	let workerLink: string;
	let otherLink: string;
	const comments: string[] = [];

	/** One response, as the public form stores it, in a month of our choosing. */
	async function respond(
		month: string,
		channel: FeedbackChannelColumn,
		answers: Record<string, string>,
		options: { link?: string; comment?: string } = {}
	) {
		const { id } = await test.db
			.insertInto('feedbackResponse')
			.values({
				linkId: options.link ?? null,
				channel,
				audience: 'families',
				questionnaireVersion: 1,
				receivedMonth: month
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const rows = Object.entries(answers).map(([questionId, value]) => ({
			responseId: id,
			questionId,
			value,
			receivedMonth: month
		}));
		if (rows.length) await test.db.insertInto('feedbackAnswer').values(rows).execute();
		if (options.comment) {
			const c = await test.db
				.insertInto('feedbackComment')
				.values({ responseId: id, questionId: 'anything-else', body: options.comment, receivedMonth: month })
				.returning('id')
				.executeTakeFirstOrThrow();
			comments.push(c.id);
		}
	}

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		content = loadContent();
		const people = await test.db
			.insertInto('person')
			.values([
				{ email: 'cora@example.org', name: 'Cora Ordinator', roles: ['coordinator'], status: 'active' },
				{ email: 'wendy@example.org', name: 'Wendy Worker', roles: ['volunteer'], status: 'active' },
				{ email: 'olu@example.org', name: 'Olu Other', roles: ['staff'], status: 'active' }
			])
			.returning(['id', 'name', 'email'])
			.execute();
		coordinator = { ...people[0]!, roles: ['coordinator'], supervisorId: null };
		worker = people[1]!.id;
		otherWorker = people[2]!.id;
		const a = await createLink(test.db, coordinator, {
			label: 'Wendy at meetings',
			channel: 'meeting',
			workerId: worker
		});
		const b = await createLink(test.db, coordinator, {
			label: 'Olu on the helpline',
			channel: 'helpline',
			workerId: otherWorker
		});
		if ('error' in a || 'error' in b) throw new Error('links not made');
		workerLink = a.id;
		otherLink = b.id;

		// The year's twenty responses: twelve by the helpline in May, eight through Wendy's link in June.
		// took-sides: 15 "no", 5 "a little"; all-options: all 20 "yes"; views-heard: 17 "yes", 3 "no";
		// confidence: 10 "very", 6 "fairly", 4 "not very". 68 of the 80 targeted answers are positive.
		for (let i = 0; i < 20; i++) {
			await respond(
				i < 12 ? '2026-05-01' : '2026-06-01',
				i < 12 ? 'helpline' : 'meeting',
				{
					'took-sides': i < 15 ? 'no' : 'a-little',
					'all-options': 'yes',
					'views-heard': i < 17 ? 'yes' : 'no',
					confidence: i < 10 ? 'very' : i < 16 ? 'fairly' : 'not-very',
					result: i % 2 ? 'yes' : 'no'
				},
				{
					link: i < 12 ? undefined : workerLink,
					comment: i < 3 ? `Comment ${i}: the adviser set out every option.` : undefined
				}
			);
		}
		// Three through Olu's link, in an earlier year: too few to show anything of.
		for (let i = 0; i < 3; i++)
			await respond('2025-02-01', 'helpline', { 'took-sides': 'yes', confidence: 'not-at-all' }, { link: otherLink });
	});
	afterAll(() => test.close());

	it('counts responses by channel, rounded to the smallest group, months counted whole', async () => {
		const figures = await reported(test.db, content, year);
		const channels = figureRows(figures.find((f) => f.id === 'feedback-channels')!);
		expect(channels.slice(1)).toEqual([
			['Helpline', '10'],
			['Email or website', '0'],
			['Supporter at a meeting', '10'],
			['Workshop or information session', '0'],
			['Another way', '0'],
			['All responses', '20']
		]);
		// A period from the middle of May still counts May whole.
		const fromMidMay = await reported(test.db, content, { from: '2026-05-15', to: '2026-05-20' });
		expect(figureRows(fromMidMay.find((f) => f.id === 'feedback-channels')!).at(-1)).toEqual(['All responses', '10']);
	});

	it('works out the impartiality indicator from the rounded counts, withholding any share with fewer than 5 on a side', async () => {
		const figures = await reported(test.db, content, year);
		const indicator = figureRows(figures.find((f) => f.id === 'feedback-indicator')!);
		// 68 positive of 80: rounded to 70 and 10, so 88%.
		expect(indicator[1]).toEqual(['All impartiality questions', '88%', '80']);
		const byQuestion = Object.fromEntries(indicator.slice(2).map(([label, ...rest]) => [label, rest]));
		expect(byQuestion["Whatever the outcome, did you feel we took anyone's side?"]).toEqual(['75%', '20']);
		// All twenty positive: nobody on the other side, so no share.
		expect(byQuestion['Were you given information about all of your options?']).toEqual(['fewer than 5', '20']);
		// 17 and 3, 16 and 4: fewer than 5 on one side.
		expect(byQuestion['Were your own views heard, and put across as you meant them?']).toEqual(['fewer than 5', '20']);
		expect(byQuestion['How confident are you that our service is impartial?']).toEqual(['fewer than 5', '20']);
		// The outcome question is never in the indicator.
		expect(indicator.some(([label]) => label === 'Did you get the result you wanted?')).toBe(false);
	});

	it('shows each question as a chart and a table of counts and shares, and the trend by month', async () => {
		const figures = await reported(test.db, content, year);
		const tookSides = figureRows(figures.find((f) => f.id === 'feedback-question-took-sides')!);
		expect(tookSides.slice(1)).toEqual([
			['No, you did not take sides', '15', '75%'],
			['A little', '5', '25%'],
			['Yes, you took a side', '0', 'fewer than 5'],
			["I'm not sure", '0', 'fewer than 5']
		]);
		const result = figures.find((f) => f.id === 'feedback-question-result')!;
		expect(result.description).toMatch(/never counted in the indicator/);
		expect(figures.some((f) => f.id === 'feedback-question-channel')).toBe(false);
		const trend = figureRows(figures.find((f) => f.id === 'feedback-trend')!);
		expect(trend.map((r) => r[0]).slice(1, 4)).toEqual(['April 2026', 'May 2026', 'June 2026']);
		expect(trend).toHaveLength(13);
		expect(trend[1]).toEqual(['April 2026', 'fewer than 5', '0']);
		// May: 12 responses, all 48 targeted answers positive: nobody on the other side.
		expect(trend[2]).toEqual(['May 2026', 'fewer than 5', '10']);
		// June: 8 responses, 32 answers, 22 positive and 10 not: rounded 20 and 10.
		expect(trend[3]).toEqual(['June 2026', '67%', '10']);
		// Over more than a year, quarters.
		const long = await reported(test.db, content, { from: '2025-01-01', to: '2026-12-31' });
		const quarters = figureRows(long.find((f) => f.id === 'feedback-trend')!);
		expect(quarters[0]![0]).toBe('Impartiality indicator by quarter');
		expect(quarters[1]).toEqual(['January to March 2025', 'fewer than 5', 'fewer than 5']);
		expect(quarters.find((r) => r[0] === 'April to June 2026')).toEqual(['April to June 2026', '88%', '20']);
	});

	it('holds the smallest group in every feedback figure and its CSV, for any group size and any answers (seed 26)', async () => {
		const random = seededRandom(26);
		const options: Record<string, string[]> = {
			'took-sides': ['no', 'a-little', 'yes', 'not-sure'],
			'all-options': ['yes', 'some', 'no', 'not-sure'],
			confidence: ['very', 'fairly', 'not-very', 'not-at-all']
		};
		// A year of its own, well away from the others: a random number of responses with random answers.
		const responses = random.int(1, 40);
		for (let i = 0; i < responses; i++) {
			const answers = Object.fromEntries(
				Object.entries(options).map(([q, values]) => [q, values[random.int(0, values.length - 1)]!])
			);
			await respond(`2023-0${random.int(1, 9)}-01`, random.int(0, 1) ? 'email' : 'workshop', answers);
		}
		for (const k of [3, 4, 5, 7, 10]) {
			const figures = await reported(test.db, content, { from: '2023-01-01', to: '2023-12-31' }, k);
			for (const figure of figures) {
				for (const row of figure.rows) {
					row.values.forEach((value, i) => {
						if (value === null || value === 0) return;
						if (figure.percent?.[i]) expect(value).toBeGreaterThan(0);
						// Every count is a multiple of the smallest group: never 1 to k - 1.
						else expect(value % k, `${figure.id} ${row.label} with k = ${k}`).toBe(0);
					});
				}
				// The CSV reads the same, withheld figures as words.
				for (const cells of figureRows(figure).slice(1))
					for (const cell of cells.slice(1)) expect(cell).toMatch(new RegExp(`^(\\d+%?|fewer than ${k})$`));
			}
			// With fewer than k families in the year, no share is shown at all.
			if (responses < k) {
				const shares = figures.flatMap((f) => f.rows.flatMap((r) => r.values.filter((_, i) => f.percent?.[i])));
				expect(shares.every((v) => v === null)).toBe(true);
			}
		}
	});

	it('keeps each ended month once, and follows a response added to, moved out of and removed from one', async () => {
		const period: Period = { from: '2022-01-01', to: '2022-12-31' };
		// With the clock before the period, nothing has ended: every month is counted from the answers.
		const afresh = async () => reported(test.db, content, period, undefined, new Date('2021-06-01T12:00:00Z'));
		const kept = async () => reported(test.db, content, period);
		const keptMonths = async () =>
			Number(
				(
					await sql<{
						n: string;
					}>`select count(*) as n from feedback_month where month between '2022-01-01' and '2022-12-01'`.execute(
						test.db
					)
				).rows[0]!.n
			);
		for (let i = 0; i < 6; i++) await respond('2022-03-01', 'email', { 'took-sides': 'no', confidence: 'very' });
		expect(await kept()).toEqual(await afresh());
		expect(await keptMonths()).toBe(12);
		// Read again, from the kept months alone.
		const computed = async () =>
			(await sql<{ at: Date }>`select max(computed_at) as at from feedback_month`.execute(test.db)).rows[0]!.at;
		const before = await computed();
		expect(await kept()).toEqual(await afresh());
		expect(await computed()).toEqual(before);

		// Added into a month that has ended, by an import or by hand.
		for (let i = 0; i < 5; i++) await respond('2022-07-01', 'workshop', { 'took-sides': 'yes' });
		const added = await kept();
		expect(added).toEqual(await afresh());
		expect(figureRows(added.find((f) => f.id === 'feedback-channels')!).at(-1)).toEqual(['All responses', '10']);
		// Moved out of the period, then removed with its answers.
		await sql`update feedback_response set received_month = '2021-07-01' where received_month = '2022-07-01'`.execute(
			test.db
		);
		await sql`update feedback_answer set received_month = '2021-07-01' where received_month = '2022-07-01'`.execute(
			test.db
		);
		expect(await kept()).toEqual(await afresh());
		expect(figureRows((await kept()).find((f) => f.id === 'feedback-channels')!).at(-1)).toEqual([
			'All responses',
			'5'
		]);
		await sql`delete from feedback_response where received_month = '2022-03-01'`.execute(test.db);
		const removed = await kept();
		expect(removed).toEqual(await afresh());
		expect(figureRows(removed.find((f) => f.id === 'feedback-channels')!).at(-1)).toEqual(['All responses', '0']);
		await sql`delete from feedback_response where received_month = '2021-07-01'`.execute(test.db);
	});

	it('keeps each whole year of a trend by year once, and follows a response added to and removed from one', async () => {
		// Seven years: the trend is by year, and 2016 to 2022 have each ended.
		const period: Period = { from: '2016-01-01', to: '2022-12-31' };
		const afresh = async () => reported(test.db, content, period, undefined, new Date('2015-06-01T12:00:00Z'));
		const kept = async () => reported(test.db, content, period);
		const keptYears = async () =>
			(
				await sql<{ year: string }>`select to_char(year, 'YYYY') as year from feedback_year order by year`.execute(
					test.db
				)
			).rows.map((r) => r.year);
		for (let i = 0; i < 6; i++) await respond('2018-04-01', 'helpline', { 'took-sides': 'no', confidence: 'very' });
		for (let i = 0; i < 5; i++) await respond('2018-11-01', 'helpline', { 'took-sides': 'yes' });
		const first = await kept();
		expect(first).toEqual(await afresh());
		expect(await keptYears()).toEqual(['2016', '2017', '2018', '2019', '2020', '2021', '2022']);
		const trend = figureRows(first.find((f) => f.id === 'feedback-trend')!);
		expect(trend.find((row) => row[0] === '2018')).toEqual(['2018', '67%', '10']);
		// Added into a kept year by an import, then removed: the year is counted again each time.
		for (let i = 0; i < 5; i++) await respond('2020-02-01', 'email', { 'took-sides': 'no' });
		const added = await kept();
		expect(added).toEqual(await afresh());
		expect(figureRows(added.find((f) => f.id === 'feedback-channels')!).at(-1)).toEqual(['All responses', '15']);
		await sql`delete from feedback_response where received_month in ('2018-04-01', '2018-11-01', '2020-02-01')`.execute(
			test.db
		);
		const removed = await kept();
		expect(removed).toEqual(await afresh());
		expect(figureRows(removed.find((f) => f.id === 'feedback-channels')!).at(-1)).toEqual(['All responses', '0']);
	});

	it('counts the responses through each link, in months that have ended and the month under way', async () => {
		const counts = async () => new Map((await listLinks(test.db)).map((l) => [l.id, Number(l.responses)]));
		const direct = async () => {
			const { rows } = await sql<{ linkId: string; n: string }>`
				select link_id, count(*) as n from feedback_response where link_id is not null group by link_id`.execute(test.db);
			return new Map(rows.map((r) => [r.linkId, Number(r.n)]));
		};
		expect(await counts()).toEqual(
			new Map([
				[workerLink, 8],
				[otherLink, 3]
			])
		);
		// One more in a month that has ended, and one in the month under way.
		await respond('2026-03-01', 'meeting', { 'took-sides': 'no' }, { link: workerLink });
		await respond('2027-04-01', 'meeting', { 'took-sides': 'no' }, { link: workerLink });
		expect(await counts()).toEqual(
			new Map([
				[workerLink, 10],
				[otherLink, 3]
			])
		);
		expect(await counts()).toEqual(await direct());
		// A response moved to the other link, in a month already kept.
		await sql`update feedback_response set link_id = ${otherLink} where link_id = ${workerLink} and received_month = '2026-03-01'`.execute(
			test.db
		);
		expect(await counts()).toEqual(
			new Map([
				[workerLink, 9],
				[otherLink, 4]
			])
		);
		expect(await counts()).toEqual(await direct());
		await sql`delete from feedback_response where received_month in ('2026-03-01', '2027-04-01')`.execute(test.db);
		expect(await counts()).toEqual(
			new Map([
				[workerLink, 8],
				[otherLink, 3]
			])
		);
	});

	it('would serve a stale month if a change went unnoted, so the comparison above can tell', async () => {
		const period: Period = { from: '2021-01-01', to: '2021-12-31' };
		const total = async (at?: Date) =>
			figureRows(
				(await reported(test.db, content, period, undefined, at)).find((f) => f.id === 'feedback-channels')!
			).at(-1);
		expect(await total()).toEqual(['All responses', '0']);
		await sql`alter table feedback_response disable trigger feedback_response_month_insert`.execute(test.db);
		try {
			for (let i = 0; i < 5; i++) await respond('2021-02-01', 'email', {});
			expect(await total()).toEqual(['All responses', '0']);
			expect(await total(new Date('2020-06-01T12:00:00Z'))).toEqual(['All responses', '5']);
		} finally {
			await sql`alter table feedback_response enable trigger feedback_response_month_insert`.execute(test.db);
			await sql`delete from feedback_month`.execute(test.db);
			await sql`delete from feedback_response where received_month = '2021-02-01'`.execute(test.db);
		}
	});

	it('shows a worker\u2019s totals to their supervisor only above the smallest group, and only their own links', async () => {
		const k = 5;
		const wendy = await workerResults(test.db, worker, year, content.questionnaires, k);
		expect(wendy.links).toBe(1);
		expect(wendy.figures).not.toBeNull();
		const channels = figureRows(wendy.figures!.find((f) => f.id === 'feedback-channels')!);
		// Only the eight through her link, rounded: none of the helpline's twelve.
		expect(channels.slice(1).map((r) => r[1])).toEqual(['0', '0', '10', '0', '0', '10']);
		// Olu's three are never shown, in any period that holds them.
		const olu = await workerResults(
			test.db,
			otherWorker,
			{ from: '2025-01-01', to: '2025-12-31' },
			content.questionnaires,
			k
		);
		expect(olu).toEqual({ figures: null, links: 1 });
		// With a smallest group of 3 (the least a service may set), his three are shown, and a share with none positive is still withheld.
		const oluAtThree = await workerResults(
			test.db,
			otherWorker,
			{ from: '2025-01-01', to: '2025-12-31' },
			content.questionnaires,
			3
		);
		expect(oluAtThree.figures).not.toBeNull();
		expect(figureRows(oluAtThree.figures!.find((f) => f.id === 'feedback-indicator')!)[1]).toEqual([
			'All impartiality questions',
			'fewer than 3',
			'6'
		]);
	});

	it('lets a coordinator tag a comment and choose it as a quote, audited without its words', async () => {
		const schema = tagSchema(content.service.feedback!.commentThemes);
		expect(schema.safeParse({ comment: comments[0], themes: ['Made up'], quote: 'yes' }).success).toBe(false);
		const parsed = schema.parse({ comment: comments[0], themes: ['Impartiality', 'Thanks'], quote: 'yes' });
		expect(await tagComment(test.db, coordinator, parsed)).toBe(true);
		expect(await tagComment(test.db, coordinator, { ...parsed, comment: '00000000-0000-4000-8000-000000000000' })).toBe(
			false
		);
		const stored = await test.db
			.selectFrom('feedbackComment')
			.select(['themes', 'quote'])
			.where('id', '=', comments[0]!)
			.executeTakeFirstOrThrow();
		expect(stored).toEqual({ themes: ['Impartiality', 'Thanks'], quote: true });
		const audit = await test.db
			.selectFrom('auditEvent')
			.select(['action', 'actorId', 'detail'])
			.where('recordId', '=', comments[0]!)
			.executeTakeFirstOrThrow();
		expect(audit).toMatchObject({ action: 'feedback.comment-tagged', actorId: coordinator.id });
		expect(JSON.stringify(audit.detail)).not.toContain('adviser');

		// The list pages and filters.
		const all = await commentsIn(test.db, year, 1);
		expect(all.total).toBe(3);
		expect(all.rows.map((c) => c.body).sort()).toEqual(
			[0, 1, 2].map((i) => `Comment ${i}: the adviser set out every option.`)
		);
		expect((await commentsIn(test.db, year, 1, { theme: 'Thanks' })).rows.map((c) => c.id)).toEqual([comments[0]]);
		expect((await commentsIn(test.db, year, 1, { quotes: true })).total).toBe(1);
		expect((await commentsIn(test.db, year, 2)).rows).toEqual([]);
		expect(commentsPerPage).toBeGreaterThan(0);

		// A comment's own page reads it as the list shows it, and nothing once it is gone.
		const listed = all.rows.find((c) => c.id === comments[0])!;
		expect(await commentById(test.db, comments[0]!)).toEqual(listed);
		expect(await commentById(test.db, '00000000-0000-4000-8000-000000000000')).toBeNull();
	});

	it('pages comments newest month first, each with its own response’s channel', async () => {
		const period: Period = { from: '2019-01-01', to: '2019-12-31' };
		const channels = ['helpline', 'email', 'meeting', 'workshop'] as const;
		const first = comments.length;
		for (let i = 0; i < 45; i++)
			await respond(`2019-0${1 + (i % 3)}-01`, channels[i % 4]!, {}, { comment: `Paged comment ${i}` });
		const made = comments.slice(first).map((id, i) => ({
			id,
			month: `2019-0${1 + (i % 3)}-01`,
			channel: channels[i % 4],
			body: `Paged comment ${i}`
		}));
		const expected = [...made].sort((a, b) => b.month.localeCompare(a.month) || a.id.localeCompare(b.id));
		const pages = await Promise.all([1, 2, 3].map((page) => commentsIn(test.db, period, page)));
		expect(pages.map((p) => p.total)).toEqual([45, 45, 45]);
		expect(pages.map((p) => p.rows.length)).toEqual([commentsPerPage, commentsPerPage, 45 - 2 * commentsPerPage]);
		expect(
			pages.flatMap((p) => p.rows.map((c) => ({ id: c.id, month: c.month, channel: c.channel, body: c.body })))
		).toEqual(expected);
		await sql`delete from feedback_response where received_month between '2019-01-01' and '2019-03-01'`.execute(
			test.db
		);
	});

	it('gives the steering group only the chosen quotes, and no other comment anywhere in the report', async () => {
		expect(await quotesIn(test.db, year)).toEqual([
			{ id: comments[0], body: 'Comment 0: the adviser set out every option.' }
		]);
		const report = await advisoryReport(test.db, year, content, now);
		const text = JSON.stringify(report);
		for (const i of [0, 1, 2]) expect(text).not.toContain(`Comment ${i}`);
	});

	it('keeps nothing that could identify a family, not even the address a response came from', async () => {
		const address = '198.51.100.201';
		const rules = { ...content.service.feedback!, perClientPerHour: 50 };
		const families = content.questionnaires[0]!;
		expect(
			await submitResponse(test.db, {
				questionnaire: families,
				link: undefined,
				answers: { channel: 'email', 'took-sides': 'no', 'anything-else': 'Kind and clear.' },
				address,
				rules
			})
		).toEqual({ ok: true });
		const { rows } = await sql<{ row: string }>`
			select row_to_json(t)::text as row from (
				select id::text, link_id::text, channel, audience, to_char(received_month, 'YYYY-MM-DD') as m from feedback_response
				union all select response_id::text, question_id, value, null, null from feedback_answer
				union all select id::text, body, array_to_string(themes, ','), null, null from feedback_comment
				union all select link_key, client_key, at::text, null, null from feedback_intake) t`.execute(test.db);
		const everything = rows.map((r) => r.row).join('\n');
		expect(everything).toContain('Kind and clear.');
		expect(everything).not.toContain(address);
		expect(everything).not.toContain('198.51.100');
		// The month, never the day or time.
		const months = await sql<{
			day: number;
		}>`select distinct extract(day from received_month)::int as day from feedback_response`.execute(test.db);
		expect(months.rows).toEqual([{ day: 1 }]);
	});

	it('removes comments past their retention period in the daily run, and the figures stay as they were', async () => {
		const old = '2024-01-01';
		await respond(old, 'email', { 'took-sides': 'no' }, { comment: 'An old comment to go.' });
		await test.db
			.insertInto('feedbackIntake')
			.values({ linkKey: 'none', clientKey: 'stale', at: new Date('2027-04-01T00:00:00Z') })
			.execute();
		const before = await reported(test.db, content, { from: '2024-01-01', to: '2027-03-31' });
		const periods = { ...defaultRetention, feedbackCommentMonths: 24 };
		const dry = await runRetention(test.db, periods, { now, dryRun: true });
		expect(dry.counts.feedbackCommentsDeleted).toBe(1);
		const run = await runRetention(test.db, periods, { now });
		expect(run.counts.feedbackCommentsDeleted).toBe(1);
		expect(run.items.filter((i) => i.type === 'feedback-comment')).toHaveLength(1);
		const left = await test.db.selectFrom('feedbackComment').select('body').execute();
		expect(left.map((c) => c.body)).not.toContain('An old comment to go.');
		// Those from April 2025 on (24 months before April 2027) stay.
		expect(left.map((c) => c.body)).toContain('Comment 0: the adviser set out every option.');
		// The answers stay: every figure reads the same.
		expect(await reported(test.db, content, { from: '2024-01-01', to: '2027-03-31' })).toEqual(before);
		// The form's throttling rows older than two days go too.
		const stale = await test.db
			.selectFrom('feedbackIntake')
			.select('clientKey')
			.where('clientKey', '=', 'stale')
			.execute();
		expect(stale).toEqual([]);
		expect((await runRetention(test.db, periods, { now })).counts.feedbackCommentsDeleted).toBe(0);
	});
});
