// Kept months never give a figure the records no longer support: after every kind of write a kept
// month depends on, the counts for a period are the same as counting every record afresh.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely, type Transaction } from 'kysely';
import { createDatabase } from '../db/index';
import type { DB } from '../db/schema';
import { createTestDatabase, testDatabaseKinds, whileOpen, type TestDatabase } from '../db/testing';
import { moveOnToStages } from '../supervision/history';
import { settleFirstAttempts } from '../quizzes';
import {
	countParts,
	recordCounts,
	recordCountsAfresh,
	type CountPart,
	type Intervals,
	type RecordCounts
} from './months';

const now = new Date('2026-11-23T12:00:00Z');
const period = { from: '2025-06-15', to: '2026-11-23' };
const intervals: Intervals = [
	['volunteer', 56],
	['staff', 28],
	['supervisor', 42]
];

const sorted = (c: RecordCounts) => ({
	...c,
	grades: [...c.grades].sort((a, b) =>
		`${a.kind}${a.criterion}${a.grade}`.localeCompare(`${b.kind}${b.criterion}${b.grade}`)
	)
});

describe.each(testDatabaseKinds)('kept months of the reports on %s', (kind) => {
	let test: TestDatabase;
	let supervisor: string;
	let ada: string;
	let ben: string;

	async function record(
		subjectId: string,
		heldOn: string,
		recordKind: 'supervision' | 'observation' | 'sample',
		status: 'draft' | 'shared' = 'shared',
		grade = 'good'
	) {
		const details =
			recordKind === 'observation'
				? {
						setting: 'phone',
						observed: 'A call',
						summary: '',
						criteria: [{ criterion: 'Listens', grade, evidence: '' }]
					}
				: {};
		const row = await test.db
			.insertInto('supervisionRecord')
			.values({ kind: recordKind, subjectId, authorId: supervisor, heldOn, status, details: JSON.stringify(details) })
			.returning('id')
			.executeTakeFirstOrThrow();
		return row.id;
	}

	/** Someone of the test's own, so no other test's changes to people touch what it counts. */
	async function volunteer(name: string) {
		const row = await test.db
			.insertInto('person')
			.values({
				email: `${name.toLowerCase()}@example.org`,
				name,
				roles: ['volunteer'],
				status: 'active',
				activatedAt: new Date('2024-01-01')
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		return row.id;
	}

	let quizVersion: string;

	/** A marked attempt at a quiz, with two answers: the second wrong when `wrong`. */
	async function attempt(personId: string, at: string, passed: boolean, wrong = !passed) {
		const row = await test.db
			.insertInto('quizAttempt')
			.values({
				personId,
				quizSlug: 'basics',
				quizVersionId: quizVersion,
				steps: '[]',
				startedAt: new Date(at),
				submittedAt: new Date(at),
				score: passed ? 100 : 50,
				passed
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await test.db
			.insertInto('quizAnswer')
			.values([
				{ attemptId: row.id, stepId: 'one', selected: ['a'], correct: true },
				{ attemptId: row.id, stepId: 'two', selected: ['b'], correct: !wrong }
			])
			.execute();
		await settleFirstAttempts(test.db);
		return row.id;
	}

	/** The counts as the report reads them (kept months and all) against the records counted afresh. */
	async function expectCurrent(db: Kysely<DB> = test.db, over = period) {
		const kept = await recordCounts(db, over, intervals, now);
		expect(sorted(kept)).toEqual(sorted(await recordCountsAfresh(db, over, intervals)));
		return kept;
	}

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		const people = await test.db
			.insertInto('person')
			.values([
				{
					email: 's@example.org',
					name: 'Sam',
					roles: ['supervisor', 'staff'],
					status: 'active',
					activatedAt: new Date('2020-01-01')
				},
				{
					email: 'ada@example.org',
					name: 'Ada',
					roles: ['volunteer'],
					status: 'active',
					activatedAt: new Date('2024-01-01')
				},
				{
					email: 'ben@example.org',
					name: 'Ben',
					roles: ['volunteer'],
					status: 'active',
					activatedAt: new Date('2024-01-01')
				}
			])
			.returning('id')
			.execute();
		[supervisor, ada, ben] = people.map((p) => p.id) as [string, string, string];
		for (const [i, day] of [
			'2025-06-20',
			'2025-07-03',
			'2025-09-30',
			'2026-01-15',
			'2026-10-31',
			'2026-11-20'
		].entries()) {
			await record(i % 2 ? ada : ben, day, 'supervision');
			await record(i % 2 ? ben : ada, day, 'observation', 'shared', i % 3 ? 'good' : 'inadequate');
		}
		quizVersion = (
			await test.db
				.insertInto('quizVersion')
				.values({ slug: 'basics', version: 1, contentHash: 'months-test' })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		// Ada fails then passes; Ben passes at his first go; Sam's first, a fail, falls near a month's end.
		await attempt(ada, '2025-07-10T10:00:00Z', false);
		await attempt(ada, '2025-08-02T10:00:00Z', true);
		await attempt(ben, '2026-02-14T10:00:00Z', true);
		await attempt(supervisor, '2025-09-30T23:30:00Z', false);
	});

	afterAll(async () => {
		await test?.close();
	});

	it('keeps each whole month that has ended, and counts the rest afresh', async () => {
		const first = await expectCurrent();
		expect(first.grades.length).toBeGreaterThan(0);
		// June 2025 (more than half of it inside the period) to October 2026: the months that ended
		// two days or more ago.
		const kept = await sql<{ n: string }>`select count(*) as n from report_month`.execute(test.db);
		expect(Number(kept.rows[0]!.n)).toBe(17);
		// The days of June 2025 before the period (taken away from the kept month), and of November
		// 2026 up to three days before now; the 21st to the 23rd are counted afresh.
		const days = await sql<{ first: string; last: string; n: string }>`
			select count(*) as n, to_char(min(day), 'YYYY-MM-DD') as first, to_char(max(day), 'YYYY-MM-DD') as last
			from report_day where day >= '2026-01-01'`.execute(test.db);
		expect({ ...days.rows[0], n: Number(days.rows[0]!.n) }).toEqual({ n: 20, first: '2026-11-01', last: '2026-11-20' });
		const june = await sql<{ n: string }>`select count(*) as n from report_day where day < '2026-01-01'`.execute(
			test.db
		);
		expect(Number(june.rows[0]!.n)).toBe(14);
		const before = await sql<{ at: Date }>`
			select max(computed_at) as at from (select computed_at from report_month union all select computed_at from report_day) k`.execute(
			test.db
		);
		await expectCurrent();
		const after = await sql<{ at: Date }>`
			select max(computed_at) as at from (select computed_at from report_month union all select computed_at from report_day) k`.execute(
			test.db
		);
		expect(after.rows[0]!.at).toEqual(before.rows[0]!.at);
	});

	it('follows records written, moved and deleted on days of this month already kept', async () => {
		const eve = await volunteer('Eve');
		const was = await expectCurrent();
		await record(eve, '2026-11-10', 'supervision');
		expect((await expectCurrent()).held.volunteer).toBe((was.held.volunteer ?? 0) + 1);
		const draft = await record(eve, '2026-11-11', 'observation', 'draft');
		await test.db.updateTable('supervisionRecord').set({ heldOn: '2026-11-22' }).where('id', '=', draft).execute();
		await moveOnToStages(test.db, [{ id: draft, status: 'shared' }]);
		await expectCurrent();
		const gone = await record(eve, '2026-11-12', 'supervision', 'draft');
		await expectCurrent();
		await test.db.deleteFrom('supervisionRecord').where('id', '=', gone).execute();
		await expectCurrent();
		// Eve's joining date moved to after a session on a kept day: it no longer counts.
		await record(eve, '2026-11-05', 'supervision');
		await expectCurrent();
		await test.db
			.updateTable('person')
			.set({ activatedAt: new Date('2026-11-08T09:00:00Z') })
			.where('id', '=', eve)
			.execute();
		await expectCurrent();
	});

	it('follows attempts erased on kept days, whichever side of midnight in UTC they fall', async () => {
		const was = await expectCurrent();
		const fay = await volunteer('Fay');
		// The 5th of June on the service's clock, and the 6th (half past midnight in summer time).
		const morning = await attempt(fay, '2025-06-05T10:00:00Z', false);
		const night = await attempt(fay, '2025-06-05T23:30:00Z', true);
		const inNovember = await attempt(fay, '2026-11-09T10:00:00Z', true);
		await expectCurrent();
		for (const id of [morning, night, inNovember]) {
			await test.db.deleteFrom('quizAttempt').where('id', '=', id).execute();
			await expectCurrent();
		}
		expect(sorted(await expectCurrent())).toEqual(sorted(was));
	});

	it('notes no change for a record dated today or yesterday, and one for the day before', async () => {
		await expectCurrent();
		const { rows } = await sql<{ today: string; yesterday: string; before: string }>`
			select to_char(current_date, 'YYYY-MM-DD') as today, to_char(current_date - 1, 'YYYY-MM-DD') as yesterday,
				to_char(current_date - 2, 'YYYY-MM-DD') as before`.execute(test.db);
		const { today, yesterday, before } = rows[0]!;
		const noted = async () =>
			(
				await sql<{ day: string | null }>`select to_char(day, 'YYYY-MM-DD') as day from report_month_change`.execute(
					test.db
				)
			).rows;
		// Unless today is the 1st or 2nd, when yesterday's or the day before's month has ended.
		const monthEnded = (day: string) => day.slice(0, 7) < today.slice(0, 7);
		for (const day of [today, yesterday, before]) {
			const was = (await noted()).length;
			await record(ada, day, 'supervision');
			const notes = await noted();
			expect(notes.length - was).toBe(day === before || monthEnded(day) ? 1 : 0);
		}
		await expectCurrent();
	});

	it('takes a kept month less the days outside the period, and counts a month mostly outside afresh', async () => {
		const was = await expectCurrent();
		// Before the period starts on 15 June 2025, in a month that is kept.
		await record(ada, '2025-06-05', 'supervision');
		await attempt(await volunteer('Dot'), '2025-06-03T09:00:00Z', true);
		expect(sorted(await expectCurrent())).toEqual(sorted(was));
		// A period that starts late in a month reads that month's days afresh.
		const late = { from: '2025-06-25', to: period.to };
		const kept = await recordCounts(test.db, late, intervals, now);
		expect(sorted(kept)).toEqual(sorted(await recordCountsAfresh(test.db, late, intervals)));
	});

	it('follows a session written up late, and one moved to another month', async () => {
		const cy = await volunteer('Cy');
		const was = (await expectCurrent()).held.volunteer ?? 0;
		await record(cy, '2025-08-12', 'supervision');
		expect((await expectCurrent()).held.volunteer).toBe(was + 1);
		// Only a draft's date can change: moved, then shared.
		const moved = await record(cy, '2025-08-13', 'supervision', 'draft');
		await expectCurrent();
		await test.db.updateTable('supervisionRecord').set({ heldOn: '2026-02-02' }).where('id', '=', moved).execute();
		await moveOnToStages(test.db, [{ id: moved, status: 'shared' }]);
		expect((await expectCurrent()).held.volunteer).toBe(was + 2);
	});

	it('follows a draft shared, its grades changed, and a draft deleted', async () => {
		await expectCurrent();
		const draft = await record(ben, '2025-10-10', 'observation', 'draft', 'good');
		await expectCurrent();
		await test.db
			.updateTable('supervisionRecord')
			.set({
				details: JSON.stringify({
					setting: 'phone',
					observed: 'A call',
					summary: '',
					criteria: [{ criterion: 'Listens', grade: 'requires-improvement', evidence: '' }]
				})
			})
			.where('id', '=', draft)
			.execute();
		await moveOnToStages(test.db, [{ id: draft, status: 'shared' }]);
		await expectCurrent();
		const gone = await record(ben, '2025-11-11', 'supervision', 'draft');
		await expectCurrent();
		await test.db.deleteFrom('supervisionRecord').where('id', '=', gone).execute();
		await expectCurrent();
	});

	it('follows a sampled case reviewed, and a conflict found, in a month that has ended', async () => {
		const sample = await record(ada, '2025-12-05', 'sample', 'draft');
		const was = await expectCurrent();
		const caseId = (
			await test.db
				.insertInto('sampledCase')
				.values({
					recordId: sample,
					position: 1,
					caseReference: 'NS-2025-0101',
					grades: JSON.stringify([{ criterion: 'Confidentiality kept', grade: 'good', evidence: '' }]),
					supportLevel: 'Advice'
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		await expectCurrent();
		await test.db
			.updateTable('sampledCase')
			.set({
				reviewedAt: new Date('2025-12-06T10:00:00Z'),
				conflict: 'Oakfield Primary School',
				setting: 'Oakfield Primary'
			})
			.where('id', '=', caseId)
			.execute();
		await expectCurrent();
		await moveOnToStages(test.db, [{ id: sample, status: 'shared' }]);
		const counts = await expectCurrent();
		expect(counts.cases).toBe(was.cases + 1);
		expect(counts.conflicts).toBe(was.conflicts + 1);
	});

	it('counts first attempts once, and follows an attempt erased in a month that has ended', async () => {
		const was = await expectCurrent();
		const basics = was.quizzes.find((q) => q.slug === 'basics')!;
		expect(basics).toMatchObject({ first: 3 });
		expect(basics.attempts).toBeGreaterThanOrEqual(4);
		const second = was.answers.find((a) => a.slug === 'basics' && a.stepId === 'two')!;
		expect(second.answers).toBe(basics.first);
		const cy = await volunteer('Cyd');
		const late = await attempt(cy, '2025-11-03T09:00:00Z', false);
		const after = await expectCurrent();
		expect(after.quizzes.find((q) => q.slug === 'basics')).toMatchObject({
			first: basics.first + 1,
			attempts: basics.attempts + 1,
			passedFirst: basics.passedFirst
		});
		await test.db.deleteFrom('quizAttempt').where('id', '=', late).execute();
		expect(sorted(await expectCurrent())).toEqual(sorted(was));
	});

	it('changes no figure when retention detaches old attempts from their person', async () => {
		const was = await expectCurrent();
		// Notes earlier tests left stay while any older snapshot on the server is open (other test
		// files run beside this one): what matters is that detaching adds none.
		const noted = async () =>
			Number((await sql<{ n: string }>`select count(*) as n from report_month_change`.execute(test.db)).rows[0]!.n);
		const before = await noted();
		await sql`update quiz_attempt set person_id = null, anonymous_key = gen_random_uuid() where person_id = ${ada}`.execute(
			test.db
		);
		expect(await noted()).toBe(before);
		expect(sorted(await expectCurrent())).toEqual(sorted(was));
	});

	it("follows a person's change of roles, and a leaving date set in the past", async () => {
		await expectCurrent();
		await test.db
			.updateTable('person')
			.set({ roles: ['staff'] })
			.where('id', '=', ben)
			.execute();
		const counts = await expectCurrent();
		expect(counts.held.staff).toBeGreaterThan(0);
		await test.db
			.updateTable('person')
			.set({ status: 'deactivated', deactivatedAt: new Date('2026-01-01T12:00:00Z') })
			.where('id', '=', ada)
			.execute();
		await expectCurrent();
	});

	it('starts again when the roles’ intervals change', async () => {
		await expectCurrent();
		const other: Intervals = [['volunteer', 56]];
		const kept = await recordCounts(test.db, period, other, now);
		expect(sorted(kept)).toEqual(sorted(await recordCountsAfresh(test.db, period, other)));
	});

	/**
	 * With the trigger that notes changes to `table` turned off, `write` leaves the kept figures
	 * stale, and the comparison with counting afresh tells: `figure` differs. The kept months and
	 * days are then dropped, so the next test starts from the truth.
	 */
	async function staleWhenUnnoted(
		table: 'supervision_record' | 'quiz_attempt',
		write: () => Promise<unknown>,
		figure: 'held' | 'quizzes',
		over = period
	) {
		await expectCurrent(test.db, over);
		const trigger = sql.raw(`${table}_report_month`);
		await sql`alter table ${sql.table(table)} disable trigger ${trigger}`.execute(test.db);
		try {
			await write();
			const kept = await recordCounts(test.db, over, intervals, now);
			const afresh = await recordCountsAfresh(test.db, over, intervals);
			expect(kept[figure]).not.toEqual(afresh[figure]);
		} finally {
			await sql`alter table ${sql.table(table)} enable trigger ${trigger}`.execute(test.db);
			await sql`delete from report_year`.execute(test.db);
			await sql`delete from report_month`.execute(test.db);
			await sql`delete from report_day`.execute(test.db);
		}
	}

	it('would serve a stale month if a change went unnoted, so the comparison can tell', async () => {
		await staleWhenUnnoted('supervision_record', () => record(ada, '2025-08-20', 'supervision'), 'held');
	});

	it('would serve a stale day of this month if a change went unnoted, so the comparison can tell', async () => {
		const gus = await volunteer('Gus');
		await staleWhenUnnoted('supervision_record', () => record(gus, '2026-11-16', 'supervision'), 'held');
	});

	it('would serve a stale quiz month if an erased attempt went unnoted', async () => {
		const doomed = await attempt(ben, '2025-12-01T12:00:00Z', false);
		await staleWhenUnnoted(
			'quiz_attempt',
			() => test.db.deleteFrom('quizAttempt').where('id', '=', doomed).execute(),
			'quizzes'
		);
	});

	/** From late 2024 to now: the whole of 2025 is kept as one year. */
	const years = { from: '2024-11-20', to: '2026-11-23' };

	it('keeps each whole year that has ended, and follows every kind of change to its months', async () => {
		const kept = await expectCurrent(test.db, years);
		expect(kept.held).not.toEqual({});
		const stored = await sql<{ year: string }>`select to_char(year, 'YYYY-MM-DD') as year from report_year`.execute(
			test.db
		);
		expect(stored.rows).toEqual([{ year: '2025-01-01' }]);
		// A session written up late in the kept year, a draft shared there, an attempt erased, a
		// person's roles changed: each is counted as the records now stand.
		const ivy = await volunteer('Ivy');
		const draft = await record(ivy, '2025-03-10', 'observation', 'draft', 'inadequate');
		await expectCurrent(test.db, years);
		await moveOnToStages(test.db, [{ id: draft, status: 'shared' }]);
		await expectCurrent(test.db, years);
		const erased = await attempt(ivy, '2025-05-05T09:00:00Z', true);
		await expectCurrent(test.db, years);
		await test.db.deleteFrom('quizAttempt').where('id', '=', erased).execute();
		await expectCurrent(test.db, years);
		await record(ivy, '2025-12-31', 'supervision');
		await expectCurrent(test.db, years);
		await test.db
			.updateTable('person')
			.set({ roles: ['staff'] })
			.where('id', '=', ivy)
			.execute();
		await expectCurrent(test.db, years);
		// A period that takes part of a year reads its months: no year but 2025 is kept.
		await expectCurrent(test.db, { from: '2025-02-01', to: '2026-11-23' });
		const after = await sql<{ n: string }>`select count(*) as n from report_year`.execute(test.db);
		expect(Number(after.rows[0]!.n)).toBe(1);
	});

	it('would serve a stale year if a change went unnoted, so the comparison can tell', async () => {
		const jo = await volunteer('Jo');
		await staleWhenUnnoted('supervision_record', () => record(jo, '2025-04-14', 'supervision'), 'held', years);
	});

	it('gives each part of the counts alone as it is in the whole, the days counted afresh included', async () => {
		// Records on the three days counted afresh, of every kind each part counts.
		const zoe = await volunteer('Zoe');
		await record(zoe, '2026-11-22', 'supervision');
		await record(zoe, '2026-11-23', 'observation', 'shared', 'inadequate');
		await attempt(zoe, '2026-11-22T09:00:00Z', false);
		const whole = await expectCurrent();
		const empty: RecordCounts = { held: {}, grades: [], cases: 0, conflicts: 0, quizzes: [], answers: [] };
		expect(whole.held.volunteer).toBeGreaterThan(0);
		for (const part of countParts) {
			const alone = await recordCounts(test.db, period, intervals, now, [part]);
			const shows = (name: CountPart) => name === part;
			expect(sorted(alone), part).toEqual(
				sorted({
					held: shows('held') ? whole.held : empty.held,
					grades: shows('grades') ? whole.grades : empty.grades,
					cases: shows('cases') ? whole.cases : empty.cases,
					conflicts: shows('cases') ? whole.conflicts : empty.conflicts,
					quizzes: shows('quizzes') ? whole.quizzes : empty.quizzes,
					answers: shows('answers') ? whole.answers : empty.answers
				})
			);
		}
		expect(sorted(await recordCounts(test.db, period, intervals, now, ['quizzes', 'answers']))).toEqual(
			sorted({ ...empty, quizzes: whole.quizzes, answers: whole.answers })
		);
	});

	it.runIf(kind === 'postgres')('lets two people’s late write-ups of the same month go ahead together', async () => {
		await expectCurrent();
		const other = createDatabase({ url: test.url!, poolSize: 2 });
		const lateFor = (subjectId: string) => (trx: Transaction<DB>) =>
			trx
				.insertInto('supervisionRecord')
				.values({
					kind: 'supervision',
					subjectId,
					authorId: supervisor,
					heldOn: '2025-09-09',
					status: 'shared',
					details: JSON.stringify({})
				})
				.execute();
		try {
			// A report read while one write-up is still open counts what has been committed.
			await whileOpen(test.db, other, lateFor(ada), lateFor(ben), () => expectCurrent(other));
		} finally {
			await other.destroy();
		}
		await expectCurrent();
	});
});
