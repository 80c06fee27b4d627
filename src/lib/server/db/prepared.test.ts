import { afterEach, describe, expect, it } from 'vitest';
import { Kysely, PostgresDialect, sql, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { createDatabase } from './index';
import { planEachCall, preparedPerConnection, preparingPool } from './prepared';
import { createEmptyTestDatabase, type TestDatabase } from './testing';

// Prepared statements belong to a PostgreSQL server connection; the embedded database has none.
describe.runIf(process.env.TEST_DATABASE_URL)('prepared statements on PostgreSQL', () => {
	let test: TestDatabase | undefined;
	let pool: pg.Pool | undefined;
	afterEach(async () => {
		await pool?.end();
		pool = undefined;
		await test?.close();
		test = undefined;
	});

	/** Runs `use` on the one connection of a preparing pool over a fresh database. */
	async function onOneConnection(use: (client: PostgresPoolClient) => Promise<void>) {
		test = await createEmptyTestDatabase('postgres');
		pool = new pg.Pool({ connectionString: test.url, max: 1 });
		// Dropping the database after the test ends its connection from the server's side; on a busy
		// machine that can come before the pool has finished closing it, as an error on an idle client.
		pool.on('error', () => {});
		const client = await preparingPool(pool).connect();
		try {
			await use(client);
		} finally {
			client.release();
		}
	}

	it('prepares a parameterised query once per connection and reuses it', () =>
		onOneConnection(async (client) => {
			for (const n of [1, 2, 3]) {
				const result = await client.query<{ n: number }>('select $1::int + 1 as n', [n]);
				expect(result.rows).toEqual([{ n: n + 1 }]);
			}
			const statements = await client.query<{ statement: string }>(
				'select statement from pg_prepared_statements where statement like $1',
				['%$1::int + 1%']
			);
			expect(statements.rows).toEqual([{ statement: 'select $1::int + 1 as n' }]);
		}));

	it('plans a query marked to be planned each call for its own values, never preparing it', () =>
		onOneConnection(async (client) => {
			await client.query('create table tagged (tags text[])', []);
			await client.query(
				"insert into tagged select array['common'] from generate_series(1, 2000); insert into tagged values (array['rare']); create index on tagged using gin (tags); analyze tagged",
				[]
			);
			const { sql: text } = sql`${planEachCall} explain select * from tagged where tags && ${'{rare}'}::text[]`.compile(
				new Kysely<unknown>({ dialect: new PostgresDialect({ pool: pool! }) })
			);
			for (let i = 0; i < 7; i++) {
				const plan = (await client.query<{ 'QUERY PLAN': string }>(text, ['{common}'])).rows.map(
					(r) => r['QUERY PLAN']
				);
				// Reading most of the table, it scans it; a generic plan would guess an array picks few rows.
				expect(plan.join('\n')).toContain('Seq Scan');
			}
			const rare = (await client.query<{ 'QUERY PLAN': string }>(text, ['{rare}'])).rows.map((r) => r['QUERY PLAN']);
			expect(rare.join('\n')).toContain('Bitmap Index Scan');
			const statements = await client.query<{ n: string }>(
				'select count(*)::text as n from pg_prepared_statements where statement like $1',
				['%from tagged%']
			);
			expect(statements.rows).toEqual([{ n: '0' }]);
		}));

	it('runs a query without parameters as it is, several statements included', () =>
		onOneConnection(async (client) => {
			await client.query("create table note (body text); insert into note values ('kept')", []);
			await client.query("insert into note values ('more')", []);
			expect((await client.query<{ body: string }>('select body from note order by body', [])).rows).toEqual([
				{ body: 'kept' },
				{ body: 'more' }
			]);
			// Only the single read is named and kept with its plan; the writes went as they were.
			const statements = await client.query<{ statement: string }>(
				'select statement from pg_prepared_statements where statement like $1',
				['%note%']
			);
			expect(statements.rows).toEqual([{ statement: 'select body from note order by body' }]);
		}));

	it('stops preparing new queries on a connection that holds the most it may', () =>
		onOneConnection(async (client) => {
			for (let i = 0; i < preparedPerConnection + 5; i++) await client.query(`select $1::int + ${i} as n`, [1]);
			const count = await client.query<{ n: string }>('select count(*)::text as n from pg_prepared_statements', []);
			expect(Number(count.rows[0]!.n)).toBe(preparedPerConnection);
			// A statement already prepared is still used.
			expect((await client.query<{ n: number }>('select $1::int + 0 as n', [41])).rows).toEqual([{ n: 41 }]);
		}));

	it('answers from the current table when its columns change under a prepared statement', () =>
		onOneConnection(async (client) => {
			await client.query('create table place (id int, name text)', []);
			await client.query("insert into place values (1, 'Leeds')", []);
			expect((await client.query('select * from place where id = $1', [1])).rows).toEqual([{ id: 1, name: 'Leeds' }]);
			await client.query('alter table place add column region text', []);
			expect((await client.query('select * from place where id = $1', [1])).rows).toEqual([
				{ id: 1, name: 'Leeds', region: null }
			]);
		}));

	it('serves the app through Kysely, transactions included', async () => {
		test = await createEmptyTestDatabase('postgres');
		const db = createDatabase({ url: test.url, poolSize: 2 });
		try {
			await sql`create table tally (n int)`.execute(db);
			await db.transaction().execute(async (trx) => {
				for (const n of [1, 2, 3]) await sql`insert into tally values (${n})`.execute(trx);
			});
			const { rows } = await sql<{ total: number }>`select sum(n)::int as total from tally where n > ${0}`.execute(db);
			expect(rows).toEqual([{ total: 6 }]);
		} finally {
			await db.destroy();
		}
	});
});
