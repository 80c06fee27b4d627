import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import type { Role } from '../db/schema';
import type { SessionPerson } from '../auth/sessions';
import { listPeople, peoplePageSize } from './index';
import { homeSummary } from '../home';
import { loadContent } from '../content';

describe.each(testDatabaseKinds)('the people list, on %s', (kind) => {
	let test: TestDatabase;
	let coordinator: SessionPerson;
	let supervisor: SessionPerson;

	async function addPerson(
		name: string,
		roles: Role[],
		extra: { status?: 'invited' | 'active' | 'deactivated'; supervisorId?: string } = {}
	) {
		const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@people.example`;
		const { id } = await test.db
			.insertInto('person')
			.values({ name, email, roles, status: extra.status ?? 'active', supervisorId: extra.supervisorId ?? null })
			.returning('id')
			.executeTakeFirstOrThrow();
		return { id, name, email, roles, supervisorId: extra.supervisorId ?? null };
	}

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		coordinator = await addPerson('Cora Ordinator', ['coordinator']);
		supervisor = await addPerson('Sam Supervisor', ['supervisor', 'staff']);
		await addPerson('Ada Patel', ['volunteer'], { supervisorId: supervisor.id });
		await addPerson('Ben Okafor', ['volunteer'], { supervisorId: supervisor.id, status: 'invited' });
		await addPerson('Priya PATEL', ['staff'], { status: 'deactivated' });
		// Enough more to need a second page.
		for (let i = 0; i < peoplePageSize; i++) await addPerson(`Zed Number ${String(i).padStart(2, '0')}`, ['steering']);
	});
	afterAll(() => test.close());

	const names = (result: Awaited<ReturnType<typeof listPeople>>) => result.people.map((p) => p.name);

	it('pages everyone for a coordinator, in name order, with the total and supervisor names', async () => {
		const first = await listPeople(test.db, coordinator);
		expect(first.total).toBe(5 + peoplePageSize);
		expect(first.people).toHaveLength(peoplePageSize);
		expect(names(first).slice(0, 5)).toEqual([
			'Ada Patel',
			'Ben Okafor',
			'Cora Ordinator',
			'Priya PATEL',
			'Sam Supervisor'
		]);
		expect(first.people[0]).toMatchObject({ supervisorName: 'Sam Supervisor', roles: ['volunteer'], status: 'active' });
		const second = await listPeople(test.db, coordinator, { page: 2 });
		expect(names(second)).toEqual([
			'Zed Number 45',
			'Zed Number 46',
			'Zed Number 47',
			'Zed Number 48',
			'Zed Number 49'
		]);
		const beyond = await listPeople(test.db, coordinator, { page: 9 });
		expect(beyond.people).toEqual([]);
		expect(beyond.total).toBe(5 + peoplePageSize);
	});

	it('filters by role, status and a search of names and emails in any case', async () => {
		expect(names(await listPeople(test.db, coordinator, { role: 'volunteer' }))).toEqual(['Ada Patel', 'Ben Okafor']);
		expect(names(await listPeople(test.db, coordinator, { status: 'invited' }))).toEqual(['Ben Okafor']);
		expect(names(await listPeople(test.db, coordinator, { search: 'patel' }))).toEqual(['Ada Patel', 'Priya PATEL']);
		expect(names(await listPeople(test.db, coordinator, { search: 'OKAFOR@PEOPLE' }))).toEqual(['Ben Okafor']);
		expect(names(await listPeople(test.db, coordinator, { search: 'patel', status: 'active' }))).toEqual(['Ada Patel']);
		expect((await listPeople(test.db, coordinator, { search: '100%' })).total).toBe(0);
	});

	it('shows a supervisor only their own supervisees', async () => {
		const own = await listPeople(test.db, supervisor);
		expect(names(own)).toEqual(['Ada Patel', 'Ben Okafor']);
		expect(own.total).toBe(2);
	});

	it("gives a coordinator's home page the people to follow up, and a change to them at once", async () => {
		const content = loadContent();
		const followUps = async () =>
			(await homeSummary(test.db, coordinator, content)).steps.filter((s) => s.href?.startsWith('/people?'));
		// Ben is invited; Sam, active staff, has no supervisor. Steering group members need none.
		expect(await followUps()).toEqual([
			{ text: '1 invited person has not set up their account yet', href: '/people?status=invited', count: 1 },
			{ text: '1 active volunteer or staff without a named supervisor', href: '/people?status=active', count: 1 }
		]);
		await addPerson('Una Supervised', ['volunteer']);
		expect((await followUps())[1]).toMatchObject({ count: 2 });
		await test.db
			.updateTable('person')
			.set({ supervisorId: supervisor.id })
			.where('email', '=', 'una.supervised@people.example')
			.execute();
		expect((await followUps())[1]).toMatchObject({ count: 1 });
		// Someone in neither list sees neither.
		expect(
			(await homeSummary(test.db, supervisor, content)).steps.some((s) => s.href?.startsWith('/people?status'))
		).toBe(false);
	});

	it('shows a change to a person on the very next listing', async () => {
		const before = await listPeople(test.db, coordinator, { search: 'okafor' });
		expect(before.people).toMatchObject([{ name: 'Ben Okafor', status: 'invited' }]);
		await test.db
			.updateTable('person')
			.set({ name: 'Ben Okafor-Reid', status: 'active' })
			.where('email', '=', 'ben.okafor@people.example')
			.execute();
		const after = await listPeople(test.db, coordinator, { search: 'okafor' });
		expect(after.people).toMatchObject([{ name: 'Ben Okafor-Reid', status: 'active' }]);
		const added = await addPerson('Aaron Early', ['volunteer'], { supervisorId: supervisor.id });
		expect((await listPeople(test.db, supervisor)).people[0]).toMatchObject({ id: added.id, name: 'Aaron Early' });
	});
});
