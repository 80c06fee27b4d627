// Two people working at once never wait for each other: nothing a write to one person's rows does
// (its triggers included) touches a row shared with everyone else's writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely, Transaction } from 'kysely';
import { createDatabase } from './index';
import type { DB } from './schema';
import { createTestDatabase, whileOpen as whileOpenOn, type TestDatabase } from './testing';

// Row locks are a PostgreSQL server's; the embedded database serves one connection at a time.
describe.runIf(process.env.TEST_DATABASE_URL)('writes by different people on PostgreSQL', () => {
	let test: TestDatabase;
	let other: Kysely<DB>;
	let ada: string;
	let ben: string;
	let versionId: string;

	beforeAll(async () => {
		test = await createTestDatabase('postgres');
		other = createDatabase({ url: test.url!, poolSize: 2 });
		const people = await test.db
			.insertInto('person')
			.values([
				{ email: 'ada@example.org', name: 'Ada', roles: ['volunteer'], status: 'active' },
				{ email: 'ben@example.org', name: 'Ben', roles: ['volunteer'], status: 'active' }
			])
			.returning('id')
			.execute();
		[ada, ben] = people.map((p) => p.id) as [string, string];
		versionId = (
			await test.db
				.insertInto('moduleVersion')
				.values({ slug: 'shared', version: 1, contentHash: 'h1', title: 'Shared', markdown: 'Text.' })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	});

	afterAll(async () => {
		await other?.destroy();
		await test?.close();
	});

	const whileOpen = (
		first: (trx: Transaction<DB>) => Promise<unknown>,
		second: (trx: Transaction<DB>) => Promise<unknown>
	) => whileOpenOn(test.db, other, first, second);

	const rename = (id: string, name: string) => (trx: Transaction<DB>) =>
		trx.updateTable('person').set({ name }).where('id', '=', id).execute();
	const progress = (personId: string) => (trx: Transaction<DB>) =>
		trx
			.insertInto('moduleProgress')
			.values({ personId, slug: 'shared', lastViewedVersionId: versionId })
			.onConflict((oc) => oc.columns(['personId', 'slug']).doUpdateSet({ lastViewedVersionId: versionId }))
			.execute();
	const complete = (personId: string) => (trx: Transaction<DB>) =>
		trx
			.updateTable('moduleProgress')
			.set({ completedAt: new Date(), completedVersionId: versionId, completedVersion: 1 })
			.where('personId', '=', personId)
			.execute();

	it("changes one person's profile while another's is changed", async () => {
		await whileOpen(rename(ada, 'Ada Lovelace'), rename(ben, 'Ben Okafor'));
		const names = await test.db.selectFrom('person').select('name').orderBy('name').execute();
		expect(names.map((n) => n.name)).toEqual(['Ada Lovelace', 'Ben Okafor']);
	});

	it("records one person's progress while another's is being recorded", async () => {
		await whileOpen(progress(ada), progress(ben));
		await whileOpen(complete(ada), complete(ben));
		const done = await test.db
			.selectFrom('moduleProgress')
			.select('personId')
			.where('completedAt', 'is not', null)
			.execute();
		expect(done).toHaveLength(2);
	});

	it("records progress while another person's profile is changed, and the other way round", async () => {
		await whileOpen(rename(ada, 'Ada L'), complete(ben));
		await whileOpen(progress(ada), rename(ben, 'Ben O'));
	});

	it('does wait when both change the same person, so the test can tell', async () => {
		await expect(whileOpen(rename(ada, 'Ada one'), rename(ada, 'Ada two'))).rejects.toThrow(/lock timeout/);
	});
});
