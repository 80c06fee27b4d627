import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import type { SessionPerson } from '../auth/sessions';
import {
	declarationDue,
	declarationRegister,
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
		expect(register.outstanding.map((p) => [p.name, p.due.reason])).toEqual([['Wren Worker', 'change']]);
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
	});
});
