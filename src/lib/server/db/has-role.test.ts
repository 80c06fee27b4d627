import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from './testing';
import { listSupervisors } from '../people';
import { hasRole } from './has-role';

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sources(path);
		return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
	});
}

describe('choosing people by role', () => {
	it('is never written as a test of every row (`= any(roles)`) outside a per-row case', () => {
		const found = sources('src/lib/server').flatMap((file) =>
			readFileSync(file, 'utf8')
				.split('\n')
				.flatMap((line, i) =>
					/= any\((\w+\.)?roles\)/.test(line) && !/\bwhen\b/.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []
				)
		);
		expect(found).toEqual([]);
	});

	it('writes a role the service knows into the statement, so a kept plan knows which role it is', () => {
		const compiler = new Kysely<unknown>({
			dialect: {
				createAdapter: () => new PostgresAdapter(),
				createDriver: () => new DummyDriver(),
				createIntrospector: (db) => new PostgresIntrospector(db),
				createQueryCompiler: () => new PostgresQueryCompiler()
			}
		});
		const compiled = (role: string) => sql`select 1 where ${hasRole(role, sql.ref('p.roles'))}`.compile(compiler);
		expect(compiled('steering')).toMatchObject({
			sql: `select 1 where "p"."roles" @> array['steering']::text[]`,
			parameters: []
		});
		// Anything else (a value typed into a filter, say) is sent as a value, never written in.
		expect(compiled("steering'] or true --")).toMatchObject({
			sql: 'select 1 where "p"."roles" @> array[$1]::text[]',
			parameters: ["steering'] or true --"]
		});
	});
});

// The plan is PostgreSQL's to show; the embedded database has the same index but no EXPLAIN worth reading.
describe.runIf(process.env.TEST_DATABASE_URL)('choosing people by role on PostgreSQL', () => {
	let test: TestDatabase;
	beforeAll(async () => {
		test = await createTestDatabase('postgres');
	});
	afterAll(() => test.close());

	it('finds a rare role from the index on roles, not by reading every person', async () => {
		await test.db
			.insertInto('person')
			.values(
				Array.from({ length: 2000 }, (_, n) => ({
					email: `role-${n}@example.org`,
					name: `Person ${n}`,
					roles: [n % 200 === 0 ? ('supervisor' as const) : ('volunteer' as const)],
					status: 'active' as const
				}))
			)
			.execute();
		await sql`analyze person`.execute(test.db);
		const { rows } = await sql<{ 'QUERY PLAN': string }>`
			explain select id from person where ${hasRole('supervisor')} and status <> 'deactivated'`.execute(test.db);
		const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
		expect(plan).toContain('person_roles_idx');
		expect(plan).not.toContain('Seq Scan');
		expect((await listSupervisors(test.db)).length).toBe(10);
	});
});
