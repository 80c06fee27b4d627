// Kept figures about people never give a figure the records no longer support: after every kind of
// write they read, the kept figures are those worked out afresh, and a write by one person never
// waits for another's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresDialect, sql, type Kysely, type Transaction } from 'kysely';
import { kyselyWithSnakeCaseNames } from '../db/names';
import pg from 'pg';
import { createDatabase } from '../db/index';
import type { DB, Role } from '../db/schema';
import { createTestDatabase, testDatabaseKinds, whileOpen, type TestDatabase } from '../db/testing';
import { loadContent, type Content } from '../content';
import { currentVersion } from '../content/policies';
import { acknowledgePolicy, policyCompliance, registerPolicyVersions } from '../policies';
import { makeReturn } from '../declarations';
import { openModule, recordCompletion, registerModuleVersions } from '../induction';
import type { SessionPerson } from '../auth/sessions';
import { peopleCounts } from './people';
import type { Intervals } from './months';
import { forgetOldStanding } from '../db/standing';
import { serviceDay } from '../../format';

const now = new Date('2026-11-23T12:00:00Z');
const period = { from: '2025-12-01', to: '2026-11-23' };
const intervals: Intervals = [
	['volunteer', 56],
	['staff', 28]
];

describe.each(testDatabaseKinds)('kept figures about people today on %s', (kind) => {
	let test: TestDatabase;
	let content: Content;
	let policyIds: Map<string, string>;
	let moduleIds: Map<string, string>;
	const people: SessionPerson[] = [];

	async function join(name: string, roles: Role[], joined: string): Promise<SessionPerson> {
		const row = await test.db
			.insertInto('person')
			.values({ email: `${name}@example.org`, name, roles, status: 'active', activatedAt: new Date(joined) })
			.returning(['id', 'name', 'email', 'roles', 'supervisorId'])
			.executeTakeFirstOrThrow();
		return row;
	}

	const counts = (db: Kysely<DB> = test.db) => peopleCounts(db, period, content, intervals, now);

	/** The figures as the report reads them (kept or not) against the same worked out afresh. */
	async function expectCurrent() {
		const kept = await counts();
		await sql`delete from report_standing`.execute(test.db);
		expect(kept).toEqual(await counts());
		// Kept again, and read again from what was kept.
		expect(await counts()).toEqual(kept);
		return kept;
	}

	async function acknowledge(person: SessionPerson, slug: string) {
		const policy = content.policyBySlug.get(slug)!;
		const version = currentVersion(policy, now)!;
		const done = await acknowledgePolicy(
			test.db,
			people[0]!,
			person,
			policy,
			version,
			policyIds.get(version.hash)!,
			content.service.policyTiming,
			{ remark: 'Signed the paper form at the team meeting', acknowledgedAt: new Date('2026-11-20T10:00:00Z') }
		);
		return done;
	}

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		content = loadContent();
		policyIds = await registerPolicyVersions(test.db, content.policies);
		moduleIds = await registerModuleVersions(test.db, content.modules);
		people.push(await join('cora', ['coordinator', 'staff'], '2019-01-01'));
		for (let i = 0; i < 6; i++) people.push(await join(`vol${i}`, ['volunteer'], `2026-0${i + 1}-05`));
		people.push(await join('stella', ['steering'], '2022-03-01'));
	});
	afterAll(() => test?.close());

	it('keeps the figures once worked out, and reads them back unchanged', async () => {
		const first = await expectCurrent();
		expect(first.induction.total).toBe(6);
		const kept = await sql<{ n: string }>`select count(*) as n from report_standing`.execute(test.db);
		expect(Number(kept.rows[0]!.n)).toBe(1);
	});

	it('follows an acknowledgement, a declaration return and a module completed', async () => {
		const was = await expectCurrent();
		const impartiality = content.policies.find((p) => p.slug === 'impartiality-policy')!;
		expect(await acknowledge(people[1]!, impartiality.slug)).toMatchObject({ ok: true });
		const after = await expectCurrent();
		expect(after).not.toEqual(was);
		await makeReturn(test.db, people[2]!);
		expect((await expectCurrent()).declarations).not.toEqual(after.declarations);
		const module = content.modules.find((m) => m.induction)!;
		const versionId = moduleIds.get(module.slug)!;
		await openModule(test.db, people[3]!, module, versionId);
		await expectCurrent();
		await test.db
			.transaction()
			.execute((trx) => recordCompletion(trx, people[3]!.id, module, versionId, 'quiz', false));
		await expectCurrent();
	});

	it("follows a person's roles changed, someone leaving and someone joining", async () => {
		await expectCurrent();
		await test.db
			.updateTable('person')
			.set({ roles: ['staff'] })
			.where('id', '=', people[4]!.id)
			.execute();
		await expectCurrent();
		await test.db
			.updateTable('person')
			.set({ status: 'deactivated', deactivatedAt: new Date('2026-10-01T12:00:00Z') })
			.where('id', '=', people[5]!.id)
			.execute();
		await expectCurrent();
		people.push(await join('newcomer', ['volunteer'], '2026-11-02'));
		expect((await expectCurrent()).induction.total).toBe(7);
	});

	it('works the figures out again on another day, and forgets the day before', async () => {
		await counts();
		const tomorrow = new Date(now.getTime() + 86_400_000);
		await peopleCounts(test.db, period, content, intervals, tomorrow);
		const days = await sql<{ day: string }>`select to_char(day, 'YYYY-MM-DD') as day from report_standing`.execute(
			test.db
		);
		expect(days.rows.map((r) => r.day)).toEqual(['2026-11-24']);
	});

	it("sees every change to figures kept for a day ahead of the database's clock", async () => {
		// Keeping a figure forgets old notes of changes. Measured against the day asked for rather
		// than the database's clock, keeping one figure forgot the change that made another stale.
		const ahead = new Date(Date.now() + 40 * 86_400_000);
		const read = (from: string) => peopleCounts(test.db, { from, to: serviceDay(ahead) }, content, intervals, ahead);
		const before = await read(period.from);
		const late = await join('late', ['volunteer'], '2026-11-02');
		await read('2026-01-01');
		expect((await read(period.from)).induction.total).toBe(before.induction.total + 1);
		await test.db.deleteFrom('person').where('id', '=', late.id).execute();
		await read('2026-01-01');
		expect(await read(period.from)).toEqual(before);
	});

	it('forgets notes of changes two days old, which every figure kept today has seen', async () => {
		await sql`insert into report_standing_change (changed_at) values (now() - interval '3 days'), (now())`.execute(
			test.db
		);
		await forgetOldStanding(test.db, serviceDay());
		const left = await sql<{ old: string }>`
			select count(*) filter (where changed_at < now() - interval '2 days') as old from report_standing_change`.execute(
			test.db
		);
		expect(Number(left.rows[0]!.old)).toBe(0);
		const recent = await sql<{ n: string }>`select count(*) as n from report_standing_change`.execute(test.db);
		expect(Number(recent.rows[0]!.n)).toBeGreaterThan(0);
	});

	it.runIf(kind === 'postgres')(
		'reads, for the reports and the compliance counts, only tables whose every change is noted',
		async () => {
			// Every statement the kept figures are worked out by: those between taking the snapshot and keeping the result.
			const statements: string[] = [];
			let working = false;
			const pool = new pg.Pool({ connectionString: test.url!, max: 2 });
			const watched = kyselyWithSnakeCaseNames<DB>(new PostgresDialect({ pool }), {
				log: (event) => {
					const text = event.query.sql;
					if (text.includes('pg_current_snapshot()')) working = true;
					else if (text.includes('insert into report_standing')) working = false;
					else if (working) statements.push(text);
				}
			});
			try {
				await sql`delete from report_standing`.execute(test.db);
				await peopleCounts(watched, period, content, intervals, now);
				await policyCompliance(watched, content.policies[0]!, content.service.policyTiming, {}, now);
			} finally {
				await watched.destroy();
			}
			expect(statements.length).toBe(2);
			const named = new Set(
				statements.flatMap((t) => [...t.matchAll(/\b(?:from|join)\s+([a-z_]+)/g)].map((m) => m[1]!))
			);
			const { rows } = await sql<{ table: string; noted: boolean }>`
				select t.tablename as table, exists (
					select 1 from pg_trigger g join pg_class c on c.oid = g.tgrelid
					where c.relname = t.tablename and g.tgname = t.tablename || '_report_standing' and g.tgenabled <> 'D'
				) as noted
				from pg_tables t where t.schemaname = current_schema() and t.tablename = any(${[...named]}::text[])`.execute(test.db);
			expect(rows.map((r) => r.table).sort()).toEqual([
				'declaration_latest',
				'earlier_record',
				'module_progress',
				'person',
				'policy_latest_acknowledgement'
			]);
			expect(rows.filter((r) => !r.noted).map((r) => r.table)).toEqual([]);
		}
	);

	it('would serve stale figures if a change went unnoted, so the comparison can tell', async () => {
		await counts();
		await sql`alter table person disable trigger person_report_standing`.execute(test.db);
		try {
			await test.db
				.updateTable('person')
				.set({ roles: ['supervisor'] })
				.where('id', '=', people[6]!.id)
				.execute();
			const kept = await counts();
			await sql`delete from report_standing`.execute(test.db);
			expect(kept).not.toEqual(await counts());
		} finally {
			await sql`alter table person enable trigger person_report_standing`.execute(test.db);
		}
	});

	it.runIf(kind === 'postgres')('lets two people acknowledge at once while a report is read', async () => {
		await counts();
		const other = createDatabase({ url: test.url!, poolSize: 2 });
		const roles = (id: string) => (trx: Transaction<DB>) =>
			trx
				.updateTable('person')
				.set({ roles: ['volunteer', 'staff'] })
				.where('id', '=', id)
				.execute();
		try {
			// A report read meanwhile counts what has been committed, and keeps it.
			await whileOpen(test.db, other, roles(people[1]!.id), roles(people[2]!.id), async () => {
				const kept = await peopleCounts(other, period, content, intervals, now);
				expect(kept).toEqual(await peopleCounts(other, period, content, intervals, now));
			});
		} finally {
			await other.destroy();
		}
		// The change still open when the figures were kept makes them stale once committed.
		await expectCurrent();
	});
});
