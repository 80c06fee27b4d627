import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import type { SessionPerson } from '../auth/sessions';
import { roles as allRoles, type Role } from '../db/schema';
import type { ServiceConfig } from '../content/service';
import {
	addAddendum,
	closeAction,
	commentOnRecord,
	createRecord,
	deleteDraft,
	openActionsAbout,
	openActionsOwnedBy,
	recordById,
	recordRecordViewed,
	recordsOf,
	reviewCase,
	reviewSummary,
	shareRecord,
	signRecord,
	startSample,
	supervisionOverview,
	updateDraft
} from './index';
import { drawReproduces } from './draw';
import { loadContent } from '../content';
import { policiesFor, registerPolicyVersions } from '../policies';
import { declarantRoles, declarationDue } from '../declarations';
import { interestKinds } from '../db/schema';
import { serviceDay } from '../../format';

const rules = { sampleSize: 3, resampleAfterMonths: 12 };
const intervals = { volunteer: 56, staff: 28 };
const service: ServiceConfig = {
	name: 'Northshire SENDIASS',
	shortName: 'Northshire',
	brandColour: '#1d5c63',
	contactEmail: 'team@example.org',
	caseReference: { pattern: /^NS-[0-9]{4}-[0-9]{4}$/, example: 'NS-2026-0142' },
	supervisionIntervalDays: intervals,
	supervision: {
		...rules,
		supportLevels: ['Information', 'Advice', 'Individual support'],
		observationCriteria: ['Sets out the options'],
		caseworkCriteria: ['Impartiality stated']
	},
	reacknowledgeMonths: 12,
	policyTiming: {
		reacknowledgeMonths: 12,
		dueWithinDays: 28,
		remindBeforeDays: 14,
		overdueEveryDays: 7,
		copySupervisorAfterDays: 14
	},
	invitationValidDays: 7,
	passwordResetValidHours: 24,
	sessionDays: 14
};
const content = { policies: [], service };

const session = (discussion: string) => ({
	minutes: 60,
	format: 'one-to-one',
	agenda: 'Caseload',
	discussion,
	impartiality: 'Kept to the options.',
	wellbeing: '',
	trainingNeeds: ''
});
const reference = (n: number) => `NS-2026-${String(n).padStart(4, '0')}`;
const references = (from: number, count: number) => Array.from({ length: count }, (_, i) => reference(from + i));
const grades = [{ criterion: 'Impartiality stated', grade: 'good' as const, evidence: '' }];

describe.each(testDatabaseKinds)('supervision records on %s', (kind) => {
	let test: TestDatabase;
	let supervisor: SessionPerson;
	let seq = 0;

	async function person(
		roles: Role[],
		supervisorId: string | null = null,
		extra: { activatedAt?: Date; status?: 'active' | 'deactivated' | 'invited' } = {}
	): Promise<SessionPerson> {
		seq++;
		const email = `p${seq}@example.org`;
		const name = `Person ${String(seq).padStart(2, '0')}`;
		const row = await test.db
			.insertInto('person')
			.values({
				email,
				name,
				roles,
				status: extra.status ?? 'active',
				supervisorId,
				activatedAt: extra.activatedAt ?? null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		return { id: row.id, name, email, roles, supervisorId };
	}

	const statusOf = async (id: string) => (await recordById(test.db, id))?.status;
	const audited = async (recordId: string) =>
		(
			await test.db.selectFrom('auditEvent').select('action').where('recordId', '=', recordId).orderBy('at').execute()
		).map((e) => e.action);

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		supervisor = await person(['supervisor', 'staff']);
	});
	afterAll(() => test.close());

	it("logs every read of someone else's records, and not a person reading their own", async () => {
		const subject = await person(['volunteer'], supervisor.id);
		const id = await createRecord(test.db, supervisor, subject.id, 'supervision', {
			heldOn: '2026-11-02',
			details: session('Read test'),
			actions: []
		});
		await recordRecordViewed(test.db, supervisor, subject.id, id);
		await recordRecordViewed(test.db, supervisor, subject.id);
		await recordRecordViewed(test.db, subject, subject.id, id);
		expect(await audited(id)).toEqual(['supervision.created', 'supervision.viewed']);
		const reads = await test.db
			.selectFrom('auditEvent')
			.select(['action', 'actorId'])
			.where('recordId', '=', subject.id)
			.execute();
		expect(reads).toEqual([{ action: 'supervision.list-viewed', actorId: supervisor.id }]);
	});

	describe('the life of a record', () => {
		let subject: SessionPerson;
		let recordId: string;
		const original = session('Talked through NS-2026-0142.');

		beforeAll(async () => {
			subject = await person(['volunteer'], supervisor.id);
		});

		it('starts as a draft the supervisor sees and the subject does not', async () => {
			recordId = await createRecord(test.db, supervisor, subject.id, 'supervision', {
				heldOn: '2026-11-20',
				details: session('First go'),
				actions: []
			});
			expect(await statusOf(recordId)).toBe('draft');
			expect((await recordsOf(test.db, subject.id, supervisor)).map((r) => [r.id, r.status])).toEqual([
				[recordId, 'draft']
			]);
			expect(await recordsOf(test.db, subject.id, subject)).toEqual([]);
		});

		it('is edited while a draft', async () => {
			expect(
				await updateDraft(test.db, supervisor, recordId, { heldOn: '2026-11-21', details: original, actions: [] })
			).toEqual({ ok: true });
			const record = await recordById(test.db, recordId);
			expect(record).toMatchObject({ heldOn: '2026-11-21', details: original, status: 'draft' });
		});

		it('is shared with the subject, once', async () => {
			expect(await shareRecord(test.db, supervisor, recordId)).toEqual({ ok: true });
			expect(await shareRecord(test.db, supervisor, recordId)).toEqual({
				ok: false,
				message: 'This record has already been shared.'
			});
			const record = await recordById(test.db, recordId);
			expect(record?.status).toBe('shared');
			expect(record?.sharedAt).toBeInstanceOf(Date);
			expect((await recordsOf(test.db, subject.id, subject)).map((r) => [r.id, r.status])).toEqual([
				[recordId, 'shared']
			]);
		});

		it('can no longer be edited or deleted once shared, by the app or by SQL', async () => {
			const edit = await updateDraft(test.db, supervisor, recordId, {
				heldOn: '2026-11-21',
				details: session('Rewritten'),
				actions: []
			});
			expect(edit).toEqual({
				ok: false,
				message: 'This record has been shared, so it can no longer be edited. Add an addendum instead.'
			});
			expect(await deleteDraft(test.db, supervisor, recordId)).toMatchObject({ ok: false });
			await expect(
				sql`update supervision_record set details = '{"discussion": "rewritten"}'::jsonb where id = ${recordId}`.execute(
					test.db
				)
			).rejects.toThrow(/has been shared/);
			await expect(sql`delete from supervision_record where id = ${recordId}`.execute(test.db)).rejects.toThrow(
				/has been shared/
			);
			expect((await recordById(test.db, recordId))?.details).toEqual(original);
		});

		it('takes a comment from the subject only', async () => {
			expect(await commentOnRecord(test.db, supervisor, recordId, 'Supervisor trying to comment')).toMatchObject({
				ok: false
			});
			expect(await commentOnRecord(test.db, subject, recordId, 'I would add that the school was helpful.')).toEqual({
				ok: true
			});
			const notes = (await recordById(test.db, recordId))?.notes;
			expect(notes?.map((n) => [n.kind, n.body, n.authorName])).toEqual([
				['comment', 'I would add that the school was helpful.', subject.name]
			]);
		});

		it('is signed off by the subject only, and then locked', async () => {
			expect(await signRecord(test.db, supervisor, recordId)).toEqual({
				ok: false,
				message: 'This record is not waiting for your sign-off.'
			});
			expect(await signRecord(test.db, subject, recordId)).toEqual({ ok: true });
			const record = await recordById(test.db, recordId);
			expect(record?.status).toBe('locked');
			expect(record?.signedAt).toBeInstanceOf(Date);
			expect(await signRecord(test.db, subject, recordId)).toMatchObject({ ok: false });
			expect(await commentOnRecord(test.db, subject, recordId, 'Too late')).toMatchObject({ ok: false });
		});

		it('refuses every change to a locked record, by the app or by SQL', async () => {
			expect(
				await updateDraft(test.db, supervisor, recordId, {
					heldOn: '2026-11-21',
					details: session('Rewritten'),
					actions: []
				})
			).toMatchObject({ ok: false });
			await expect(
				sql`update supervision_record set details = '{"discussion": "rewritten"}'::jsonb where id = ${recordId}`.execute(
					test.db
				)
			).rejects.toThrow(/is locked/);
			await expect(
				sql`update supervision_record set status = 'draft' where id = ${recordId}`.execute(test.db)
			).rejects.toThrow(/is locked/);
			await expect(sql`delete from supervision_record where id = ${recordId}`.execute(test.db)).rejects.toThrow(
				/is locked/
			);
			expect(await statusOf(recordId)).toBe('locked');
		});

		it('takes an addendum beneath it and leaves the original as it was', async () => {
			expect(await addAddendum(test.db, supervisor, recordId, 'The session was 45 minutes, not 60.')).toEqual({
				ok: true
			});
			const record = await recordById(test.db, recordId);
			expect(record?.details).toEqual(original);
			expect(record?.notes.map((n) => n.kind)).toEqual(['comment', 'addendum']);
			expect(record?.notes[1]?.body).toBe('The session was 45 minutes, not 60.');
			const [listed] = await recordsOf(test.db, subject.id, subject);
			expect(Number(listed?.addenda)).toBe(1);
		});

		it('refuses to change a comment or addendum once written', async () => {
			await expect(
				sql`update record_note set body = 'changed' where record_id = ${recordId}`.execute(test.db)
			).rejects.toThrow(/cannot be changed/);
			await expect(sql`delete from record_note where record_id = ${recordId}`.execute(test.db)).rejects.toThrow(
				/cannot be changed/
			);
		});

		it('has every step in the audit log', async () => {
			expect(await audited(recordId)).toEqual([
				'supervision.created',
				'supervision.edited',
				'supervision.shared',
				'supervision.commented',
				'supervision.signed',
				'supervision.addendum-added'
			]);
		});

		it('deletes a draft, but gives no addendum to one', async () => {
			const draft = await createRecord(test.db, supervisor, subject.id, 'observation', {
				heldOn: '2026-11-22',
				details: { observed: 'A call' },
				actions: []
			});
			expect(await addAddendum(test.db, supervisor, draft, 'A note')).toEqual({
				ok: false,
				message: 'A draft is edited directly: addenda are for records already shared.'
			});
			expect(await deleteDraft(test.db, supervisor, draft)).toEqual({ ok: true });
			expect(await recordById(test.db, draft)).toBeNull();
			expect(await deleteDraft(test.db, supervisor, draft)).toMatchObject({ ok: false });
		});
	});

	describe('agreed actions', () => {
		let subject: SessionPerson;
		let first: string;

		beforeAll(async () => {
			subject = await person(['volunteer'], supervisor.id);
		});

		it('are made with the record, owned by the subject or the author', async () => {
			first = await createRecord(test.db, supervisor, subject.id, 'supervision', {
				heldOn: '2026-10-01',
				details: session('First session'),
				actions: [
					{ description: 'Read the SEND code chapter 9', owner: 'subject', dueOn: '2026-10-29' },
					{ description: 'Find a tribunal course', owner: 'author', dueOn: '2026-10-15' }
				]
			});
			const actions = (await recordById(test.db, first))?.actions;
			expect(actions?.map((a) => [a.description, a.ownerId, a.subjectId, a.dueOn])).toEqual([
				['Find a tribunal course', supervisor.id, subject.id, '2026-10-15'],
				['Read the SEND code chapter 9', subject.id, subject.id, '2026-10-29']
			]);
		});

		it('are replaced when the draft is saved again', async () => {
			const result = await updateDraft(test.db, supervisor, first, {
				heldOn: '2026-10-01',
				details: session('First session'),
				actions: [
					{ description: 'Read the SEND code chapter 9 and 10', owner: 'subject', dueOn: '2026-10-29' },
					{ description: 'Find a tribunal course', owner: 'author', dueOn: '2026-10-15' }
				]
			});
			expect(result).toEqual({ ok: true });
			expect((await recordById(test.db, first))?.actions.map((a) => a.description)).toEqual([
				'Find a tribunal course',
				'Read the SEND code chapter 9 and 10'
			]);
		});

		it('reach the subject only once the record is shared', async () => {
			expect(await openActionsOwnedBy(test.db, subject.id)).toEqual([]);
			await shareRecord(test.db, supervisor, first);
			expect((await openActionsOwnedBy(test.db, subject.id)).map((a) => [a.description, a.subjectName])).toEqual([
				['Read the SEND code chapter 9 and 10', subject.name]
			]);
			expect((await openActionsOwnedBy(test.db, supervisor.id)).map((a) => [a.description, a.ownerName])).toEqual([
				['Find a tribunal course', supervisor.name]
			]);
		});

		it('are carried into the next session and closed by it', async () => {
			const carried = await openActionsAbout(test.db, subject.id);
			expect(carried.map((a) => a.description)).toEqual([
				'Find a tribunal course',
				'Read the SEND code chapter 9 and 10'
			]);
			const done = carried.find((a) => a.description.startsWith('Read'))!;

			const second = await createRecord(test.db, supervisor, subject.id, 'supervision', {
				heldOn: '2026-11-01',
				details: session('Second session'),
				actions: [{ description: 'Shadow a drop-in', owner: 'subject', dueOn: '2026-12-01' }],
				close: [done.id]
			});
			const record = await recordById(test.db, second);
			expect(record?.details.closedCarried).toEqual(['Read the SEND code chapter 9 and 10']);
			expect((await openActionsAbout(test.db, subject.id, second)).map((a) => a.description)).toEqual([
				'Find a tribunal course'
			]);
			expect((await openActionsAbout(test.db, subject.id)).map((a) => a.description)).toEqual([
				'Find a tribunal course',
				'Shadow a drop-in'
			]);
			expect(await openActionsOwnedBy(test.db, subject.id)).toEqual([]);
			const closed = await test.db
				.selectFrom('agreedAction')
				.select(['closedAt', 'closedBy'])
				.where('id', '=', done.id)
				.executeTakeFirstOrThrow();
			expect(closed.closedBy).toBe(supervisor.id);
			expect(closed.closedAt).toBeInstanceOf(Date);
		});

		it("does not close another person's action through a session", async () => {
			const other = await person(['volunteer'], supervisor.id);
			await createRecord(test.db, supervisor, other.id, 'supervision', {
				heldOn: '2026-11-01',
				details: session('x'),
				actions: [{ description: 'Other person action', owner: 'subject', dueOn: '2026-12-01' }]
			});
			const [theirs] = await openActionsAbout(test.db, other.id);
			const record = await createRecord(test.db, supervisor, subject.id, 'supervision', {
				heldOn: '2026-11-02',
				details: session('y'),
				actions: [],
				close: [theirs!.id]
			});
			expect((await recordById(test.db, record))?.details.closedCarried).toBeUndefined();
			expect((await openActionsAbout(test.db, other.id)).map((a) => a.id)).toEqual([theirs!.id]);
		});

		it('are closed once, directly', async () => {
			const [open] = await openActionsOwnedBy(test.db, supervisor.id);
			expect(await closeAction(test.db, supervisor, open!.id)).toEqual({ ok: true });
			expect(await closeAction(test.db, supervisor, open!.id)).toEqual({
				ok: false,
				message: 'This action is already closed.'
			});
			expect((await openActionsAbout(test.db, subject.id)).map((a) => a.description)).toEqual(['Shadow a drop-in']);
		});
	});

	describe('casework samples', () => {
		let subject: SessionPerson;
		const drawnAt = new Date('2026-11-23T10:00:00Z');
		const entered = references(101, 10);
		let firstId: string;
		let firstDrawn: string[];

		beforeAll(async () => {
			// Joined before the sampled period, so the review summary up to the draw covers it on any day the tests run.
			subject = await person(['volunteer'], supervisor.id, { activatedAt: new Date('2026-01-05T09:00:00Z') });
		});

		const sampleOf = (recordId: string) =>
			test.db
				.selectFrom('caseworkSample')
				.select(['entered', 'excluded', 'seed', 'size', 'drawn'])
				.where('recordId', '=', recordId)
				.executeTakeFirstOrThrow();

		it('draws the sample size from the cases entered, and records the draw', async () => {
			const result = await startSample(
				test.db,
				supervisor,
				subject.id,
				{ periodFrom: '2026-05-01', periodTo: '2026-10-31', caseReferences: [...entered].reverse() },
				rules,
				drawnAt
			);
			if (!result.ok) throw new Error(result.message);
			firstId = result.recordId;
			firstDrawn = result.drawn;
			expect(result.drawn).toHaveLength(3);
			expect(new Set(result.drawn).size).toBe(3);
			for (const c of result.drawn) expect(entered).toContain(c);
			expect(result.excluded).toEqual([]);

			const sample = await sampleOf(firstId);
			expect(sample).toEqual({
				entered,
				excluded: [],
				seed: expect.stringMatching(/^[0-9a-f]{16}$/),
				size: 3,
				drawn: result.drawn
			});
			expect(drawReproduces(sample)).toBe(true);
			expect(
				drawReproduces({
					...sample,
					drawn: [sample.drawn[0]!, sample.drawn[1]!, entered.find((c) => !sample.drawn.includes(c))!]
				})
			).toBe(false);

			const record = await recordById(test.db, firstId);
			expect(record).toMatchObject({
				kind: 'sample',
				status: 'draft',
				heldOn: '2026-11-23',
				sample: { periodFrom: '2026-05-01', periodTo: '2026-10-31' }
			});
			expect(record?.cases.map((c) => [c.position, c.caseReference, c.reviewedAt])).toEqual(
				result.drawn.map((c, i) => [i + 1, c, null])
			);
		});

		it('leaves out cases drawn in the last 12 months', async () => {
			const result = await startSample(
				test.db,
				supervisor,
				subject.id,
				{ periodFrom: '2026-06-01', periodTo: '2026-11-30', caseReferences: entered },
				rules,
				new Date('2026-12-23T10:00:00Z')
			);
			if (!result.ok) throw new Error(result.message);
			expect(result.excluded).toEqual([...firstDrawn].sort());
			expect(result.drawn).toHaveLength(3);
			for (const c of result.drawn) expect(firstDrawn).not.toContain(c);
			const sample = await sampleOf(result.recordId);
			expect(sample.excluded).toEqual([...firstDrawn].sort());
			expect(drawReproduces(sample)).toBe(true);
		});

		it('refuses a draw when every case entered was sampled recently', async () => {
			const result = await startSample(
				test.db,
				supervisor,
				subject.id,
				{ periodFrom: '2026-07-01', periodTo: '2026-12-31', caseReferences: firstDrawn },
				rules,
				new Date('2027-01-23T10:00:00Z')
			);
			expect(result).toEqual({
				ok: false,
				message:
					"Every case reference entered was sampled in the last 12 months. Enter the worker's other cases for the period."
			});
		});

		it('draws a case again 13 months later', async () => {
			const result = await startSample(
				test.db,
				supervisor,
				subject.id,
				{ periodFrom: '2027-06-01', periodTo: '2027-11-30', caseReferences: firstDrawn },
				rules,
				new Date('2027-12-23T10:00:00Z')
			);
			if (!result.ok) throw new Error(result.message);
			expect(result.excluded).toEqual([]);
			expect([...result.drawn].sort()).toEqual([...firstDrawn].sort());
		});

		it('draws once per worker and period: a second submit gets the first draw back', async () => {
			const again = await startSample(
				test.db,
				supervisor,
				subject.id,
				{ periodFrom: '2026-05-01', periodTo: '2026-10-31', caseReferences: references(601, 10) },
				rules,
				new Date('2026-11-24T10:00:00Z')
			);
			expect(again).toEqual({ ok: true, recordId: firstId, drawn: firstDrawn, excluded: [], drawnBefore: drawnAt });
			const samples = await test.db
				.selectFrom('caseworkSample')
				.select('recordId')
				.where('subjectId', '=', subject.id)
				.where('periodFrom', '=', '2026-05-01')
				.where('periodTo', '=', '2026-10-31')
				.execute();
			expect(samples).toEqual([{ recordId: firstId }]);
		});

		it('makes exactly one draw of ten submitted at once, and gives each the same one', async () => {
			const racer = await person(['volunteer'], supervisor.id, { activatedAt: new Date('2026-01-05T09:00:00Z') });
			const input = { periodFrom: '2026-03-01', periodTo: '2026-08-31', caseReferences: references(501, 12) };
			const results = await Promise.all(
				Array.from({ length: 10 }, () => startSample(test.db, supervisor, racer.id, input, rules, drawnAt))
			);
			const ids = new Set(results.map((r) => (r.ok ? r.recordId : r.message)));
			expect(ids.size).toBe(1);
			expect(results.filter((r) => r.ok && !r.drawnBefore)).toHaveLength(1);
			const records = await test.db
				.selectFrom('supervisionRecord')
				.select('id')
				.where('subjectId', '=', racer.id)
				.where('kind', '=', 'sample')
				.execute();
			expect(records).toHaveLength(1);
			const cases = await test.db
				.selectFrom('sampledCase')
				.select('id')
				.where('recordId', '=', records[0]!.id)
				.execute();
			expect(cases).toHaveLength(rules.sampleSize);
		});

		it('refuses, in the database itself, a second draw for a worker and period', async () => {
			await expect(
				test.db.transaction().execute(async (trx) => {
					const { id } = await trx
						.insertInto('supervisionRecord')
						.values({
							kind: 'sample',
							subjectId: subject.id,
							authorId: supervisor.id,
							heldOn: '2026-11-23',
							details: '{}'
						})
						.returning('id')
						.executeTakeFirstOrThrow();
					await trx
						.insertInto('caseworkSample')
						.values({
							recordId: id,
							subjectId: subject.id,
							periodFrom: '2026-05-01',
							periodTo: '2026-10-31',
							entered: [],
							excluded: [],
							seed: 'chosen',
							size: 3,
							drawn: []
						})
						.execute();
				})
			).rejects.toThrow(/casework_sample_period_key/);
		});

		it('draws every case when fewer were entered than the sample size', async () => {
			const few = references(201, 2);
			const result = await startSample(
				test.db,
				supervisor,
				subject.id,
				{ periodFrom: '2026-04-01', periodTo: '2026-09-30', caseReferences: few },
				rules,
				drawnAt
			);
			if (!result.ok) throw new Error(result.message);
			expect([...result.drawn].sort()).toEqual(few);
			expect(drawReproduces(await sampleOf(result.recordId))).toBe(true);
		});

		it('flags a case whose setting matches a current declared interest, and no other', async () => {
			await test.db
				.insertInto('declaredInterest')
				.values({
					personId: subject.id,
					kind: 'governor',
					organisation: 'Oakfield Primary School',
					startsOn: null,
					endsOn: null,
					details: 'Parent governor'
				})
				.execute();
			await test.db
				.insertInto('declaredInterest')
				.values({
					personId: subject.id,
					kind: 'employee',
					organisation: 'Hillview Nursery',
					startsOn: null,
					endsOn: null,
					details: 'Left in 2024',
					endedAt: new Date('2025-01-01T00:00:00Z'),
					endedReason: 'Left'
				})
				.execute();
			const [c1, c2, c3] = (await recordById(test.db, firstId))!.cases;
			const review = (setting: string) => ({ supportLevel: 'Advice', setting, comment: 'Well recorded', grades });

			expect(await reviewCase(test.db, supervisor, firstId, c1!.id, review('Oakfield Primary'))).toEqual({
				ok: true,
				conflict: 'Oakfield Primary School'
			});
			expect(await reviewCase(test.db, supervisor, firstId, c2!.id, review('Hillview Nursery'))).toEqual({
				ok: true,
				conflict: null
			});
			expect(await shareRecord(test.db, supervisor, firstId)).toEqual({
				ok: false,
				message: 'Review every sampled case before sharing: 1 still to review.'
			});
			expect(await reviewCase(test.db, supervisor, firstId, c3!.id, review('Riverside Academy'))).toEqual({
				ok: true,
				conflict: null
			});

			const cases = (await recordById(test.db, firstId))!.cases;
			expect(cases.map((c) => [c.setting, c.conflict, c.grades])).toEqual([
				['Oakfield Primary', 'Oakfield Primary School', grades],
				['Hillview Nursery', null, grades],
				['Riverside Academy', null, grades]
			]);
		});

		it('refuses to review a case that belongs to another sample', async () => {
			const other = await startSample(
				test.db,
				supervisor,
				subject.id,
				{ periodFrom: '2026-02-01', periodTo: '2026-07-31', caseReferences: references(301, 3) },
				rules,
				drawnAt
			);
			if (!other.ok) throw new Error(other.message);
			const [theirs] = (await recordById(test.db, other.recordId))!.cases;
			expect(
				await reviewCase(test.db, supervisor, firstId, theirs!.id, {
					supportLevel: 'Advice',
					setting: 'None',
					comment: '',
					grades
				})
			).toEqual({ ok: false, message: 'That case is not part of this sample.' });
		});

		it('is shared once every case is reviewed, and its cases then stand as they were', async () => {
			expect(await shareRecord(test.db, supervisor, firstId)).toEqual({ ok: true });
			const [c1] = (await recordById(test.db, firstId))!.cases;
			expect(
				await reviewCase(test.db, supervisor, firstId, c1!.id, {
					supportLevel: 'Information',
					setting: 'None',
					comment: '',
					grades
				})
			).toMatchObject({ ok: false });
			await expect(
				sql`update sampled_case set comment = 'changed' where record_id = ${firstId}`.execute(test.db)
			).rejects.toThrow(/has been shared/);
			await expect(sql`delete from sampled_case where record_id = ${firstId}`.execute(test.db)).rejects.toThrow(
				/has been shared/
			);
			expect((await recordById(test.db, firstId))!.cases.map((c) => c.setting)).toEqual([
				'Oakfield Primary',
				'Hillview Nursery',
				'Riverside Academy'
			]);
		});

		it('counts its graded cases and conflicts in the review summary', async () => {
			const summary = await reviewSummary(test.db, subject.id, '2026-11-23', intervals);
			expect(summary.casework).toMatchObject({ good: 3, requiresImprovement: 0, inadequate: 0, conflicts: 1 });
			expect(summary.declarations.current).toBe(1);
		});

		it('keeps a draft sample: its draw stands, so its cases cannot be redrawn by deleting it', async () => {
			const entered = references(401, 4);
			const result = await startSample(
				test.db,
				supervisor,
				subject.id,
				{ periodFrom: '2026-01-01', periodTo: '2026-06-30', caseReferences: entered },
				rules,
				drawnAt
			);
			if (!result.ok) throw new Error(result.message);
			expect(await deleteDraft(test.db, supervisor, result.recordId)).toMatchObject({
				ok: false,
				message: expect.stringContaining('cannot be deleted')
			});
			expect(
				await test.db
					.selectFrom('sampledCase')
					.select('caseReference')
					.where('recordId', '=', result.recordId)
					.execute()
			).toHaveLength(3);
			const again = await startSample(
				test.db,
				supervisor,
				subject.id,
				{ periodFrom: '2026-01-02', periodTo: '2026-06-30', caseReferences: entered },
				rules,
				drawnAt
			);
			expect(again).toMatchObject({ ok: true, excluded: result.drawn.slice().sort() });
		});

		it('counts only reviewed cases in the review summary', async () => {
			const summary = await reviewSummary(test.db, subject.id, '2026-11-23', intervals);
			expect(summary.casework.cases).toBe(3);
		});
	});

	describe('the overview and review summary', () => {
		const now = new Date('2027-01-05T10:00:00Z');
		const dayFrom = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
		let lead: SessionPerson;

		async function heldSession(
			subjectId: string,
			heldOn: string,
			kind: 'supervision' | 'review' | 'observation' = 'supervision',
			details: Record<string, unknown> = {}
		) {
			await test.db
				.insertInto('supervisionRecord')
				.values({ kind, subjectId, authorId: lead.id, heldOn, status: 'locked', details: JSON.stringify(details) })
				.execute();
		}

		it('lists supervisees by next supervision due, the overdue first', async () => {
			lead = await person(['supervisor', 'staff']);
			const long = await person(['volunteer'], lead.id, { activatedAt: new Date('2025-01-01T09:00:00Z') });
			const recent = await person(['volunteer'], lead.id, { activatedAt: new Date('2025-01-01T09:00:00Z') });
			const slightly = await person(['volunteer'], lead.id, { activatedAt: new Date('2025-01-01T09:00:00Z') });
			const staff = await person(['staff'], lead.id, { activatedAt: new Date('2025-01-01T09:00:00Z') });
			const newcomer = await person(['volunteer'], lead.id, { activatedAt: new Date(now.getTime() - 5 * 86_400_000) });
			const gone = await person(['volunteer'], lead.id, { status: 'deactivated' });
			const someoneElses = await person(['volunteer'], supervisor.id);

			await heldSession(long.id, dayFrom(-200));
			await heldSession(long.id, dayFrom(-100));
			await heldSession(recent.id, dayFrom(-10));
			await heldSession(slightly.id, dayFrom(-70));
			await heldSession(staff.id, dayFrom(-20));
			// An observation is not a supervision session, so does not move the next one.
			await heldSession(slightly.id, dayFrom(-1), 'observation');
			await heldSession(gone.id, dayFrom(-300));
			await heldSession(someoneElses.id, dayFrom(-300));
			const withAction = await createRecord(test.db, lead, long.id, 'observation', {
				heldOn: dayFrom(-30),
				details: {},
				actions: [
					{ description: 'Overdue action', owner: 'subject', dueOn: dayFrom(-2) },
					{ description: 'Later action', owner: 'subject', dueOn: dayFrom(20) }
				]
			});
			await shareRecord(test.db, lead, withAction);

			const { people, total } = await supervisionOverview(test.db, lead, content, {}, now);
			expect(total).toBe(5);
			expect(people.map((p) => [p.name, p.lastSupervision, p.nextDue, p.overdue, p.intervalDays])).toEqual([
				[long.name, dayFrom(-100), dayFrom(-44), true, 56],
				[slightly.name, dayFrom(-70), dayFrom(-14), true, 56],
				[staff.name, dayFrom(-20), dayFrom(8), false, 28],
				[recent.name, dayFrom(-10), dayFrom(46), false, 56],
				[newcomer.name, null, dayFrom(51), false, 56]
			]);
			expect(people[0]).toMatchObject({ openActions: 2, overdueActions: 1, awaitingSignature: 1 });
			expect(people[3]).toMatchObject({ openActions: 0, overdueActions: 0, awaitingSignature: 0 });

			// The rows are kept between views: a new session still shows on the next one, and a
			// new day turns an action overdue without any change to the tables.
			await heldSession(newcomer.id, dayFrom(-1));
			expect(
				(await supervisionOverview(test.db, lead, content, {}, now)).people.find((p) => p.id === newcomer.id)
			).toMatchObject({ lastSupervision: dayFrom(-1) });
			const later = new Date(now.getTime() + 21 * 86_400_000);
			expect(
				(await supervisionOverview(test.db, lead, content, {}, later)).people.find((p) => p.id === long.id)
			).toMatchObject({ openActions: 2, overdueActions: 2 });
		});

		it('keeps each person\u2019s last supervision through sessions written, moved and deleted, and earlier records', async () => {
			const subject = await person(['volunteer'], supervisor.id);
			const kept = async () =>
				(
					await sql<{
						day: string | null;
					}>`select last_supervision_on::text as day from person where id = ${subject.id}`.execute(test.db)
				).rows[0]!.day;
			// Every person's kept day matches the one worked out from their records, after each step.
			const allAgree = async () => {
				const { rows } = await sql<{ n: string }>`
					select count(*) as n from person where last_supervision_on is distinct from last_supervision_of(id)`.execute(test.db);
				expect(Number(rows[0]!.n)).toBe(0);
			};
			const draft = async (heldOn: string, kind: 'supervision' | 'observation' = 'supervision') =>
				(
					await test.db
						.insertInto('supervisionRecord')
						.values({ kind, subjectId: subject.id, authorId: supervisor.id, heldOn, status: 'draft', details: '{}' })
						.returning('id')
						.executeTakeFirstOrThrow()
				).id;
			expect(await kept()).toBeNull();
			const first = await draft(dayFrom(-40));
			const second = await draft(dayFrom(-12));
			await draft(dayFrom(-2), 'observation');
			expect(await kept()).toBe(dayFrom(-12));
			await allAgree();
			// Moved to an earlier day, then to a later one, then deleted.
			await test.db
				.updateTable('supervisionRecord')
				.set({ heldOn: dayFrom(-50) })
				.where('id', '=', second)
				.execute();
			expect(await kept()).toBe(dayFrom(-40));
			await test.db
				.updateTable('supervisionRecord')
				.set({ heldOn: dayFrom(-5) })
				.where('id', '=', second)
				.execute();
			expect(await kept()).toBe(dayFrom(-5));
			await test.db.deleteFrom('supervisionRecord').where('id', '=', second).execute();
			expect(await kept()).toBe(dayFrom(-40));
			await allAgree();
			// A supervision from the service's earlier records counts as one held that day.
			await test.db
				.insertInto('earlierRecord')
				.values({ personId: subject.id, kind: 'supervision', happenedOn: dayFrom(-20), enteredBy: supervisor.id })
				.execute();
			expect(await kept()).toBe(dayFrom(-20));
			await test.db.deleteFrom('earlierRecord').where('personId', '=', subject.id).execute();
			expect(await kept()).toBe(dayFrom(-40));
			await test.db.deleteFrom('supervisionRecord').where('id', '=', first).execute();
			expect(await kept()).toBeNull();
			await allAgree();
			// Its supervisor's list reads the kept day.
			await draft(dayFrom(-3));
			expect(
				(await supervisionOverview(test.db, supervisor, content, {}, now)).people.find((p) => p.id === subject.id)
			).toMatchObject({ lastSupervision: dayFrom(-3) });
		});

		it('shows a coordinator everyone who has supervision, whoever supervises them', async () => {
			const coordinator = await person(['coordinator']);
			const unsupervised = await person(['volunteer']);
			const steering = await person(['steering'], lead.id);
			const gone = await person(['staff'], lead.id, { status: 'deactivated' });
			const { people, total } = await supervisionOverview(test.db, coordinator, content, { everyone: true }, now);
			const ids = people.map((p) => p.id);
			expect(ids).toContain(unsupervised.id);
			expect(ids).toContain(supervisor.id);
			expect(ids).not.toContain(coordinator.id);
			expect(ids).not.toContain(steering.id);
			expect(ids).not.toContain(gone.id);
			expect(total).toBe(people.length);
			expect(people.map((p) => p.nextDue ?? '9999')).toEqual(people.map((p) => p.nextDue ?? '9999').sort());
			expect((await supervisionOverview(test.db, coordinator, content, {}, now)).people).toEqual([]);
		});

		it('rates each person by the rules the compliance page and the register count by', async () => {
			const real = loadContent();
			const policyIds = await registerPolicyVersions(test.db, real.policies);
			const withPolicies = { policies: real.policies, service };
			const timing = service.policyTiming;
			const crew = await person(['supervisor', 'staff']);
			const long = new Date('2024-06-03T09:00:00Z');
			const days = (n: number) => new Date(now.getTime() + n * 86_400_000);
			const acknowledge = async (personId: string, slug: string, version: number, at: Date) => {
				const v = real.policyBySlug.get(slug)!.versions.find((x) => x.version === version)!;
				await test.db
					.insertInto('policyAcknowledgement')
					.values({
						personId,
						policyVersionId: policyIds.get(v.hash)!,
						slug,
						version,
						contentHash: v.hash,
						acknowledgedAt: at,
						method: 'self'
					})
					.execute();
			};
			const latest = (slug: string) => real.policyBySlug.get(slug)!.versions.at(-1)!.version;
			// Every mix of: roles (an editor has neither policies nor declarations), joining long ago
			// or days ago, each policy never acknowledged, on an earlier major version or on the
			// latest, and a declaration return never made, a year ago, nearly a year ago, recently,
			// or recently with an interest declared since.
			const roleMixes: Role[][] = [['volunteer'], ['staff', 'steering'], ['editor'], ['volunteer', 'editor']];
			const acknowledgements = ['never', 'earlier', 'latest'] as const;
			const returns = ['never', 'year', 'nearly', 'recent', 'changed'] as const;
			const people: SessionPerson[] = [];
			let n = 0;
			for (const roles of roleMixes)
				for (const joined of [long, days(-5)])
					for (const impartiality of acknowledgements)
						for (const declared of returns) {
							const confidentiality = acknowledgements[n++ % acknowledgements.length]!;
							const someone = await person(roles, crew.id, { activatedAt: joined });
							people.push(someone);
							for (const [slug, state] of [
								['impartiality-policy', impartiality],
								['confidentiality-policy', confidentiality]
							] as const) {
								if (state === 'earlier') await acknowledge(someone.id, slug, latest(slug) - 1, days(-60));
								if (state === 'latest') await acknowledge(someone.id, slug, latest(slug), days(-20));
							}
							const made = { year: -380, nearly: -350, recent: -40, changed: -40, never: null }[declared];
							if (made !== null)
								await test.db
									.insertInto('declarationReturn')
									.values({ personId: someone.id, madeAt: days(made), nil: true, interests: 0 })
									.execute();
							if (declared === 'changed')
								await test.db
									.insertInto('declaredInterest')
									.values({
										personId: someone.id,
										kind: interestKinds[0],
										organisation: 'A local school',
										details: 'Governor',
										declaredAt: days(-10)
									})
									.execute();
						}
			const rated = new Map<string, { policyStatus: string; declarationStatus: string }>();
			for (let page = 1; rated.size < people.length; page++) {
				const result = await supervisionOverview(test.db, crew, withPolicies, { page }, now);
				expect(result.people.length).toBeGreaterThan(0);
				for (const p of result.people) rated.set(p.id, p);
			}
			const worstOf = (statuses: string[]) =>
				(['overdue', 'due', 'acknowledged'] as const).find((s) => statuses.includes(s)) ?? 'not-applicable';
			for (const someone of people) {
				const policies = await policiesFor(test.db, someone, real.policies, timing, now);
				const { rows } = await sql<{ joined: Date; lastReturn: Date | null; lastChange: Date | null }>`
					select coalesce(activated_at, created_at) as joined,
						(select max(made_at) from declaration_return where person_id = p.id) as last_return,
						(select max(declared_at) from declared_interest where person_id = p.id) as last_change
					from person p where id = ${someone.id}`.execute(test.db);
				const { joined, lastReturn, lastChange } = rows[0]!;
				expect(rated.get(someone.id), someone.roles.join(' ')).toEqual(
					expect.objectContaining({
						policyStatus: worstOf(policies.map((p) => p.due.status)),
						declarationStatus: someone.roles.some((r) => declarantRoles.includes(r))
							? declarationDue(joined, lastReturn, lastChange, now).status
							: 'not-applicable'
					})
				);
			}
			// Every state was met on both sides.
			const seen = [...rated.values()];
			for (const state of ['overdue', 'due', 'acknowledged', 'not-applicable']) {
				expect(seen.some((p) => p.policyStatus === state)).toBe(true);
				expect(seen.some((p) => p.declarationStatus === state)).toBe(true);
			}
		});

		it('counts everyone afresh once anyone joins, leaves or changes roles, though the count is kept', async () => {
			const coordinator = await person(['coordinator']);
			const total = async () =>
				(await supervisionOverview(test.db, coordinator, content, { everyone: true }, now)).total;
			const before = await total();
			expect(before).toBeGreaterThan(0);
			// Read again with nothing changed, it is the kept count.
			expect(await total()).toBe(before);
			const { rows } = await sql<{ n: number }>`select count(*)::int as n from report_standing`.execute(test.db);
			expect(rows[0]!.n).toBeGreaterThan(0);
			const newcomer = await person(['volunteer'], null, { status: 'invited' });
			expect(await total()).toBe(before);
			await test.db
				.updateTable('person')
				.set({ status: 'active', activatedAt: now })
				.where('id', '=', newcomer.id)
				.execute();
			expect(await total()).toBe(before + 1);
			// Only roles with no interval (the steering group's) take them off the list.
			await test.db
				.updateTable('person')
				.set({ roles: ['steering'] })
				.where('id', '=', newcomer.id)
				.execute();
			expect(await total()).toBe(before);
			await test.db
				.updateTable('person')
				.set({ roles: ['steering', 'staff'] })
				.where('id', '=', newcomer.id)
				.execute();
			expect(await total()).toBe(before + 1);
			await test.db.updateTable('person').set({ status: 'deactivated' }).where('id', '=', newcomer.id).execute();
			expect(await total()).toBe(before);
			await test.db.deleteFrom('person').where('id', '=', newcomer.id).execute();
			expect(await total()).toBe(before);
			// A role with no interval of its own (the supervisor's, in this service) takes no one off.
			await person(['supervisor', 'volunteer']);
			expect(await total()).toBe(before + 1);
		});

		it('pages through everyone in the order worked out afresh for each person', async () => {
			// Roles with different intervals and none, people with and without a session, sessions
			// on the same day, and sixty newcomers who joined on one day (some just after midnight
			// there, late the evening before in UTC), named in the reverse of the order they joined,
			// so a page that followed joining times instead of names would differ.
			const coordinator = await person(['coordinator']);
			const crew = await person(['supervisor', 'staff']);
			const mixes: Role[][] = [['volunteer'], ['staff'], ['supervisor', 'staff'], ['volunteer', 'staff'], ['steering']];
			const held = (subjectId: string, heldOn: string) =>
				test.db
					.insertInto('supervisionRecord')
					.values({ kind: 'supervision', subjectId, authorId: crew.id, heldOn, status: 'locked', details: '{}' })
					.execute();
			for (let i = 0; i < 60; i++) {
				const joinedAt = new Date(Date.UTC(2026, 5, 10, 23, 5 + i));
				const row = await test.db
					.insertInto('person')
					.values({
						email: `joined${i}@example.org`,
						name: `Joined ${String(99 - i).padStart(2, '0')}`,
						roles: ['volunteer'],
						status: 'active',
						supervisorId: crew.id,
						activatedAt: joinedAt
					})
					.returning('id')
					.executeTakeFirstOrThrow();
				if (i % 7 === 0) await held(row.id, dayFrom(-(i % 3) * 10 - 30));
			}
			for (let i = 0; i < 50; i++) {
				const someone = await person(mixes[i % mixes.length]!, crew.id, {
					activatedAt: new Date(Date.UTC(2025, i % 12, 1 + (i % 27), 8 + (i % 14)))
				});
				if (i % 3) await held(someone.id, dayFrom(-((i * 13) % 90)));
			}
			// Someone with no role at all has no interval either.
			await person([], crew.id);
			const intervalOf = (roles: Role[]) => {
				const days = roles.map((r) => (intervals as Partial<Record<Role, number>>)[r]).filter((d) => d !== undefined);
				return days.length ? Math.min(...days) : null;
			};
			const addDays = (day: string, n: number) =>
				new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
			const { rows } = await sql<{
				id: string;
				name: string;
				roles: Role[];
				supervisorId: string | null;
				joined: Date;
				last: string | null;
			}>`select id, name, roles, supervisor_id, coalesce(activated_at, created_at) as joined, last_supervision_of(id)::text as last
				from person where status = 'active'`.execute(test.db);
			const byDue = (a: { due: string | null; name: string; id: string }, b: typeof a) =>
				(a.due ?? '9999') < (b.due ?? '9999')
					? -1
					: (a.due ?? '9999') > (b.due ?? '9999')
						? 1
						: a.name < b.name
							? -1
							: a.name > b.name
								? 1
								: a.id < b.id
									? -1
									: 1;
			const afresh = rows.map((r) => {
				const days = intervalOf(r.roles);
				const from = r.last ?? serviceDay(new Date(r.joined));
				return { ...r, due: days === null ? null : addDays(from, days) };
			});
			const read = async (viewer: SessionPerson, everyone: boolean) => {
				const pages = [];
				for (let page = 1; ; page++) {
					const result = await supervisionOverview(test.db, viewer, content, { everyone, page }, now);
					pages.push(...result.people.map((p) => ({ id: p.id, due: p.nextDue })));
					if (page * result.pageSize >= result.total) return { pages, total: result.total };
				}
			};
			const everyone = afresh.filter((r) => r.due !== null).sort(byDue);
			expect(await read(coordinator, true)).toEqual({
				pages: everyone.map((r) => ({ id: r.id, due: r.due })),
				total: everyone.length
			});
			const crews = afresh.filter((r) => r.supervisorId === crew.id).sort(byDue);
			expect(crews.length).toBeGreaterThan(100);
			expect(await read(crew, false)).toEqual({
				pages: crews.map((r) => ({ id: r.id, due: r.due })),
				total: crews.length
			});
		});

		it("has an index of each role's supervised people, so a rare role's walk reads only its own", async () => {
			// The migration lists the roles by hand: a role added to the service without its index
			// would make everyone's list walk past every other role's people to find its own.
			const { rows } = await sql<{ name: string; definition: string }>`
				select indexname as name, indexdef as definition from pg_indexes
				where tablename = 'person' and indexname like 'person_supervised%'`.execute(test.db);
			expect(rows.map((r) => r.name).sort()).toEqual(allRoles.map((r) => `person_supervised_${r}_idx`).sort());
			for (const role of allRoles) {
				const index = rows.find((r) => r.name === `person_supervised_${role}_idx`)!;
				expect(index.definition).toContain(`roles @> '{${role}}'::text[]`);
				expect(index.definition).toContain('(last_supervision_on, name, id)');
			}
		});

		it('counts the sessions held since the last performance review', async () => {
			const subject = await person(['volunteer'], lead.id, { activatedAt: new Date('2025-06-01T09:00:00Z') });
			await heldSession(subject.id, '2026-02-01');
			await heldSession(subject.id, '2026-03-01', 'review');
			await heldSession(subject.id, '2026-03-01');
			await heldSession(subject.id, '2026-05-01');
			await heldSession(subject.id, '2026-08-01');
			await heldSession(subject.id, '2026-12-01');
			await heldSession(subject.id, '2026-06-01', 'observation', {
				criteria: [
					{ criterion: 'a', grade: 'good', evidence: 'x' },
					{ criterion: 'b', grade: 'inadequate', evidence: 'y' }
				]
			});

			const summary = await reviewSummary(test.db, subject.id, '2026-11-23', intervals);
			expect(summary).toMatchObject({
				since: '2026-03-01',
				until: '2026-11-23',
				supervision: { held: 3, expected: Math.floor(267 / 56), intervalDays: 56 },
				observations: { count: 1, good: 1, requiresImprovement: 0, inadequate: 1 },
				casework: { cases: 0, conflicts: 0 },
				declarations: { current: 0, lastReturn: null }
			});

			const newcomer = await person(['volunteer'], lead.id, { activatedAt: new Date('2026-09-01T09:00:00Z') });
			await heldSession(newcomer.id, '2026-10-01');
			expect(await reviewSummary(test.db, newcomer.id, '2026-11-23', intervals)).toMatchObject({
				since: '2026-09-01',
				supervision: { held: 1, expected: 1 }
			});
		});
	});
});
