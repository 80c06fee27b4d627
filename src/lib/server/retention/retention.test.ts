import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import type { NewPerson } from '../db/schema';
import { defaultRetention } from '../content/service';
import { anonymisedName, runRetention, type RetentionCounts } from './index';

// The fake clock: every date below is counted back from it.
const now = new Date('2026-11-23T12:00:00Z');
const day = 24 * 60 * 60 * 1000;
const yearsAgo = (years: number, days = 0) => {
	const d = new Date(now);
	d.setUTCFullYear(d.getUTCFullYear() - years);
	return new Date(d.getTime() - days * day);
};
const json = (value: unknown) => JSON.stringify(value);

const nothing: RetentionCounts = {
	supervisionRecords: 0,
	recordNotes: 0,
	agreedActions: 0,
	caseworkSamples: 0,
	sampledCases: 0,
	quizAttempts: 0,
	quizAnswers: 0,
	auditEvents: 0,
	peopleAnonymised: 0,
	auditEntriesRedacted: 0
};
const expected: RetentionCounts = {
	supervisionRecords: 2,
	recordNotes: 2,
	agreedActions: 1,
	caseworkSamples: 1,
	sampledCases: 2,
	quizAttempts: 2,
	quizAnswers: 3,
	auditEvents: 3,
	peopleAnonymised: 1,
	auditEntriesRedacted: 2
};

describe.each(testDatabaseKinds)('retention on %s', (kind) => {
	let test: TestDatabase;
	const ids = {} as Record<'leaver' | 'recentLeaver' | 'active' | 'supervisor', string>;
	const kept = {} as { leaverRecords: string[]; recentLeaverRecord: string; activeRecord: string; oldAttempt: string; leaverAttempt: string; recentAttempt: string };

	/** Every row of every table retention may touch, so a run can be compared with what was there. */
	async function snapshot() {
		const db = test.db;
		const [people, records, notes, actions, samples, cases, attempts, answers, audit, completions, acknowledgements] = await Promise.all([
			db.selectFrom('person').select(['id', 'name', 'email', 'passwordHash', 'status']).orderBy('id').execute(),
			db.selectFrom('supervisionRecord').select(['id', 'subjectId', 'status']).orderBy('id').execute(),
			db.selectFrom('recordNote').select(['id', 'recordId']).orderBy('id').execute(),
			db.selectFrom('agreedAction').select(['id', 'recordId']).orderBy('id').execute(),
			db.selectFrom('caseworkSample').select('recordId').orderBy('recordId').execute(),
			db.selectFrom('sampledCase').select(['id', 'recordId']).orderBy('id').execute(),
			db.selectFrom('quizAttempt').select(['id', 'personId']).orderBy('id').execute(),
			db.selectFrom('quizAnswer').select(['attemptId', 'stepId']).orderBy('attemptId').orderBy('stepId').execute(),
			db.selectFrom('auditEvent').select(['id', 'action', 'detail']).orderBy('id').execute(),
			db.selectFrom('moduleCompletion').select('id').orderBy('id').execute(),
			db.selectFrom('policyAcknowledgement').select('id').orderBy('id').execute()
		]);
		return { people, records, notes, actions, samples, cases, attempts, answers, audit, completions, acknowledgements };
	}

	/** What the service reports on: people joined, modules completed and policies acknowledged, by year. */
	async function yearlyCounts() {
		const byYear = (table: 'person' | 'module_completion' | 'policy_acknowledgement', column: string) =>
			sql<{ year: number; n: number }>`select extract(year from ${sql.ref(column)})::int as year, count(*)::int as n from ${sql.table(table)} group by 1 order by 1`
				.execute(test.db)
				.then((r) => r.rows);
		return {
			people: await byYear('person', 'created_at'),
			completions: await byYear('module_completion', 'completed_at'),
			acknowledgements: await byYear('policy_acknowledgement', 'acknowledged_at')
		};
	}

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		const db = test.db;
		const person = (name: string, email: string, values: Partial<NewPerson>) =>
			db
				.insertInto('person')
				.values({ name, email, roles: ['volunteer'], status: 'active', passwordHash: '$argon2id$fake', ...values })
				.returning('id')
				.executeTakeFirstOrThrow()
				.then((r) => r.id);
		ids.supervisor = await person('Sam Supervisor', 'sam@example.org', { roles: ['supervisor'], createdAt: yearsAgo(12) });
		ids.leaver = await person('Lee Leaver', 'Lee.Leaver@example.org', { supervisorId: ids.supervisor, createdAt: yearsAgo(10), status: 'deactivated', deactivatedAt: yearsAgo(7) });
		ids.recentLeaver = await person('Rae Recent', 'rae@example.org', { supervisorId: ids.supervisor, createdAt: yearsAgo(5), status: 'deactivated', deactivatedAt: yearsAgo(2) });
		ids.active = await person('Ash Active', 'ash@example.org', { supervisorId: ids.supervisor, createdAt: yearsAgo(9) });

		const record = (subjectId: string, kind: 'supervision' | 'sample', status: 'draft' | 'shared' | 'locked', heldOn: Date) =>
			db
				.insertInto('supervisionRecord')
				.values({ kind, subjectId, authorId: ids.supervisor, heldOn: heldOn.toISOString().slice(0, 10), status, details: json({ discussion: 'Kept to the options.' }), createdAt: heldOn, updatedAt: heldOn })
				.returning('id')
				.executeTakeFirstOrThrow()
				.then((r) => r.id);
		// The leaver's records: a signed-off session with an addendum, a comment and an agreed action,
		// and a shared casework sample with two reviewed cases. All are guarded against change.
		const session = await record(ids.leaver, 'supervision', 'locked', yearsAgo(8));
		const sample = await record(ids.leaver, 'sample', 'shared', yearsAgo(7, 30));
		kept.leaverRecords = [session, sample];
		await db
			.insertInto('recordNote')
			.values([
				{ recordId: session, authorId: ids.leaver, kind: 'comment', body: 'Agreed.' },
				{ recordId: session, authorId: ids.supervisor, kind: 'addendum', body: 'Correction.' }
			])
			.execute();
		await db.insertInto('agreedAction').values({ recordId: session, subjectId: ids.leaver, ownerId: ids.leaver, description: 'Read the SEND Code of Practice', dueOn: '2019-12-01' }).execute();
		await db
			.insertInto('caseworkSample')
			.values({ recordId: sample, periodFrom: '2019-01-01', periodTo: '2019-06-30', entered: ['NS-2019-0001', 'NS-2019-0002'], excluded: [], seed: 'seed', size: 2, drawn: ['NS-2019-0001', 'NS-2019-0002'] })
			.execute();
		await db
			.insertInto('sampledCase')
			.values([
				{ recordId: sample, position: 1, caseReference: 'NS-2019-0001', comment: 'Good' },
				{ recordId: sample, position: 2, caseReference: 'NS-2019-0002', comment: 'Good' }
			])
			.execute();
		kept.recentLeaverRecord = await record(ids.recentLeaver, 'supervision', 'locked', yearsAgo(3));
		kept.activeRecord = await record(ids.active, 'supervision', 'locked', yearsAgo(8));

		// Quiz attempts: two from seven years ago, one last month, each with answers.
		const [quizVersion] = await db.insertInto('quizVersion').values({ slug: 'basics-quiz', version: 1, contentHash: 'q1' }).returning('id').execute();
		const attempt = (personId: string, startedAt: Date) =>
			db
				.insertInto('quizAttempt')
				.values({ personId, quizSlug: 'basics-quiz', quizVersionId: quizVersion!.id, steps: json([]), startedAt, submittedAt: startedAt, score: 100, passed: true })
				.returning('id')
				.executeTakeFirstOrThrow()
				.then((r) => r.id);
		kept.oldAttempt = await attempt(ids.active, yearsAgo(7));
		kept.leaverAttempt = await attempt(ids.leaver, yearsAgo(7, 100));
		kept.recentAttempt = await attempt(ids.active, yearsAgo(0, 30));
		const answer = (attemptId: string, stepId: string) => ({ attemptId, stepId, selected: ['a'], correct: true });
		await db
			.insertInto('quizAnswer')
			.values([answer(kept.oldAttempt, 's1'), answer(kept.oldAttempt, 's2'), answer(kept.leaverAttempt, 's1'), answer(kept.recentAttempt, 's1'), answer(kept.recentAttempt, 's2')])
			.execute();

		// Completions and acknowledgements over the years: aggregates that must not change.
		const [moduleVersion] = await db.insertInto('moduleVersion').values({ slug: 'basics', version: 1, contentHash: 'm1', title: 'Basics', markdown: 'Text' }).returning('id').execute();
		const [policyVersion] = await db
			.insertInto('policyVersion')
			.values({ slug: 'impartiality-policy', version: 1, contentHash: 'p1', title: 'Impartiality Policy', major: true, effective: '2015-01-01', markdown: 'Text' })
			.returning('id')
			.execute();
		for (const [personId, years] of [[ids.leaver, 9], [ids.leaver, 8], [ids.recentLeaver, 4], [ids.active, 8], [ids.active, 1]] as const) {
			await db.insertInto('moduleCompletion').values({ personId, moduleVersionId: moduleVersion!.id, completedAt: yearsAgo(years), method: 'read' }).execute();
			await db
				.insertInto('policyAcknowledgement')
				.values({ personId, policyVersionId: policyVersion!.id, slug: 'impartiality-policy', version: 1, contentHash: 'p1', acknowledgedAt: yearsAgo(years), method: 'self' })
				.execute();
		}

		// The audit log: three entries eight years old, the rest within seven years.
		const audit = (at: Date, action: string, values: { actorId?: string; recordType?: string; recordId?: string; detail?: Record<string, unknown> } = {}) =>
			db
				.insertInto('auditEvent')
				.values({ at, action, actorId: values.actorId ?? null, recordType: values.recordType ?? null, recordId: values.recordId ?? null, detail: json(values.detail ?? {}) as unknown as Record<string, unknown> })
				.execute();
		await audit(yearsAgo(8), 'person.invited', { actorId: ids.supervisor, recordType: 'person', recordId: ids.leaver });
		await audit(yearsAgo(8, 1), 'auth.signed-in', { actorId: ids.active, recordType: 'person', recordId: ids.active });
		await audit(yearsAgo(8, 2), 'auth.sign-in-failed', { recordType: 'person', recordId: ids.leaver, detail: { email: 'lee.leaver@example.org' } });
		// Within seven years, and holding the leaver's email address: kept, with the address taken out.
		await audit(yearsAgo(6, 300), 'auth.sign-in-failed', { recordType: 'person', recordId: ids.leaver, detail: { email: 'lee.leaver@example.org' } });
		await audit(yearsAgo(6, 200), 'auth.sign-in-refused', { detail: { email: 'lee.leaver@example.org' } });
		await audit(yearsAgo(6, 100), 'person.deactivated', { actorId: ids.supervisor, recordType: 'person', recordId: ids.leaver, detail: { endedSessions: 1 } });
		await audit(yearsAgo(1), 'auth.sign-in-failed', { recordType: 'person', recordId: ids.recentLeaver, detail: { email: 'rae@example.org' } });
		await audit(yearsAgo(0, 1), 'person.viewed', { actorId: ids.supervisor, recordType: 'person', recordId: ids.active });
	});
	afterAll(() => test.close());

	it('changes nothing when stopped, as the server does on shutdown', async () => {
		const before = await snapshot();
		const stop = new AbortController();
		stop.abort();
		await expect(runRetention(test.db, defaultRetention, { now, signal: stop.signal })).rejects.toThrow(/aborted/);
		expect(await snapshot()).toEqual(before);
	});

	it('counts what would go in a dry run, and changes nothing', async () => {
		const before = await snapshot();
		const aggregates = await yearlyCounts();
		const run = await runRetention(test.db, defaultRetention, { now, dryRun: true });
		expect(run.dryRun).toBe(true);
		expect(run.counts).toEqual(expected);
		expect(run.items.filter((i) => i.type === 'supervision-record').map((i) => i.id).sort()).toEqual([...kept.leaverRecords].sort());
		expect(run.items.filter((i) => i.type === 'quiz-attempt').map((i) => i.id).sort()).toEqual([kept.oldAttempt, kept.leaverAttempt].sort());
		expect(run.items.filter((i) => i.type === 'audit-event')).toHaveLength(3);
		expect(run.items.filter((i) => i.type === 'person')).toEqual([{ type: 'person', id: ids.leaver }]);
		// Only types and ids: nothing that names anyone.
		expect(JSON.stringify(run.items)).not.toMatch(/Lee|leaver@|example\.org/i);
		expect(await snapshot()).toEqual(before);
		expect(await yearlyCounts()).toEqual(aggregates);
	});

	it('keeps everything for longer when the service sets longer periods', async () => {
		const run = await runRetention(test.db, { supervisionYearsAfterLeaving: 8, quizAttemptYears: 8, auditLogYears: 9 }, { now, dryRun: true });
		expect(run.counts).toEqual(nothing);
	});

	it('removes exactly what has passed its period, anonymises the leaver and keeps the yearly counts', async () => {
		const before = await snapshot();
		const aggregates = await yearlyCounts();
		const run = await runRetention(test.db, defaultRetention, { now });
		expect(run.dryRun).toBe(false);
		expect(run.counts).toEqual(expected);
		const after = await snapshot();

		expect(after.records.map((r) => r.id).sort()).toEqual(before.records.map((r) => r.id).filter((id) => !kept.leaverRecords.includes(id)).sort());
		expect(after.records.map((r) => r.id)).toEqual(expect.arrayContaining([kept.recentLeaverRecord, kept.activeRecord]));
		expect(after.notes).toEqual([]);
		expect(after.actions).toEqual([]);
		expect(after.samples).toEqual([]);
		expect(after.cases).toEqual([]);
		expect(after.attempts).toEqual([{ id: kept.recentAttempt, personId: ids.active }]);
		expect(after.answers.map((a) => `${a.attemptId}:${a.stepId}`)).toEqual([`${kept.recentAttempt}:s1`, `${kept.recentAttempt}:s2`]);

		// The old entries are gone; the rest stay, with the leaver's email taken out of their details,
		// and one new entry says what retention did.
		const oldActions = ['person.invited', 'auth.signed-in', 'auth.sign-in-failed'];
		const survivors = before.audit.slice(3);
		expect(after.audit.slice(0, -1).map((e) => e.id)).toEqual(survivors.map((e) => e.id));
		expect(before.audit.slice(0, 3).map((e) => e.action)).toEqual(oldActions);
		expect(after.audit.slice(0, -1).map((e) => e.detail)).toEqual([{}, {}, { endedSessions: 1 }, { email: 'rae@example.org' }, {}]);
		expect(after.audit.at(-1)).toMatchObject({ action: 'retention.applied', detail: { ...expected, periods: defaultRetention } });

		const people = new Map(after.people.map((p) => [p.id, p]));
		expect(people.get(ids.leaver)).toEqual({ id: ids.leaver, name: anonymisedName, email: `removed-${ids.leaver}@invalid`, passwordHash: null, status: 'deactivated' });
		for (const id of [ids.recentLeaver, ids.active, ids.supervisor]) expect(people.get(id)).toEqual(before.people.find((p) => p.id === id));
		expect(after.completions).toEqual(before.completions);
		expect(after.acknowledgements).toEqual(before.acknowledgements);
		expect(await yearlyCounts()).toEqual(aggregates);
	});

	it('finds nothing more to do when run again', async () => {
		const before = await snapshot();
		expect(await runRetention(test.db, defaultRetention, { now, dryRun: true })).toEqual({ dryRun: true, counts: nothing, items: [] });
		expect(await runRetention(test.db, defaultRetention, { now })).toEqual({ dryRun: false, counts: nothing, items: [] });
		expect(await snapshot()).toEqual(before);
	});
});
