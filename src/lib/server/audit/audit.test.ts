import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import { fieldErrors } from '../forms';
import { recordAudit } from './index';
import { auditCountLimit, auditPageSize, auditRecordTypes, auditSearchSchema, searchAuditLog } from './search';

const json = (detail: Record<string, unknown>) => JSON.stringify(detail) as unknown as Record<string, unknown>;

describe('the audit search form', () => {
	const parse = (query: Record<string, string>) => auditSearchSchema.safeParse(query);

	it('reads an empty form as no filters, and ignores a bad page number', () => {
		expect(parse({ person: ' ', recordType: '', recordId: '', from: '', to: '', page: 'x' })).toEqual({
			success: true,
			data: {}
		});
		expect(parse({ person: ' Alice ', from: '2026-07-01', to: '2026-07-01', page: '3' })).toMatchObject({
			success: true,
			data: { person: 'Alice', from: '2026-07-01', to: '2026-07-01', page: 3 }
		});
	});

	it('says what is wrong with each date, beside its field', () => {
		const result = parse({ from: '1/7/2026', to: '2026-02-30' });
		expect(result.success).toBe(false);
		expect(fieldErrors(result.error!)).toEqual({
			from: 'Enter the start date as YYYY-MM-DD, for example 2026-11-02',
			to: 'Enter a real date'
		});
		const reversed = parse({ from: '2026-07-02', to: '2026-07-01' });
		expect(fieldErrors(reversed.error!)).toEqual({ to: 'The end date must be the same as or after the start date' });
		expect(fieldErrors(parse({ recordType: 'Person; drop', person: 'x'.repeat(255) }).error!)).toEqual({
			recordType: 'Choose a record type from the list',
			person: 'Name or email must be 254 characters or fewer'
		});
	});
});

describe.each(testDatabaseKinds)('the audit log on %s', (kind) => {
	let test: TestDatabase;
	let alice: string;
	let bob: string;
	let carol: string;

	async function entry(
		at: string,
		values: {
			actorId?: string | null;
			action: string;
			recordType?: string;
			recordId?: string;
			detail?: Record<string, unknown>;
		}
	) {
		await test.db
			.insertInto('auditEvent')
			.values({
				at: new Date(at),
				actorId: values.actorId ?? null,
				action: values.action,
				recordType: values.recordType ?? null,
				recordId: values.recordId ?? null,
				detail: json(values.detail ?? {})
			})
			.execute();
	}

	/**
	 * A database of its own for a test that adds entries: the log is append-only, so entries one
	 * test added would otherwise be in every later test's searches.
	 */
	async function onOwnLog(use: (db: TestDatabase['db']) => Promise<void>) {
		const own = await createTestDatabase(kind);
		try {
			await use(own.db);
		} finally {
			await own.close();
		}
	}

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		const people = await test.db
			.insertInto('person')
			.values([
				{ email: 'alice.ashdown@example.org', name: 'Alice Ashdown', roles: ['coordinator'], status: 'active' },
				{ email: 'bob@example.org', name: 'Bob Brook', roles: ['volunteer'], status: 'active' },
				{ email: 'carol@example.org', name: 'Carol Crane', roles: ['supervisor'], status: 'active' }
			])
			.returning('id')
			.execute();
		[alice, bob, carol] = people.map((p) => p.id) as [string, string, string];
		// A British Summer Time evening, which is already the next day in England.
		await entry('2026-06-30T23:30:00Z', {
			actorId: alice,
			action: 'person.viewed',
			recordType: 'person',
			recordId: bob
		});
		// A winter evening, still the same day in England (GMT).
		await entry('2026-01-31T23:30:00Z', {
			actorId: bob,
			action: 'auth.signed-in',
			recordType: 'person',
			recordId: bob
		});
		await entry('2026-02-01T09:00:00Z', {
			actorId: carol,
			action: 'supervision.created',
			recordType: 'supervision-record',
			recordId: '11111111-1111-4111-8111-111111111111',
			detail: { kind: 'supervision', subjectId: bob }
		});
		await entry('2026-02-02T09:00:00Z', {
			actorId: carol,
			action: 'supervision.shared',
			recordType: 'supervision-record',
			recordId: '22222222-2222-4222-8222-222222222222'
		});
		await entry('2026-02-03T09:00:00Z', {
			actorId: null,
			action: 'auth.sign-in-failed',
			recordType: 'person',
			recordId: alice,
			detail: { email: 'alice.ashdown@example.org' }
		});
		await entry('2026-02-04T09:00:00Z', { actorId: null, action: 'demo.seeded', detail: { people: 3 } });
	});
	afterAll(() => test.close());

	it('finds a person as the one who acted and as the record acted on, but not as a mention', async () => {
		const { entries, total } = await searchAuditLog(test.db, { person: 'BOB' });
		expect(total).toBe(2);
		expect(entries.map((e) => e.action)).toEqual(['person.viewed', 'auth.signed-in']);
		expect(entries[0]).toMatchObject({
			actor: { id: alice, name: 'Alice Ashdown', email: 'alice.ashdown@example.org' },
			recordType: 'person',
			recordId: bob,
			recordName: 'Bob Brook'
		});

		// By email as well as name; an entry with no actor about Alice is hers too.
		const byEmail = await searchAuditLog(test.db, { person: 'alice.ashdown@' });
		expect(byEmail.entries.map((e) => e.action)).toEqual(['person.viewed', 'auth.sign-in-failed']);
		expect(byEmail.entries[1]).toMatchObject({ actor: null, detail: { email: 'alice.ashdown@example.org' } });

		// Wildcards typed are matched as themselves.
		expect((await searchAuditLog(test.db, { person: '%' })).total).toBe(0);
		expect((await searchAuditLog(test.db, { person: 'nobody' })).total).toBe(0);
	});

	it('finds a record by its type, its id, or both', async () => {
		expect((await searchAuditLog(test.db, { recordType: 'supervision-record' })).entries.map((e) => e.action)).toEqual([
			'supervision.shared',
			'supervision.created'
		]);
		const byId = await searchAuditLog(test.db, { recordId: '11111111-1111-4111-8111-111111111111' });
		expect(byId.entries.map((e) => e.action)).toEqual(['supervision.created']);
		expect(byId.entries[0]!.detail).toEqual({ kind: 'supervision', subjectId: bob });
		expect(
			(await searchAuditLog(test.db, { recordType: 'person', recordId: '11111111-1111-4111-8111-111111111111' })).total
		).toBe(0);
		expect(
			(
				await searchAuditLog(test.db, {
					person: 'carol',
					recordType: 'supervision-record',
					recordId: '22222222-2222-4222-8222-222222222222'
				})
			).total
		).toBe(1);
		expect(await auditRecordTypes(test.db)).toEqual(['person', 'supervision-record']);
	});

	it('finds a period in whole days on the clock in England', async () => {
		const day = async (from?: string, to?: string) =>
			(await searchAuditLog(test.db, { from, to })).entries.map((e) => e.action);
		// 23:30 GMT on 30 June is 00:30 on 1 July in England.
		expect(await day('2026-07-01', '2026-07-01')).toEqual(['person.viewed']);
		expect(await day('2026-06-30', '2026-06-30')).toEqual([]);
		// 23:30 GMT on 31 January is still 31 January in England.
		expect(await day('2026-01-31', '2026-01-31')).toEqual(['auth.signed-in']);
		expect(await day('2026-02-01', '2026-02-03')).toEqual([
			'auth.sign-in-failed',
			'supervision.shared',
			'supervision.created'
		]);
		expect(await day('2026-02-04')).toEqual(['person.viewed', 'demo.seeded']);
		expect(await day(undefined, '2026-01-31')).toEqual(['auth.signed-in']);
	});

	it('pages fifty entries at a time, newest first', () =>
		onOwnLog(async (db) => {
			const base = Date.parse('2025-03-01T10:00:00Z');
			const values = Array.from({ length: 120 }, (_, i) => ({
				at: new Date(base + i * 60_000),
				actorId: null,
				action: `quiz.step-${i}`,
				recordType: 'quiz-attempt',
				recordId: 'attempt',
				detail: json({})
			}));
			await db.insertInto('auditEvent').values(values).execute();
			const first = await searchAuditLog(db, { recordType: 'quiz-attempt' });
			expect(first).toMatchObject({ total: 120, page: 1, pageSize: auditPageSize });
			expect(first.entries).toHaveLength(50);
			expect(first.entries[0]!.action).toBe('quiz.step-119');
			expect(first.entries[49]!.action).toBe('quiz.step-70');
			const last = await searchAuditLog(db, { recordType: 'quiz-attempt', page: 3 });
			expect(last.entries.map((e) => e.action)).toEqual(Array.from({ length: 20 }, (_, i) => `quiz.step-${19 - i}`));
			const beyond = await searchAuditLog(db, { recordType: 'quiz-attempt', page: 4 });
			expect(beyond).toMatchObject({ total: 120, entries: [] });
			// Entries in the same second keep a stable order from page to page.
			await db
				.insertInto('auditEvent')
				.values(
					Array.from({ length: 60 }, (_, i) => ({
						at: new Date('2024-01-01T00:00:00Z'),
						action: `tie-${i}`,
						recordType: 'tie',
						detail: json({})
					}))
				)
				.execute();
			const ties = [
				...(await searchAuditLog(db, { recordType: 'tie' })).entries,
				...(await searchAuditLog(db, { recordType: 'tie', page: 2 })).entries
			];
			expect(new Set(ties.map((e) => e.action)).size).toBe(60);
		}));

	it("pages a person's entries newest first, each once, within a period", () =>
		onOwnLog(async (db) => {
			const [erin, frank] = await db
				.insertInto('person')
				.values([
					{ email: 'erin@example.org', name: 'Erin Eldridge', roles: ['volunteer'], status: 'active' },
					{ email: 'frank@example.org', name: 'Frank Eldridge', roles: ['supervisor'], status: 'active' }
				])
				.returning('id')
				.execute();
			const base = Date.parse('2025-06-01T10:00:00Z');
			// Made by one of them, about one of them, or both (Frank viewing Erin's record): 90 in all,
			// a minute apart, and entries by and about someone else between them.
			const values = Array.from({ length: 90 }, (_, i) => ({
				at: new Date(base + i * 60_000),
				actorId: i % 3 === 0 ? null : frank!.id,
				action: `step-${i}`,
				recordType: i % 3 === 1 ? 'quiz-attempt' : 'person',
				recordId: i % 3 === 1 ? 'attempt' : erin!.id,
				detail: json({})
			}));
			const others = values.map((v) => ({ ...v, actorId: null, recordType: 'other', action: 'other' }));
			await db
				.insertInto('auditEvent')
				.values([...values, ...others])
				.execute();
			const first = await searchAuditLog(db, { person: 'eldridge' });
			expect(first).toMatchObject({ total: 90, more: false });
			expect(first.entries.map((e) => e.action)).toEqual(Array.from({ length: 50 }, (_, i) => `step-${89 - i}`));
			expect(first.entries[0]).toMatchObject({ actor: { id: frank!.id }, recordName: 'Erin Eldridge' });
			const second = await searchAuditLog(db, { person: 'eldridge', page: 2 });
			expect(second.entries.map((e) => e.action)).toEqual(Array.from({ length: 40 }, (_, i) => `step-${39 - i}`));
			// Only the entries about Erin, or made by Frank, of one type and in one period.
			const narrowed = await searchAuditLog(db, {
				person: 'frank',
				recordType: 'quiz-attempt',
				from: '2025-06-01',
				to: '2025-06-01'
			});
			expect(narrowed.total).toBe(30);
			expect(narrowed.entries.every((e) => e.recordType === 'quiz-attempt' && e.actor?.id === frank!.id)).toBe(true);
			expect(await searchAuditLog(db, { person: 'eldridge', to: '2025-05-31' })).toMatchObject({
				total: 0,
				entries: []
			});
		}));

	it('counts a broad search only so far, and says there are more', () =>
		onOwnLog(async (db) => {
			await sql`insert into audit_event (at, action, record_type, detail)
				select timestamptz '2023-01-01' + n * interval '1 minute', 'bulk.step', 'bulk', '{}'::jsonb
				from generate_series(1, ${auditCountLimit + 5}) n`.execute(db);
			const broad = await searchAuditLog(db, { recordType: 'bulk' });
			expect(broad).toMatchObject({ total: auditCountLimit, more: true });
			expect(broad.entries).toHaveLength(auditPageSize);
			// Pages past the count still read their entries.
			const deep = await searchAuditLog(db, { recordType: 'bulk', page: auditCountLimit / auditPageSize + 1 });
			expect(deep.entries).toHaveLength(5);
			// A search that matches no more than the limit is counted exactly.
			const narrow = await searchAuditLog(db, { recordType: 'bulk', to: '2023-01-01' });
			expect(narrow).toMatchObject({ more: false });
			expect(narrow.total).toBeGreaterThan(0);
			expect(narrow.total).toBeLessThan(auditCountLimit);
		}));

	it("names the person an entry is about only where its record ID is a person's", () =>
		onOwnLog(async (db) => {
			const { id: dan } = await db
				.insertInto('person')
				.values({ email: 'dan@example.org', name: 'Dan Dale', roles: ['volunteer'], status: 'active' })
				.returning('id')
				.executeTakeFirstOrThrow();
			await db
				.insertInto('auditEvent')
				.values([
					{ action: 'person.imported', recordType: 'person', recordId: 'import-row-7', detail: json({}) },
					{ action: 'person.viewed', recordType: 'person', recordId: dan.toUpperCase(), detail: json({}) }
				])
				.execute();
			const notAnId = await searchAuditLog(db, { recordId: 'import-row-7' });
			expect(notAnId.entries).toMatchObject([{ action: 'person.imported', recordName: null }]);
			const upperCase = await searchAuditLog(db, { recordId: dan.toUpperCase() });
			expect(upperCase.entries).toMatchObject([{ action: 'person.viewed', recordName: 'Dan Dale' }]);
		}));

	it('refuses to change, delete or empty entries, except for retention', async () => {
		await recordAudit(test.db, { actorId: alice, action: 'person.viewed', recordType: 'person', recordId: carol });
		const refused = /the audit log is append-only: (its entries cannot be changed or deleted|it cannot be emptied)/;
		await expect(
			test.db.updateTable('auditEvent').set({ action: 'rewritten' }).where('actorId', '=', alice).execute()
		).rejects.toThrow(refused);
		await expect(test.db.deleteFrom('auditEvent').where('actorId', '=', alice).execute()).rejects.toThrow(refused);
		await expect(sql`truncate audit_event`.execute(test.db)).rejects.toThrow(refused);
		// The setting that once let retention through lets nothing through now: any role could set it.
		await expect(
			test.db.transaction().execute(async (trx) => {
				await sql`set local impartial.retention = 'on'`.execute(trx);
				await trx.deleteFrom('auditEvent').where('actorId', '=', alice).execute();
			})
		).rejects.toThrow(refused);
		expect((await searchAuditLog(test.db, { person: 'alice' })).entries.map((e) => e.action)).toEqual([
			'person.viewed',
			'person.viewed',
			'auth.sign-in-failed'
		]);

		// A retention run names its transaction in retention_run (which only the retention role and
		// the owner may write to), and that transaction alone may delete.
		const removed = await test.db.transaction().execute(async (trx) => {
			await sql`insert into retention_run (xact) values (txid_current())`.execute(trx);
			return trx
				.deleteFrom('auditEvent')
				.where('actorId', '=', alice)
				.where('recordId', '=', carol)
				.returning('id')
				.execute();
		});
		expect(removed).toHaveLength(1);
		// The next transaction is not that run.
		await expect(test.db.deleteFrom('auditEvent').where('actorId', '=', alice).execute()).rejects.toThrow(refused);
		expect((await searchAuditLog(test.db, { person: 'alice' })).total).toBe(2);
	});
});
