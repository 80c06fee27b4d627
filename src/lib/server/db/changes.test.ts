import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from './index';
import { changeStamp, keptWhileUnchanged } from './changes';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from './testing';

describe.each(testDatabaseKinds)('values kept while their tables are unchanged, on %s', (kind) => {
	let test: TestDatabase;
	let personId: string;
	let versionId: string;

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		personId = (await test.db.insertInto('person').values({ email: 'kept@example.org', name: 'Kept', roles: ['volunteer'], status: 'active' }).returning('id').executeTakeFirstOrThrow()).id;
		versionId = (
			await test.db
				.insertInto('policyVersion')
				.values({ slug: 'kept-policy', version: 1, contentHash: 'kept-1', title: 'Kept Policy', major: true, effective: '2024-01-01', markdown: 'Text.' })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	});
	afterAll(() => test.close());

	/** Counts how often the value is worked out, and returns the names in the person table. */
	let counters = 0;
	function counter() {
		let runs = 0;
		const key = `names-${(counters += 1)}`;
		const names = () =>
			keptWhileUnchanged(test.db, key, ['person'], async () => {
				runs += 1;
				return (await test.db.selectFrom('person').select('name').orderBy('name').execute()).map((r) => r.name);
			});
		return { names, runs: () => runs };
	}

	it('works a value out once while nothing changes, and again after a change', async () => {
		const { names, runs } = counter();
		expect(await names()).toEqual(['Kept']);
		expect(await names()).toEqual(['Kept']);
		expect(runs()).toBe(1);
		await test.db.updateTable('person').set({ name: 'Kept again' }).where('id', '=', personId).execute();
		expect(await names()).toEqual(['Kept again']);
		expect(runs()).toBe(2);
		await test.db.insertInto('person').values({ email: 'new@example.org', name: 'Newcomer', roles: ['staff'], status: 'invited' }).execute();
		expect(await names()).toEqual(['Kept again', 'Newcomer']);
		expect(runs()).toBe(3);
	});

	it('counts an acknowledgement through the latest-acknowledgement table, but not a change elsewhere', async () => {
		const before = await changeStamp(test.db, ['policy_latest_acknowledgement']);
		const people = await changeStamp(test.db, ['person']);
		await test.db
			.insertInto('policyAcknowledgement')
			.values({ personId, policyVersionId: versionId, slug: 'kept-policy', version: 1, contentHash: 'kept-1', acknowledgedAt: new Date(), method: 'self' })
			.execute();
		expect(Number(await changeStamp(test.db, ['policy_latest_acknowledgement']))).toBeGreaterThan(Number(before));
		await test.db.insertInto('auditEvent').values({ action: 'test.event', recordType: 'test', recordId: 'x', detail: {} }).execute();
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

	// Another instance of the app is another connection pool; PGlite has only the one connection.
	if (kind === 'postgres')
		it('sees a change committed by another instance, and not one still uncommitted', async () => {
			const other = createDatabase({ url: test.url!, poolSize: 2 });
			try {
				const { names, runs } = counter();
				const first = await names();
				let release!: () => void;
				const held = new Promise<void>((resolve) => (release = resolve));
				const writing = other.transaction().execute(async (trx) => {
					await trx.updateTable('person').set({ name: 'Renamed elsewhere' }).where('id', '=', personId).execute();
					await held;
				});
				// The change is not committed yet, so the kept value stands.
				await new Promise((r) => setTimeout(r, 50));
				try {
					expect(await names()).toEqual(first);
					expect(runs()).toBe(1);
				} finally {
					release();
					await writing;
				}
				expect(await names()).toContain('Renamed elsewhere');
				expect(runs()).toBe(2);
			} finally {
				await other.destroy();
			}
		});
});
