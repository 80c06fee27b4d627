import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import type { SessionPerson } from '../auth/sessions';
import type { Role } from '../db/schema';
import {
	addAddendum,
	commentOnRecord,
	createRecord,
	reviewCase,
	shareRecord,
	signRecord,
	startSample
} from '../supervision';
import { declareInterest, endInterest, makeReturn } from '../declarations';
import { personalRecord, recordCsv, recordFileName, recordRecordProduced, type PersonalRecord } from './index';

const content = {
	quizBySlug: new Map([['impartiality-basics', { title: 'Impartiality basics' }]]),
	courseBySlug: new Map([['ips-course', { title: 'IPS Level 1' }]])
};
const rules = { sampleSize: 2, resampleAfterMonths: 12 };
const session = {
	minutes: 60,
	format: 'one-to-one',
	agenda: 'Caseload',
	discussion: 'Talked through NS-2026-0142.',
	impartiality: 'Set out the options, did not rank the schools.',
	wellbeing: 'Fine.',
	trainingNeeds: ''
};
const draftText = 'Only in the draft: not yet shared';
const formula = '=HYPERLINK("http://evil.example","click")';

/** Rows of a CSV as a spreadsheet reads them: quoted cells may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i]!;
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (ch === '"') quoted = false;
			else cell += ch;
		} else if (ch === '"') quoted = true;
		else if (ch === ',') {
			row.push(cell);
			cell = '';
		} else if (ch === '\r' && text[i + 1] === '\n') {
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
			i++;
		} else cell += ch;
	}
	return rows;
}

describe.each(testDatabaseKinds)('personal records on %s', (kind) => {
	let test: TestDatabase;
	let seq = 0;
	let coordinator: SessionPerson;
	let supervisor: SessionPerson;
	let subject: SessionPerson;
	let lockedId: string;
	let draftId: string;
	let sampleId: string;
	let record: PersonalRecord;

	async function person(name: string, roles: Role[], supervisorId: string | null = null): Promise<SessionPerson> {
		const email = `p${++seq}@example.org`;
		const { id } = await test.db
			.insertInto('person')
			.values({ email, name, roles, status: 'active', supervisorId, activatedAt: new Date('2026-01-05T09:00:00Z') })
			.returning('id')
			.executeTakeFirstOrThrow();
		return { id, name, email, roles, supervisorId };
	}

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		const db = test.db;
		coordinator = await person('Priya Coordinator', ['coordinator', 'staff']);
		supervisor = await person('Gareth Supervisor', ['supervisor', 'staff']);
		subject = await person("Zoë O'Brien", ['volunteer'], supervisor.id);
		const someoneElse = await person('Someone Else', ['volunteer'], supervisor.id);

		// A module completed on its second version, and someone else's completion that must not show.
		const { id: moduleVersionId } = await db
			.insertInto('moduleVersion')
			.values({
				slug: 'what-impartiality-means',
				version: 2,
				contentHash: 'hash-m2',
				title: 'What impartiality means',
				markdown: '# What impartiality means'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await db
			.insertInto('moduleCompletion')
			.values({ personId: subject.id, moduleVersionId, completedAt: new Date('2026-02-01T10:00:00Z'), method: 'quiz' })
			.execute();
		await db
			.insertInto('moduleCompletion')
			.values({ personId: someoneElse.id, moduleVersionId, method: 'read' })
			.execute();

		const { id: quizVersionId } = await db
			.insertInto('quizVersion')
			.values({ slug: 'impartiality-basics', version: 3, contentHash: 'hash-q3' })
			.returning('id')
			.executeTakeFirstOrThrow();
		await db
			.insertInto('quizAttempt')
			.values({
				personId: subject.id,
				quizSlug: 'impartiality-basics',
				quizVersionId,
				steps: '[]',
				startedAt: new Date('2026-02-01T09:40:00Z'),
				submittedAt: new Date('2026-02-01T10:00:00Z'),
				score: 80,
				passed: true
			})
			.execute();

		const { id: policyVersionId } = await db
			.insertInto('policyVersion')
			.values({
				slug: 'impartiality-policy',
				version: 3,
				contentHash: 'hash-p3',
				title: 'Impartiality Policy',
				major: true,
				effective: '2026-04-01',
				markdown: 'Policy'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await db
			.insertInto('policyAcknowledgement')
			.values({
				personId: subject.id,
				policyVersionId,
				slug: 'impartiality-policy',
				version: 3,
				contentHash: 'hash-p3',
				acknowledgedAt: new Date('2026-04-10T12:00:00Z'),
				method: 'recorded',
				recordedBy: coordinator.id,
				remark: 'Paper copy signed'
			})
			.execute();

		const { id: cohortId } = await db
			.insertInto('cohort')
			.values({
				courseSlug: 'ips-course',
				title: 'Spring 2026',
				capacity: 8,
				registrationOpens: '2026-01-01',
				registrationCloses: '2026-02-01',
				createdBy: coordinator.id
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const { id: sessionId } = await db
			.insertInto('cohortSession')
			.values({
				cohortId,
				position: 1,
				startsAt: new Date('2026-03-02T09:30:00Z'),
				endsAt: new Date('2026-03-02T12:30:00Z'),
				venue: 'Family Centre'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await db.insertInto('coursePlace').values({ cohortId, personId: subject.id, status: 'booked' }).execute();
		await db
			.insertInto('sessionAttendance')
			.values({ sessionId, personId: subject.id, mark: 'attended', markedBy: coordinator.id })
			.execute();
		await db
			.insertInto('courseCompletion')
			.values({
				personId: subject.id,
				courseSlug: 'ips-course',
				cohortId,
				completedAt: new Date('2026-03-02T13:00:00Z')
			})
			.execute();

		const ended = await declareInterest(db, subject, {
			kind: 'governor',
			organisation: 'Hillside Primary School',
			startsOn: '2024-09-01',
			endsOn: null,
			details: ''
		});
		await endInterest(db, subject, ended, 'Stood down in July');
		await declareInterest(db, subject, {
			kind: 'family-or-friend',
			organisation: 'Oakwood Academy',
			startsOn: null,
			endsOn: null,
			details: 'My sister works there'
		});
		await makeReturn(db, subject);

		// A session shared, commented on, signed off and corrected; a sample shared; a draft never shared.
		lockedId = await createRecord(db, supervisor, subject.id, 'supervision', {
			heldOn: '2026-03-10',
			details: session,
			actions: [{ description: 'Read chapter 9', owner: 'subject', dueOn: '2026-04-10' }]
		});
		await shareRecord(db, supervisor, lockedId);
		await commentOnRecord(db, subject, lockedId, formula);
		await signRecord(db, subject, lockedId);
		await addAddendum(db, supervisor, lockedId, 'Correction: the session lasted 45 minutes.');
		const drawn = await startSample(
			db,
			supervisor,
			subject.id,
			{
				periodFrom: '2026-01-01',
				periodTo: '2026-03-01',
				caseReferences: ['NS-2026-0101', 'NS-2026-0102', 'NS-2026-0103']
			},
			rules,
			new Date('2026-03-05T10:00:00Z')
		);
		if (!drawn.ok) throw new Error(drawn.message);
		sampleId = drawn.recordId;
		const cases = await db.selectFrom('sampledCase').select('id').where('recordId', '=', sampleId).execute();
		for (const c of cases)
			await reviewCase(db, supervisor, sampleId, c.id, {
				supportLevel: 'Advice',
				setting: 'Hillcrest Academy',
				comment: 'Options set out.',
				grades: [{ criterion: 'Impartiality stated', grade: 'good', evidence: '' }]
			});
		await shareRecord(db, supervisor, sampleId);
		draftId = await createRecord(db, supervisor, subject.id, 'review', {
			heldOn: '2026-03-20',
			details: { objectivesReviewed: draftText, objectivesSet: '', developmentPlan: '' },
			actions: []
		});

		record = (await personalRecord(db, subject.id, content, new Date('2026-05-01T08:00:00Z')))!;
	});
	afterAll(() => test.close());

	it('holds the modules, quizzes, acknowledgements and courses of that person and no one else', () => {
		expect(record.person).toMatchObject({
			id: subject.id,
			name: "Zoë O'Brien",
			supervisorName: 'Gareth Supervisor',
			roles: ['volunteer'],
			status: 'active'
		});
		expect(record.modules).toEqual([
			{
				slug: 'what-impartiality-means',
				title: 'What impartiality means',
				version: 2,
				completedAt: '2026-02-01T10:00:00+00:00',
				method: 'quiz'
			}
		]);
		expect(record.quizzes).toEqual([
			{
				slug: 'impartiality-basics',
				title: 'Impartiality basics',
				version: 3,
				startedAt: '2026-02-01T09:40:00+00:00',
				submittedAt: '2026-02-01T10:00:00+00:00',
				score: 80,
				passed: true
			}
		]);
		expect(record.acknowledgements).toEqual([
			{
				slug: 'impartiality-policy',
				title: 'Impartiality Policy',
				version: 3,
				acknowledgedAt: '2026-04-10T13:00:00+01:00',
				method: 'recorded',
				recordedByName: 'Priya Coordinator',
				remark: 'Paper copy signed'
			}
		]);
		expect(record.courses.completions).toEqual([
			{
				courseSlug: 'ips-course',
				title: 'IPS Level 1',
				cohortTitle: 'Spring 2026',
				completedAt: '2026-03-02T13:00:00+00:00'
			}
		]);
		expect(record.courses.places).toMatchObject([
			{ title: 'IPS Level 1', cohortTitle: 'Spring 2026', status: 'booked' }
		]);
		expect(record.courses.attendance).toEqual([
			{
				courseSlug: 'ips-course',
				title: 'IPS Level 1',
				cohortTitle: 'Spring 2026',
				session: 1,
				startsAt: '2026-03-02T09:30:00+00:00',
				venue: 'Family Centre',
				mark: 'attended'
			}
		]);
	});

	it('holds every declaration, ended ones included, and every return', () => {
		expect(record.declarations.interests.map((i) => [i.organisation, i.startsOn, i.endedReason])).toEqual([
			['Oakwood Academy', null, null],
			['Hillside Primary School', '2024-09-01', 'Stood down in July']
		]);
		expect(record.declarations.interests[1]!.endedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
		expect(record.declarations.returns).toEqual([
			{ madeAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), nil: false, interests: 1 }
		]);
	});

	it('holds the supervision records shared with them, whole, and never a draft', () => {
		expect(record.supervision.map((s) => s.id).sort()).toEqual([lockedId, sampleId].sort());
		expect(record.supervision.map((s) => s.id)).not.toContain(draftId);
		expect(JSON.stringify(record)).not.toContain(draftText);
		const locked = record.supervision.find((s) => s.id === lockedId)!;
		expect(locked).toMatchObject({
			kind: 'supervision',
			heldOn: '2026-03-10',
			status: 'locked',
			authorName: 'Gareth Supervisor'
		});
		expect(locked.fields).toContainEqual({ label: 'Discussion', value: 'Talked through NS-2026-0142.' });
		expect(locked.fields).toContainEqual({ label: 'Format', value: 'One-to-one' });
		expect(locked.comments.map((n) => [n.body, n.authorName])).toEqual([[formula, "Zoë O'Brien"]]);
		expect(locked.addenda.map((n) => [n.body, n.authorName])).toEqual([
			['Correction: the session lasted 45 minutes.', 'Gareth Supervisor']
		]);
		expect(locked.actions).toEqual([
			{ description: 'Read chapter 9', ownerName: "Zoë O'Brien", dueOn: '2026-04-10', closedAt: null }
		]);
		const sample = record.supervision.find((s) => s.id === sampleId)!;
		expect(sample).toMatchObject({
			kind: 'sample',
			status: 'shared',
			sample: { periodFrom: '2026-01-01', periodTo: '2026-03-01' }
		});
		expect(sample.cases).toHaveLength(2);
		for (const c of sample.cases) {
			expect(c.caseReference).toMatch(/^NS-2026-010[123]$/);
			expect(c).toMatchObject({
				supportLevel: 'Advice',
				setting: 'Hillcrest Academy',
				comment: 'Options set out.',
				grades: [{ criterion: 'Impartiality stated', grade: 'good' }]
			});
		}
	});

	it('is plain data: what JSON carries is the record itself', () => {
		expect(JSON.parse(JSON.stringify(record))).toEqual(record);
		expect(record.producedAt).toBe('2026-05-01T09:00:00+01:00');
	});

	it('reads a record written by an older form, with fields missing and a grade it does not know, without failing', async () => {
		const worker = await person('Older Form', ['staff'], supervisor.id);
		const details = {
			setting: 'phone',
			criteria: [
				{ criterion: 'Sets out the options', grade: 'brilliant' },
				{ criterion: 'Records factually', grade: 'toString' },
				'not a rating'
			]
		};
		await test.db
			.insertInto('supervisionRecord')
			.values({
				kind: 'observation',
				subjectId: worker.id,
				authorId: null,
				heldOn: '2025-06-01',
				status: 'locked',
				details: JSON.stringify(details)
			})
			.execute();
		const older = (await personalRecord(test.db, worker.id, content))!;
		expect(older.supervision).toHaveLength(1);
		expect(older.supervision[0]).toMatchObject({
			authorName: null,
			fields: [
				{ label: 'Setting', value: 'Phone call' },
				{ label: 'What was observed', value: '' },
				{ label: 'Overall feedback', value: '' }
			],
			criteria: [
				{ criterion: 'Sets out the options', grade: 'not-applicable', evidence: '' },
				{ criterion: 'Records factually', grade: 'not-applicable', evidence: '' }
			]
		});
		expect(parseCsv(recordCsv(older)).filter((r) => r[0] === 'Supervision record')).toContainEqual([
			'Supervision record',
			'2025-06-01',
			'Observation of practice: Status',
			'Signed off; written by a former member of the service'
		]);
	});

	it('is nothing for someone who does not exist', async () => {
		expect(await personalRecord(test.db, '00000000-0000-4000-8000-000000000000', content)).toBeNull();
	});

	it('makes a CSV with a row for every item, safe to open in a spreadsheet', () => {
		const locked = () => record.supervision.find((s) => s.id === lockedId)!;
		const csv = recordCsv(record);
		const rows = parseCsv(csv);
		expect(rows[0]).toEqual(['Section', 'Date', 'Item', 'Detail']);
		expect(rows.every((r) => r.length === 4)).toBe(true);
		const section = (name: string) => rows.filter((r) => r[0] === name);
		expect(section('Module completed')).toEqual([
			['Module completed', '2026-02-01T10:00:00+00:00', 'What impartiality means (version 2)', 'Passed the quiz']
		]);
		expect(section('Quiz attempt')).toEqual([
			['Quiz attempt', '2026-02-01T10:00:00+00:00', 'Impartiality basics (version 3)', '80%, passed']
		]);
		expect(section('Policy acknowledgement')).toEqual([
			[
				'Policy acknowledgement',
				'2026-04-10T13:00:00+01:00',
				'Impartiality Policy (version 3)',
				'Recorded by Priya Coordinator: Paper copy signed'
			]
		]);
		expect(section('Course completed')).toHaveLength(1);
		expect(section('Course place')).toHaveLength(1);
		expect(section('Course session')).toEqual([
			['Course session', '2026-03-02T09:30:00+00:00', 'IPS Level 1, Spring 2026, session 1', 'Attended']
		]);
		expect(section('Declared interest').map((r) => r[2])).toEqual([
			'Family member or friend connected with a school, setting or case: Oakwood Academy',
			'School or college governor: Hillside Primary School'
		]);
		expect(section('Declaration return')).toHaveLength(1);
		const supervision = section('Supervision record');
		expect(supervision).toContainEqual([
			'Supervision record',
			'2026-03-10',
			'Supervision session: Discussion',
			'Talked through NS-2026-0142.'
		]);
		// Comments and addenda are dated when they were written, not when the session was held.
		expect(supervision).toContainEqual([
			'Supervision record',
			locked().addenda[0]!.createdAt,
			'Supervision session: Addendum by Gareth Supervisor',
			'Correction: the session lasted 45 minutes.'
		]);
		expect(supervision.filter((r) => r[2]!.startsWith('Casework sample: Case NS-2026-010'))).toHaveLength(2);
		expect(supervision.filter((r) => r[2] === 'Supervision session: Agreed action')).toHaveLength(1);
		expect(csv).not.toContain(draftText);
		// The comment starting with "=" reaches the spreadsheet as text, not as a formula.
		const comment = supervision.find((r) => r[2] === "Supervision session: Comment by Zoë O'Brien")!;
		expect(comment[3]).toBe(`'${formula}`);
		expect(rows.some((r) => r.some((cell) => /^[=+\-@]/.test(cell)))).toBe(false);
	});

	it('names a download after the person and the day, in plain characters', () => {
		expect(recordFileName(record, 'csv')).toBe('record-zoe-o-brien-2026-05-01.csv');
		expect(recordFileName({ ...record, person: { ...record.person, name: '"; rm -rf /' } }, 'json')).toBe(
			'record-rm-rf-2026-05-01.json'
		);
	});

	it("audits a coordinator producing someone else's record, and not someone reading their own", async () => {
		await recordRecordProduced(test.db, coordinator, subject.id, 'viewed');
		await recordRecordProduced(test.db, coordinator, subject.id, { exported: 'csv' });
		await recordRecordProduced(test.db, subject, subject.id, { exported: 'json' });
		const events = await test.db
			.selectFrom('auditEvent')
			.select(['action', 'actorId', 'recordType', 'detail'])
			.where('recordId', '=', subject.id)
			.where('action', 'like', 'record.%')
			.orderBy('id')
			.execute();
		expect(events).toEqual([
			{ action: 'record.viewed', actorId: coordinator.id, recordType: 'person', detail: {} },
			{ action: 'record.exported', actorId: coordinator.id, recordType: 'person', detail: { format: 'csv' } }
		]);
	});
});
