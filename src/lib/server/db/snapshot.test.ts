// Several people opening the same report at the same moment each see it: figures worked out by
// several requests at once are kept by one of them, and the others show what they worked out
// rather than an error page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from './testing';
import { workOutAndKeep } from './snapshot';
import { keptStanding } from './standing';
import { keptFigures, type KeptFigures } from '../reports/kept';

/** A promise each of `n` callers awaits, settled when the last of them arrives. */
function meetingPoint(n: number): () => Promise<void> {
	let arrived = 0;
	let release!: () => void;
	const everyone = new Promise<void>((resolve) => (release = resolve));
	return () => {
		arrived += 1;
		if (arrived === n) release();
		return everyone;
	};
}

// Row locks and concurrent snapshots are a PostgreSQL server's; the embedded database serves one
// connection at a time, so requests there never overlap.
describe.runIf(process.env.TEST_DATABASE_URL)('figures kept by several requests at once, on PostgreSQL', () => {
	let test: TestDatabase;
	const together = 4;

	beforeAll(async () => {
		test = await createTestDatabase('postgres');
	});
	afterAll(async () => {
		await test?.close();
	});

	it('answers every request for today’s figures, and keeps one copy', async () => {
		// Every request has read its snapshot before any of them keeps what it worked out, so all
		// but the first to keep find the row changed since their snapshot.
		const arrive = meetingPoint(together);
		const work = async () => {
			await arrive();
			return { active: 12 };
		};
		const answers = await Promise.allSettled(
			Array.from({ length: together }, () => keptStanding(test.db, '2026-11-23', { report: 'at once' }, work))
		);
		expect(answers.map((a) => a.status)).toEqual(Array(together).fill('fulfilled'));
		expect(answers.map((a) => (a as PromiseFulfilledResult<unknown>).value)).toEqual(
			Array(together).fill({ active: 12 })
		);
		const { rows } = await sql<{ figures: unknown }>`select figures from report_standing`.execute(test.db);
		expect(rows).toEqual([{ figures: { active: 12 } }]);
		// The kept copy is the one read next: the work is not done again.
		expect(
			await keptStanding(test.db, '2026-11-23', { report: 'at once' }, () => Promise.reject(new Error('worked again')))
		).toEqual({ active: 12 });
	});

	it('answers every request for months of figures, and keeps each month once', async () => {
		const arrive = meetingPoint(together);
		const months = ['2026-08-01', '2026-09-01', '2026-10-01'];
		const of: KeptFigures<{ sessions: number }> = {
			table: 'report_month',
			span: 'month',
			changes: 'report_month_change',
			key: 'at once',
			count: async () => {
				await arrive();
				return new Map([
					['2026-08-01', { sessions: 3 }],
					['2026-10-01', { sessions: 5 }]
				]);
			},
			none: () => ({ sessions: 0 })
		};
		const expected = new Map([
			['2026-08-01', { sessions: 3 }],
			['2026-09-01', { sessions: 0 }],
			['2026-10-01', { sessions: 5 }]
		]);
		const answers = await Promise.allSettled(Array.from({ length: together }, () => keptFigures(test.db, months, of)));
		expect(answers.map((a) => a.status)).toEqual(Array(together).fill('fulfilled'));
		for (const answer of answers) expect((answer as PromiseFulfilledResult<unknown>).value).toEqual(expected);
		const { rows } = await sql<{ month: string }>`
			select to_char(month, 'YYYY-MM-DD') as month from report_month order by month`.execute(test.db);
		expect(rows.map((r) => r.month)).toEqual(months);
		const again = await keptFigures(test.db, months, {
			...of,
			count: () => Promise.reject(new Error('worked again'))
		});
		// Read back kept, the figures are what was worked out: what they were counted under is kept beside them.
		expect(again).toEqual(expected);
	});

	it('lets go of no change that a request still working from an older snapshot has not seen', async () => {
		const month = '2026-07-01';
		const of = (sessions: number, counting?: () => Promise<void>): KeptFigures<{ sessions: number }> => ({
			table: 'report_month',
			span: 'month',
			changes: 'report_month_change',
			key: 'older snapshot',
			count: async () => {
				await counting?.();
				return new Map([[month, { sessions }]]);
			},
			none: () => ({ sessions: 0 })
		});
		let started!: () => void;
		const counting = new Promise<void>((resolve) => (started = resolve));
		let finish!: () => void;
		const finished = new Promise<void>((resolve) => (finish = resolve));
		// A request counts July from its snapshot and is held there...
		const slow = keptFigures(
			test.db,
			[month],
			of(1, () => {
				started();
				return finished;
			})
		);
		await counting;
		// ...while a session of July is written up (noted), and another request keeps August and lets
		// go of the changes no kept figures need: July has no kept figures yet.
		await sql`insert into report_month_change (month, day) values (${month}::date, '2026-07-14'::date)`.execute(
			test.db
		);
		await keptFigures(test.db, ['2026-08-01'], { ...of(0), key: 'another' });
		finish();
		expect(await slow).toEqual(new Map([[month, { sessions: 1 }]]));
		// July was kept from before the change: the change is still there to say so, and July is
		// counted again.
		const again = await keptFigures(test.db, [month], of(2));
		expect(again.get(month)).toEqual({ sessions: 2 });
	});
});

describe.each(testDatabaseKinds)('working out and keeping figures on %s', (kind) => {
	let test: TestDatabase;
	beforeAll(async () => {
		test = await createTestDatabase(kind);
	});
	afterAll(async () => {
		await test?.close();
	});

	it('keeps the figures with the snapshot they were worked out in', async () => {
		let kept: { figures: unknown; snapshot: string } | undefined;
		const figures = await workOutAndKeep(
			test.db,
			async () => ({ answered: 2 }),
			async (_trx, figures, snapshot) => {
				kept = { figures, snapshot };
			}
		);
		expect(figures).toEqual({ answered: 2 });
		expect(kept?.figures).toEqual({ answered: 2 });
		// A snapshot as PostgreSQL writes one: xmin:xmax:running transactions.
		expect(kept?.snapshot).toMatch(/^\d+:\d+:[\d,]*$/);
	});

	it('still fails when keeping goes wrong for any reason but a race', async () => {
		await expect(
			workOutAndKeep(
				test.db,
				async () => ({ answered: 2 }),
				async (trx) => {
					await sql`select 1 / 0`.execute(trx);
				}
			)
		).rejects.toMatchObject({ code: '22012' });
		await expect(
			workOutAndKeep(
				test.db,
				() => Promise.reject(Object.assign(new Error('lost'), { code: '40001' })),
				async () => undefined
			)
		).rejects.toThrow('lost');
	});
});
