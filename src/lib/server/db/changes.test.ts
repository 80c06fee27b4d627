import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { createDatabase, type Database, type Tx } from './index';
import {
	changeStamp,
	keptWhileUnchanged,
	listenForChanges,
	listenerName,
	mostKept,
	trustsKeptValues,
	type CountedTable
} from './changes';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from './testing';

/** Runs `check` while a transaction on `db` that has done `work` stays open, and commits it after. */
async function whileUncommitted(db: Database, work: (trx: Tx) => Promise<unknown>, check: () => Promise<void>) {
	let release!: () => void;
	const held = new Promise<void>((resolve) => (release = resolve));
	let worked!: () => void;
	const done = new Promise<void>((resolve) => (worked = resolve));
	const holding = db.transaction().execute(async (trx) => {
		await work(trx);
		worked();
		await held;
	});
	await Promise.race([done, holding]);
	try {
		await check();
	} finally {
		release();
		await holding;
	}
}

describe.each(testDatabaseKinds)('values kept while their tables are unchanged, on %s', (kind) => {
	let test: TestDatabase;
	let personId: string;
	let versionId: string;

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		personId = (
			await test.db
				.insertInto('person')
				.values({ email: 'kept@example.org', name: 'Kept', roles: ['volunteer'], status: 'active' })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		versionId = (
			await test.db
				.insertInto('policyVersion')
				.values({
					slug: 'kept-policy',
					version: 1,
					contentHash: 'kept-1',
					title: 'Kept Policy',
					major: true,
					effective: '2024-01-01',
					markdown: 'Text.'
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	});
	afterAll(() => test.close());

	/** Renames the person on `db` in a transaction that stays open while `check` runs. */
	const renameUncommitted = (db: Database, name: string, check: () => Promise<void>) =>
		whileUncommitted(db, (trx) => trx.updateTable('person').set({ name }).where('id', '=', personId).execute(), check);

	/**
	 * Counts how often the value is worked out, and returns the names in the person table. The
	 * value is kept while `tables` are unchanged.
	 */
	let counters = 0;
	function counter(tables: CountedTable[] = ['person']) {
		let runs = 0;
		const key = `names-${(counters += 1)}`;
		const names = () =>
			keptWhileUnchanged(test.db, key, tables, async () => {
				runs += 1;
				return (await test.db.selectFrom('person').select('name').orderBy('name').execute()).map((r) => r.name);
			});
		return { names, runs: () => runs };
	}

	/** Records an acknowledgement of the test policy, a change to the latest-acknowledgement table only. */
	const acknowledge = (db: Database) =>
		db
			.insertInto('policyAcknowledgement')
			.values({
				personId,
				policyVersionId: versionId,
				slug: 'kept-policy',
				version: 1,
				contentHash: 'kept-1',
				acknowledgedAt: new Date(),
				method: 'self'
			})
			.execute();

	it('works a value out once while nothing changes, and again after a change', async () => {
		const { names, runs } = counter();
		expect(await names()).toEqual(['Kept']);
		expect(await names()).toEqual(['Kept']);
		expect(runs()).toBe(1);
		await test.db.updateTable('person').set({ name: 'Kept again' }).where('id', '=', personId).execute();
		expect(await names()).toEqual(['Kept again']);
		expect(runs()).toBe(2);
		await test.db
			.insertInto('person')
			.values({ email: 'new@example.org', name: 'Newcomer', roles: ['staff'], status: 'invited' })
			.execute();
		expect(await names()).toEqual(['Kept again', 'Newcomer']);
		expect(runs()).toBe(3);
	});

	it('counts an acknowledgement through the latest-acknowledgement table, but not a change elsewhere', async () => {
		const before = await changeStamp(test.db, ['policy_latest_acknowledgement']);
		const people = await changeStamp(test.db, ['person']);
		await acknowledge(test.db);
		expect(await changeStamp(test.db, ['person'])).toBe(people);
		expect(Number(await changeStamp(test.db, ['policy_latest_acknowledgement']))).toBeGreaterThan(Number(before));
		await test.db
			.insertInto('auditEvent')
			.values({ action: 'test.event', recordType: 'test', recordId: 'x', detail: {} })
			.execute();
		expect(await changeStamp(test.db, ['person'])).toBe(people);
	});

	it('keeps no value whose working out failed', async () => {
		let runs = 0;
		const failing = () =>
			keptWhileUnchanged(test.db, `failing-${kind}`, ['person'], async () => {
				runs += 1;
				if (runs === 1) throw new Error('the database went away');
				return 'worked';
			});
		await expect(failing()).rejects.toThrow('the database went away');
		expect(await failing()).toBe('worked');
		expect(runs).toBe(2);
	});

	it('lets the value kept longest ago go first once it holds as many as it may', async () => {
		const runs = new Map<number, number>();
		const value = (n: number) =>
			keptWhileUnchanged(test.db, `many-${kind}-${n}`, ['person'], async () => {
				runs.set(n, (runs.get(n) ?? 0) + 1);
				return n;
			});
		for (let n = 0; n < mostKept; n++) await value(n);
		// Asking again for the first moves it to the back, so the second is the oldest now.
		expect(await value(0)).toBe(0);
		expect(await value(mostKept)).toBe(mostKept);
		expect(await value(0)).toBe(0);
		expect(await value(1)).toBe(1);
		expect(runs.get(0)).toBe(1);
		expect(runs.get(1)).toBe(2);
	});

	// Another instance of the app is another connection pool; PGlite has only the one connection.
	if (kind === 'postgres')
		it('sees a change committed by another instance, and not one still uncommitted', async () => {
			const other = createDatabase({ url: test.url!, poolSize: 2 });
			try {
				const { names, runs } = counter();
				const first = await names();
				// The change is not committed yet, so the kept value stands.
				await renameUncommitted(other, 'Renamed elsewhere', async () => {
					expect(await names()).toEqual(first);
					expect(runs()).toBe(1);
				});
				expect(await names()).toContain('Renamed elsewhere');
				expect(runs()).toBe(2);
			} finally {
				await other.destroy();
			}
		});

	// Instances on PostgreSQL listen for changes instead of reading the counts on every request.
	if (kind === 'postgres')
		describe('while listening for announced changes', () => {
			let listening: Awaited<ReturnType<typeof listenForChanges>>;
			let other: ReturnType<typeof createDatabase>;
			beforeAll(async () => {
				listening = await listenForChanges(test.db, test.url!, 50);
				other = createDatabase({ url: test.url!, poolSize: 2 });
			});
			afterAll(async () => {
				await listening.close();
				await other.destroy();
			});

			/** Runs `check` while another connection holds the counts locked against any reader. */
			const withCountsLocked = (check: () => Promise<void>) =>
				whileUncommitted(other, (trx) => sql`lock table change_count in access exclusive mode`.execute(trx), check);

			it('trusts a kept value without reading the counts', async () => {
				expect(listening.live).toBe(true);
				const { names, runs } = counter();
				const first = await names();
				// Reading the counts would wait for the lock; the kept value comes back at once.
				await withCountsLocked(async () => expect(await names()).toEqual(first));
				expect(runs()).toBe(1);
			});

			it("sees this instance's own change at once", async () => {
				const { names, runs } = counter();
				await names();
				await test.db.updateTable('person').set({ name: 'Renamed here' }).where('id', '=', personId).execute();
				expect(await names()).toContain('Renamed here');
				expect(runs()).toBe(2);
			});

			it('keeps its values through its own writes to other tables', async () => {
				// An earlier test's write may not be heard yet; a value worked out then would carry
				// the counts, and this test is about one worked out while trusted.
				await vi.waitFor(() => expect(trustsKeptValues(test.db)).toBe(true), { timeout: 2_000, interval: 5 });
				const { names, runs } = counter();
				const first = await names();
				await test.db
					.insertInto('auditEvent')
					.values({ action: 'test.event', recordType: 'test', recordId: 'y', detail: {} })
					.execute();
				// Until the write is known to be heard the counts are read, and the value is worked
				// out once more to go with them; after that, neither route works it out again.
				expect(trustsKeptValues(test.db)).toBe(false);
				expect(await names()).toEqual(first);
				expect(await names()).toEqual(first);
				expect(runs()).toBe(2);
				await vi.waitFor(() => expect(trustsKeptValues(test.db)).toBe(true), { timeout: 2_000, interval: 5 });
				await withCountsLocked(async () => expect(await names()).toEqual(first));
				await test.db
					.insertInto('auditEvent')
					.values({ action: 'test.event', recordType: 'test', recordId: 'z', detail: {} })
					.execute();
				expect(await names()).toEqual(first);
				expect(runs()).toBe(2);
			});

			it("keeps a value through another instance's change to a table it does not depend on", async () => {
				await vi.waitFor(() => expect(trustsKeptValues(test.db)).toBe(true), { timeout: 2_000, interval: 5 });
				const people = counter(['person']);
				const acknowledgements = counter(['policy_latest_acknowledgement']);
				const first = await people.names();
				await acknowledgements.names();
				await acknowledge(other);
				// Once the acknowledgement is heard, the value that depends on it is worked out again...
				await vi.waitFor(
					async () => {
						await acknowledgements.names();
						expect(acknowledgements.runs()).toBe(2);
					},
					{ timeout: 2_000, interval: 10 }
				);
				// ...while the one that does not is still trusted, without reading the counts.
				await withCountsLocked(async () => expect(await people.names()).toEqual(first));
				expect(people.runs()).toBe(1);
			});

			it("hears another instance's change when it commits, and not before", async () => {
				const { names, runs } = counter();
				const first = await names();
				await renameUncommitted(other, 'Renamed over there', async () => {
					expect(await names()).toEqual(first);
					expect(runs()).toBe(1);
				});
				await vi.waitFor(async () => expect(await names()).toContain('Renamed over there'), {
					timeout: 2_000,
					interval: 10
				});
				expect(runs()).toBe(2);
			});

			it('reads the counts while its connection is lost, and listens again once it is back', async () => {
				const { names, runs } = counter();
				await names();
				await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = ${listenerName}`.execute(
					other
				);
				await vi.waitFor(() => expect(listening.live).toBe(false), { timeout: 2_000, interval: 5 });
				// Not hearing changes, the instance asks the database, so a change is seen at once.
				await other.updateTable('person').set({ name: 'Renamed while deaf' }).where('id', '=', personId).execute();
				expect(await names()).toContain('Renamed while deaf');
				await vi.waitFor(() => expect(listening.live).toBe(true), { timeout: 5_000, interval: 20 });
				const kept = runs();
				await withCountsLocked(async () => expect(await names()).toContain('Renamed while deaf'));
				expect(runs()).toBe(kept + 1);
				await withCountsLocked(async () => expect(await names()).toContain('Renamed while deaf'));
				expect(runs()).toBe(kept + 1);
			});
		});
});
