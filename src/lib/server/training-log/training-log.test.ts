import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import type { SessionPerson } from '../auth/sessions';
import type { Role } from '../db/schema';
import { can } from '../auth/permissions';
import { personalRecord, recordCsv } from '../records';
import { addEntry, deleteEntry, entrySchema, hoursByYear, ownEntry, trainingLogOf, updateEntry } from './index';

const caseReference = { pattern: /^NS-[0-9]{4}-[0-9]{4}$/, example: 'NS-2026-0142' };
const schema = entrySchema(caseReference);
const noContent = { quizBySlug: new Map(), courseBySlug: new Map() };

const training = (over: Record<string, string> = {}) => ({
	kind: 'training',
	doneOn: '2026-03-14',
	title: 'Autism awareness',
	provider: 'County council',
	hours: '2.5',
	reflection: 'How to ask a parent about sensory needs.',
	...over
});

describe('the training log form', () => {
	it('reads training with its hours in minutes', () => {
		expect(schema.parse(training())).toEqual({
			kind: 'training',
			doneOn: '2026-03-14',
			title: 'Autism awareness',
			provider: 'County council',
			minutes: 150,
			reflection: 'How to ask a parent about sensory needs.'
		});
	});

	it('keeps no provider or hours for a reflective note', () => {
		const note = schema.parse(training({ kind: 'note', hours: 'lots' }));
		expect(note).toMatchObject({ kind: 'note', provider: '', minutes: null });
	});

	it.each([
		[{ hours: '' }, 'hours', 'Enter how many hours the training took'],
		[{ hours: '1e3' }, 'hours', 'Enter the hours as a number, for example 1.5'],
		[{ hours: '0' }, 'hours', 'Enter between 0.1 and 1000 hours'],
		[{ title: '  ' }, 'title', 'Enter a title'],
		[{ doneOn: '2026-02-30' }, 'doneOn', 'Enter a real date'],
		[{ doneOn: `${new Date().getFullYear() + 1}-06-01` }, 'doneOn', 'The date must be today or in the past'],
		[{ kind: 'course' }, 'kind', 'Choose whether this is training or a reflective note']
	])('refuses %o', (over, field, message) => {
		const result = schema.safeParse(training(over));
		expect(result.success).toBe(false);
		expect(result.error?.issues.find((i) => i.path[0] === field)?.message).toBe(message);
	});

	it('says every problem at once: a missing title, missing hours and a date to come', () => {
		const result = schema.safeParse(
			training({ title: '', hours: '', doneOn: `${new Date().getFullYear() + 1}-06-01` })
		);
		expect(result.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
			['title', 'Enter a title'],
			['hours', 'Enter how many hours the training took'],
			['doneOn', 'The date must be today or in the past']
		]);
	});

	it('refuses contact details in the reflection, as every free text does', () => {
		const result = schema.safeParse(training({ reflection: 'Ring the parent on 07700 900123' }));
		expect(result.success).toBe(false);
		expect(result.error?.issues[0]?.path).toEqual(['reflection']);
	});

	it('adds up hours of training by year, leaving notes out', () => {
		const entry = (kind: 'training' | 'note', doneOn: string, hours: number | null) => ({
			id: doneOn,
			kind,
			doneOn,
			title: 't',
			provider: '',
			hours,
			reflection: ''
		});
		expect(
			hoursByYear([
				entry('training', '2026-05-01', 1.5),
				entry('note', '2026-04-01', null),
				entry('training', '2025-11-01', 3),
				entry('training', '2026-01-10', 0.25)
			])
		).toEqual([
			{ year: '2026', hours: 1.75, entries: 2 },
			{ year: '2025', hours: 3, entries: 1 }
		]);
	});
});

describe('who may read a training log', () => {
	const who = (id: string, roles: Role[], supervisorId: string | null = null): SessionPerson => ({
		id,
		name: id,
		email: `${id}@example.org`,
		roles,
		supervisorId
	});
	const volunteer = who('v', ['volunteer'], 's');
	const target = { id: volunteer.id, supervisorId: volunteer.supervisorId };

	it('lets the person, their supervisor and coordinators read it, and nobody else', () => {
		expect(can(volunteer, 'training.view', target)).toBe(true);
		expect(can(who('s', ['supervisor']), 'training.view', target)).toBe(true);
		expect(can(who('c', ['coordinator']), 'training.view', target)).toBe(true);
		expect(can(who('s2', ['supervisor']), 'training.view', target)).toBe(false);
		expect(can(who('v2', ['volunteer']), 'training.view', target)).toBe(false);
		expect(can(who('st', ['staff']), 'training.view', target)).toBe(false);
		expect(can(who('g', ['steering']), 'training.view', target)).toBe(false);
		expect(can(null, 'training.view', target)).toBe(false);
	});

	it('lets anyone signed in keep their own', () => {
		expect(can(who('g', ['steering']), 'training.own')).toBe(true);
		expect(can(null, 'training.own')).toBe(false);
	});
});

describe.each(testDatabaseKinds)('the training log on %s', (kind) => {
	let test: TestDatabase;
	let seq = 0;

	async function person(roles: Role[], name = `Person ${++seq}`): Promise<SessionPerson> {
		const email = `t${++seq}@example.org`;
		const { id } = await test.db
			.insertInto('person')
			.values({ email, name, roles, status: 'active' })
			.returning('id')
			.executeTakeFirstOrThrow();
		return { id, name, email, roles, supervisorId: null };
	}

	const audits = (recordId: string) =>
		test.db
			.selectFrom('auditEvent')
			.select(['actorId', 'action', 'detail'])
			.where('recordId', '=', recordId)
			.orderBy('id')
			.execute();

	beforeAll(async () => {
		test = await createTestDatabase(kind);
	});
	afterAll(() => test.close());

	it('adds, changes and deletes an entry, auditing each', async () => {
		const p = await person(['volunteer']);
		const id = await addEntry(test.db, p, schema.parse(training()));
		expect(await ownEntry(test.db, p.id, id)).toMatchObject({ title: 'Autism awareness', hours: 2.5 });

		expect(await updateEntry(test.db, p, id, schema.parse(training({ title: 'Autism in the early years' })))).toBe(
			true
		);
		expect((await trainingLogOf(test.db, p.id)).map((e) => e.title)).toEqual(['Autism in the early years']);

		expect(await deleteEntry(test.db, p, id)).toBe(true);
		expect(await trainingLogOf(test.db, p.id)).toEqual([]);
		expect(await audits(id)).toEqual([
			{ actorId: p.id, action: 'training-log.added', detail: { kind: 'training', doneOn: '2026-03-14' } },
			{ actorId: p.id, action: 'training-log.changed', detail: { kind: 'training', doneOn: '2026-03-14' } },
			{ actorId: p.id, action: 'training-log.deleted', detail: { kind: 'training', doneOn: '2026-03-14' } }
		]);
	});

	it("never changes or deletes someone else's entry, and audits nothing when refused", async () => {
		const owner = await person(['volunteer']);
		const other = await person(['coordinator']);
		const id = await addEntry(test.db, owner, schema.parse(training()));
		expect(await ownEntry(test.db, other.id, id)).toBeNull();
		expect(await updateEntry(test.db, other, id, schema.parse(training({ title: 'Changed' })))).toBe(false);
		expect(await deleteEntry(test.db, other, id)).toBe(false);
		expect(await ownEntry(test.db, owner.id, id)).toMatchObject({ title: 'Autism awareness' });
		expect((await audits(id)).map((a) => a.action)).toEqual(['training-log.added']);
	});

	it('lists entries newest first', async () => {
		const p = await person(['staff']);
		await addEntry(test.db, p, schema.parse(training({ doneOn: '2025-06-01', title: 'Older' })));
		await addEntry(test.db, p, schema.parse(training({ kind: 'note', doneOn: '2026-01-20', title: 'Newer' })));
		expect((await trainingLogOf(test.db, p.id)).map((e) => [e.title, e.kind, e.hours])).toEqual([
			['Newer', 'note', null],
			['Older', 'training', 2.5]
		]);
	});

	it('appears in the record and its CSV with hours by year, with certificates and earlier records', async () => {
		const coordinator = await person(['coordinator'], 'Priya Raman');
		const p = await person(['volunteer'], 'Sam Whitfield');
		await addEntry(test.db, p, schema.parse(training({ doneOn: '2026-02-01', hours: '1.5' })));
		await addEntry(test.db, p, schema.parse(training({ doneOn: '2026-03-01', title: 'Tribunals', hours: '3' })));
		await addEntry(test.db, p, schema.parse(training({ doneOn: '2025-10-01', title: 'EHCP basics', hours: '2' })));
		await addEntry(
			test.db,
			p,
			schema.parse(training({ kind: 'note', doneOn: '2026-03-02', title: 'For supervision', reflection: 'Boundaries' }))
		);
		await test.db
			.insertInto('certificate')
			.values({
				personId: p.id,
				kind: 'induction',
				achievement: 'induction',
				code: 'K7M2Q9ZX4B1D',
				facts: JSON.stringify({ title: 'Induction', completedOn: '2026-01-05' }),
				issuedBy: p.id
			})
			.execute();
		await test.db
			.insertInto('earlierRecord')
			.values({ personId: p.id, kind: 'ips-course', happenedOn: '2024-05-01', enteredBy: coordinator.id })
			.execute();

		const record = (await personalRecord(test.db, p.id, noContent))!;
		expect(record.trainingLog.entries.map((e) => [e.doneOn, e.title, e.hours])).toEqual([
			['2026-03-02', 'For supervision', null],
			['2026-03-01', 'Tribunals', 3],
			['2026-02-01', 'Autism awareness', 1.5],
			['2025-10-01', 'EHCP basics', 2]
		]);
		expect(record.trainingLog.hoursByYear).toEqual([
			{ year: '2026', hours: 4.5, entries: 2 },
			{ year: '2025', hours: 2, entries: 1 }
		]);
		expect(record.certificates).toHaveLength(1);
		expect(record.certificates[0]).toMatchObject({ title: 'Induction', completedOn: '2026-01-05', withdrawnAt: null });
		expect(record.earlierRecords).toEqual([
			{ kind: 'ips-course', happenedOn: '2024-05-01', enteredAt: expect.any(String), enteredBy: 'Priya Raman' }
		]);
		// The JSON download is the record as it stands: nothing in it that is not plain data.
		expect(JSON.parse(JSON.stringify(record))).toEqual(record);

		const csv = recordCsv(record);
		expect(csv).toContain('Training done elsewhere,2026-03-01,Tribunals,Provider: County council. 3 hours.');
		expect(csv).toContain('Reflective note for supervision,2026-03-02,For supervision,Boundaries');
		expect(csv).toContain('Training hours,2026,Training done elsewhere in 2026,"4.5 hours, 2 entries"');
		expect(csv).toMatch(/Certificate,[^,]+,Induction \(completed 2026-01-05\),K7M2-Q9ZX-4B1D; /);
		expect(csv).toMatch(/Earlier record,2024-05-01,[^,]+,Entered [^,]+ by Priya Raman/);
	});

	it("keeps another person's entries out of the record", async () => {
		const a = await person(['volunteer']);
		const b = await person(['volunteer']);
		await addEntry(test.db, a, schema.parse(training({ title: 'Only for a' })));
		const record = (await personalRecord(test.db, b.id, noContent))!;
		expect(record.trainingLog).toEqual({ entries: [], hoursByYear: [] });
	});
});
