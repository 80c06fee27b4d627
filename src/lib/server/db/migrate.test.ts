import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createDatabase } from './index';
import { bundledMigrations, migrateToLatest } from './migrate';
import { createEmptyTestDatabase, testDatabaseKinds, type TestDatabase } from './testing';

describe.each(testDatabaseKinds)('migrations on %s', (kind) => {
	let test: TestDatabase | undefined;
	afterEach(async () => {
		await test?.close();
		test = undefined;
	});

	it('applies every migration once, and a second run applies nothing', async () => {
		test = await createEmptyTestDatabase(kind);
		const all = Object.keys(bundledMigrations());
		expect(await migrateToLatest(test.db, bundledMigrations())).toEqual(all);
		expect(await migrateToLatest(test.db, bundledMigrations())).toEqual([]);
		const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(test.db);
		expect(rows.map((r) => r.name)).toEqual(all);
	});

	it('can be rolled back with every down migration', async () => {
		test = await createEmptyTestDatabase(kind);
		const { Migrator } = await import('kysely');
		const migrations = bundledMigrations();
		await migrateToLatest(test.db, migrations);
		const migrator = new Migrator({ db: test.db, provider: { getMigrations: async () => migrations } });
		for (let i = 0; i < Object.keys(migrations).length; i++) {
			const { error } = await migrator.migrateDown();
			expect(error).toBeUndefined();
		}
		const { rows } = await sql<{
			n: string;
		}>`select count(*)::text as n from information_schema.tables where table_schema = 'public' and table_name = 'person'`.execute(
			test.db
		);
		expect(rows[0]!.n).toBe('0');
	});

	it('keeps the figures already kept when they are stored as json, with their key apart, and back', async () => {
		test = await createEmptyTestDatabase(kind);
		const all = bundledMigrations();
		const moving = '2026-12-17T0100_keep_figures_as_json';
		const before = Object.fromEntries(Object.entries(all).filter(([name]) => name < moving));
		await migrateToLatest(test.db, before);
		const figures = { held: { volunteer: 12 }, grades: [{ n: 3, kind: 'sample', grade: 'good', criterion: 'Fair' }] };
		await sql`
			insert into report_month (month, figures, snapshot)
			values ('2026-01-01', ${JSON.stringify({ ...figures, key: 'k1' })}::jsonb, pg_current_snapshot())`.execute(test.db);
		await sql`
			insert into report_standing (key, day, figures, snapshot)
			values ('s1', '2026-01-02', ${JSON.stringify(figures)}::jsonb, pg_current_snapshot())`.execute(test.db);
		expect(await migrateToLatest(test.db, all)).toContain(moving);
		const month = await sql<{ key: string; figures: string }>`
			select key, figures::text as figures from report_month`.execute(test.db);
		expect(month.rows.map((r) => ({ key: r.key, figures: JSON.parse(r.figures) as unknown }))).toEqual([
			{ key: 'k1', figures }
		]);
		const standing = await sql<{ figures: string }>`select figures::text as figures from report_standing`.execute(
			test.db
		);
		expect(JSON.parse(standing.rows[0]!.figures)).toEqual(figures);

		const { Migrator } = await import('kysely');
		const migrator = new Migrator({ db: test.db, provider: { getMigrations: async () => all } });
		const { error } = await migrator.migrateTo(Object.keys(before).at(-1)!);
		expect(error).toBeUndefined();
		const back = await sql<{ figures: string }>`select figures::text as figures from report_month`.execute(test.db);
		expect(JSON.parse(back.rows[0]!.figures)).toEqual({ ...figures, key: 'k1' });
	});

	// Two processes sharing one embedded folder is not possible, so this runs on PostgreSQL only.
	if (kind === 'postgres')
		it('migrates once when two instances start together', async () => {
			test = await createEmptyTestDatabase(kind);
			const second = createDatabase({ url: test.url!, poolSize: 2 });
			try {
				const [a, b] = await Promise.all([
					migrateToLatest(test.db, bundledMigrations()),
					migrateToLatest(second, bundledMigrations())
				]);
				const all = Object.keys(bundledMigrations());
				// One instance applied everything under the advisory lock; the other found nothing to do.
				expect([a, b].sort((x, y) => y.length - x.length)).toEqual([all, []]);
			} finally {
				await second.destroy();
			}
		});
});
