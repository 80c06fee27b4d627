import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import type { SessionPerson } from '../auth/sessions';
import {
	declarationDue,
	declarationRegister,
	ratedDeclarants,
	declarationsOf,
	declareInterest,
	endInterest,
	interestSchema,
	makeReturn
} from './index';

const at = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe('declarationDue', () => {
	it('is due on joining, yearly after a return, and within 28 days of a change', () => {
		expect(declarationDue(at('2026-01-01'), null, null, at('2026-01-05'))).toMatchObject({
			status: 'due',
			reason: 'joined',
			dueOn: '2026-01-29'
		});
		expect(declarationDue(at('2025-01-01'), at('2026-01-10'), null, at('2026-06-01'))).toMatchObject({
			status: 'acknowledged',
			reason: 'yearly'
		});
		expect(declarationDue(at('2025-01-01'), at('2025-01-10'), null, at('2026-01-11'))).toMatchObject({
			status: 'overdue',
			reason: 'yearly'
		});
		expect(declarationDue(at('2025-01-01'), at('2026-01-10'), at('2026-03-01'), at('2026-03-02'))).toMatchObject({
			status: 'due',
			reason: 'change',
			dueOn: '2026-03-29'
		});
	});

	it('asks for a clear message for each bad field', () => {
		const result = interestSchema({ pattern: /^NS-[0-9]{4}-[0-9]{4}$/, example: 'NS-2026-0142' }).safeParse({
			kind: 'mayor',
			organisation: '',
			startsOn: '2026-13-01',
			endsOn: '',
			details: ''
		});
		expect(result.success ? [] : result.error.issues.map((i) => [i.path[0], i.message])).toEqual([
			['kind', 'Choose the kind of interest'],
			['organisation', 'Enter the school, setting or organisation'],
			['startsOn', 'Enter a real date']
		]);
	});
});

describe.each(testDatabaseKinds)('declarations on %s', (kind) => {
	let test: TestDatabase;
	let worker: SessionPerson;

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		const [row] = await test.db
			.insertInto('person')
			.values({
				email: 'w@example.org',
				name: 'Wren Worker',
				roles: ['volunteer'],
				status: 'active',
				activatedAt: new Date()
			})
			.returning(['id', 'name', 'email', 'roles'])
			.execute();
		worker = { ...row!, supervisorId: null };
	});
	afterAll(() => test.close());

	it('keeps ended interests, records returns, and audits every change', async () => {
		expect((await declarationsOf(test.db, worker.id)).due.status).toBe('due');
		expect(await makeReturn(test.db, worker)).toEqual({ nil: true, interests: 0 });
		expect((await declarationsOf(test.db, worker.id)).due).toMatchObject({ status: 'acknowledged', reason: 'yearly' });

		const id = await declareInterest(test.db, worker, {
			kind: 'governor',
			organisation: 'Hillside Primary School',
			startsOn: '2025-09-01',
			endsOn: null,
			details: ''
		});
		expect((await declarationsOf(test.db, worker.id)).due).toMatchObject({ status: 'due', reason: 'change' });
		expect(await makeReturn(test.db, worker)).toEqual({ nil: false, interests: 1 });

		expect(await endInterest(test.db, worker, id, 'Stood down in July')).toBe(true);
		expect(await endInterest(test.db, worker, id, 'Again')).toBe(false);
		const { interests } = await declarationsOf(test.db, worker.id);
		expect(interests).toHaveLength(1);
		expect(interests[0]).toMatchObject({ organisation: 'Hillside Primary School', endedReason: 'Stood down in July' });

		const register = await declarationRegister(test.db);
		expect(register.interests).toEqual([]);
		expect(register.interestCount).toBe(0);
		expect(register.outstanding.map((p) => [p.name, p.due.reason])).toEqual([['Wren Worker', 'change']]);
		expect(register.outstandingCount).toBe(1);
		const actions = await test.db
			.selectFrom('auditEvent')
			.select('action')
			.where('actorId', '=', worker.id)
			.orderBy('id')
			.execute();
		expect(actions.map((a) => a.action)).toEqual([
			'declaration.nil-return',
			'declaration.interest-added',
			'declaration.confirmed',
			'declaration.interest-ended'
		]);
		// The register's counts are kept between requests: a return made since is counted at once.
		await makeReturn(test.db, worker);
		expect((await declarationRegister(test.db)).outstandingCount).toBe(0);
	});
});

// The register rates people in SQL; it must agree with declarationDue, which a person's own page
// uses, for every kind of history and on either side of each boundary.
describe.each(testDatabaseKinds)('the register on %s', (kind) => {
	let test: TestDatabase;
	const now = new Date('2026-12-04T12:00:00Z');
	const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
	// [joined, last return, last change], in days before now.
	const histories: [number, number | null, number | null][] = [];
	for (const joined of [3, 27, 28, 29, 400])
		for (const ret of [null, 1, 330, 337, 338, 366, 367, 800])
			for (const change of [null, 0.5, 27, 29, 900])
				if (ret === null || ret <= joined) histories.push([joined, ret, change]);

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		for (const [n, [joined, ret, change]] of histories.entries()) {
			const { id } = await test.db
				.insertInto('person')
				.values({
					email: `p${n}@example.org`,
					name: `Person ${String(n).padStart(3, '0')}`,
					roles: ['volunteer'],
					status: 'active',
					activatedAt: daysAgo(joined)
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			if (ret !== null)
				await test.db
					.insertInto('declarationReturn')
					.values({ personId: id, madeAt: daysAgo(ret), nil: true, interests: 0 })
					.execute();
			if (change !== null)
				await test.db
					.insertInto('declaredInterest')
					.values({
						personId: id,
						kind: 'governor',
						organisation: `School ${n}`,
						details: '',
						declaredAt: daysAgo(change)
					})
					.execute();
		}
	});
	afterAll(() => test.close());

	it('lists, page by page, exactly the people declarationDue says are due or overdue', async () => {
		const expected = histories
			.map(([joined, ret, change], n) => ({
				name: `Person ${String(n).padStart(3, '0')}`,
				due: declarationDue(
					daysAgo(joined),
					ret === null ? null : daysAgo(ret),
					change === null ? null : daysAgo(change),
					now
				)
			}))
			.filter((p) => p.due.status !== 'acknowledged');
		const listed: { name: string; due: unknown }[] = [];
		const first = await declarationRegister(test.db, {}, now);
		for (let page = 1; page <= Math.ceil(first.outstandingCount / first.pageSize); page++)
			listed.push(...(await declarationRegister(test.db, { due: page }, now)).outstanding);
		expect(first.people).toBe(histories.length);
		expect(first.outstandingCount).toBe(expected.length);
		expect(listed.map((p) => [p.name, p.due])).toEqual(expected.map((p) => [p.name, p.due]));
		expect(first.interestCount).toBe(histories.filter(([, , change]) => change !== null).length);
		expect(first.interests).toHaveLength(Math.min(first.pageSize, first.interestCount));
	});

	it('rates everyone in the database as declarationDue does, due and overdue alike, on any day', async () => {
		for (const at of ['2026-12-04T12:00:00Z', '2026-12-31T23:30:00Z', '2027-01-01T00:30:00Z', '2027-03-28T23:30:00Z']) {
			const when = new Date(at);
			const { rows } = await sql<{ name: string; status: string }>`
				${ratedDeclarants(when)} select name, status from rated order by name`.execute(test.db);
			expect(
				rows.map((r) => [r.name, r.status]),
				`the database and the code rate differently on ${at}`
			).toEqual(
				histories.map(([joined, ret, change], n) => [
					`Person ${String(n).padStart(3, '0')}`,
					declarationDue(
						daysAgo(joined),
						ret === null ? null : daysAgo(ret),
						change === null ? null : daysAgo(change),
						when
					).status
				])
			);
		}
	});

	it("keeps each person's last return and last change as their rows are added, ended and removed", async () => {
		const { id } = await test.db
			.insertInto('person')
			.values({ email: 'kept@example.org', name: 'Kept', roles: ['volunteer'], status: 'active' })
			.returning('id')
			.executeTakeFirstOrThrow();
		const kept = () =>
			test.db.selectFrom('declarationLatest').selectAll().where('personId', '=', id).executeTakeFirst();
		const interest = await test.db
			.insertInto('declaredInterest')
			.values({ personId: id, kind: 'governor', organisation: 'Kept School', details: '', declaredAt: daysAgo(10) })
			.returning('id')
			.executeTakeFirstOrThrow();
		expect(await kept()).toMatchObject({ lastReturnAt: null, lastChangeAt: daysAgo(10) });
		const ret = await test.db
			.insertInto('declarationReturn')
			.values({ personId: id, madeAt: daysAgo(5), nil: false, interests: 1 })
			.returning('id')
			.executeTakeFirstOrThrow();
		expect(await kept()).toMatchObject({ lastReturnAt: daysAgo(5), lastChangeAt: daysAgo(10) });
		await test.db
			.updateTable('declaredInterest')
			.set({ endedAt: daysAgo(2), endedReason: 'Stood down' })
			.where('id', '=', interest.id)
			.execute();
		expect(await kept()).toMatchObject({ lastReturnAt: daysAgo(5), lastChangeAt: daysAgo(2) });
		await test.db.deleteFrom('declarationReturn').where('id', '=', ret.id).execute();
		expect(await kept()).toMatchObject({ lastReturnAt: null, lastChangeAt: daysAgo(2) });
	});
});
