// What each new connection to a PostgreSQL server is set up with before the app uses it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createDatabase, type Database } from './index';
import { createEmptyTestDatabase, type TestDatabase } from './testing';

describe.runIf(process.env.TEST_DATABASE_URL)('connections to PostgreSQL', () => {
	let test: TestDatabase;
	let db: Database;

	beforeAll(async () => {
		test = await createEmptyTestDatabase('postgres');
		db = createDatabase({ url: test.url!, poolSize: 3 });
	});

	afterAll(async () => {
		await db?.destroy();
		await test?.close();
	});

	it('never compile queries to machine code, and price index reads as memory, on every connection of the pool', async () => {
		// Three at once, so the pool opens three connections.
		const answers = await Promise.all(
			[1, 2, 3].map(() =>
				db.transaction().execute(async (trx) => {
					await sql`select pg_sleep(0.05)`.execute(trx);
					const jit = (await sql<{ jit: string }>`show jit`.execute(trx)).rows[0]!.jit;
					const cost = (await sql<{ randomPageCost: string }>`show random_page_cost`.execute(trx)).rows[0]!;
					return `${jit} ${cost.randomPageCost}`;
				})
			)
		);
		expect(answers).toEqual(['off 1.1', 'off 1.1', 'off 1.1']);
		const { rows } = await sql<{
			n: string;
		}>`select count(distinct pid) as n from pg_stat_activity where datname = current_database()`.execute(db);
		expect(Number(rows[0]!.n)).toBeGreaterThanOrEqual(3);
	});
});
