import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import type { NewPerson } from '../db/schema';
import { defaultRetention } from '../content/service';
import { loadContent, type Content } from '../content';
import { registerInductionRequirements } from '../induction';
import { advisoryReport } from '../reports';
import { settleFirstAttempts } from '../quizzes';
import { moveOnToStages, type RecordStage } from '../supervision/history';
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
	supervisionRecordsAnonymised: 0,
	recordNotesDeleted: 0,
	agreedActionsDeleted: 0,
	caseworkDrawsDeleted: 0,
	sampledCasesAnonymised: 0,
	quizAttemptsAnonymised: 0,
	auditEventsDeleted: 0,
	peopleAnonymised: 0,
	auditEntriesRedacted: 0,
	feedbackCommentsDeleted: 0
};
const expected: RetentionCounts = {
	supervisionRecordsAnonymised: 2,
	recordNotesDeleted: 2,
	agreedActionsDeleted: 1,
	caseworkDrawsDeleted: 1,
	sampledCasesAnonymised: 2,
	quizAttemptsAnonymised: 2,
	auditEventsDeleted: 3,
	peopleAnonymised: 1,
	auditEntriesRedacted: 2,
	feedbackCommentsDeleted: 0
};

describe.each(testDatabaseKinds)('retention on %s', (kind) => {
	let test: TestDatabase;
	const ids = {} as Record<'leaver' | 'recentLeaver' | 'active' | 'supervisor', string>;
	const kept = {} as {
		leaverRecords: string[];
		recentLeaverRecord: string;
		activeRecord: string;
		oldAttempt: string;
		leaverAttempt: string;
		recentAttempt: string;
	};

	/** Every row of every table retention may touch, so a run can be compared with what was there. */
	async function snapshot() {
		const db = test.db;
		const [people, records, notes, actions, samples, cases, attempts, answers, audit, completions, acknowledgements] =
			await Promise.all([
				db.selectFrom('person').select(['id', 'name', 'email', 'passwordHash', 'status']).orderBy('id').execute(),
				db
					.selectFrom('supervisionRecord')
					.select(['id', 'kind', 'subjectId', 'heldOn', 'status', 'details'])
					.orderBy('id')
					.execute(),
				db.selectFrom('recordNote').select(['id', 'recordId']).orderBy('id').execute(),
				db.selectFrom('agreedAction').select(['id', 'recordId']).orderBy('id').execute(),
				db.selectFrom('caseworkSample').select('recordId').orderBy('recordId').execute(),
				db
					.selectFrom('sampledCase')
					.select([
						'id',
						'recordId',
						'position',
						'caseReference',
						'comment',
						'setting',
						'conflict',
						'grades',
						'reviewedAt'
					])
					.orderBy('id')
					.execute(),
				db
					.selectFrom('quizAttempt')
					.select(['id', 'personId', 'anonymousKey', 'score', 'passed'])
					.orderBy('id')
					.execute(),
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
			sql<{
				year: number;
				n: number;
			}>`select extract(year from ${sql.ref(column)})::int as year, count(*)::int as n from ${sql.table(table)} group by 1 order by 1`
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
		ids.supervisor = await person('Sam Supervisor', 'sam@example.org', {
			roles: ['supervisor'],
			createdAt: yearsAgo(12)
		});
		ids.leaver = await person('Lee Leaver', 'Lee.Leaver@example.org', {
			supervisorId: ids.supervisor,
			createdAt: yearsAgo(10),
			status: 'deactivated',
			deactivatedAt: yearsAgo(7)
		});
		ids.recentLeaver = await person('Rae Recent', 'rae@example.org', {
			supervisorId: ids.supervisor,
			createdAt: yearsAgo(5),
			status: 'deactivated',
			deactivatedAt: yearsAgo(2)
		});
		ids.active = await person('Ash Active', 'ash@example.org', {
			supervisorId: ids.supervisor,
			createdAt: yearsAgo(9)
		});

		// Each record is written as a draft with what hangs off it, then moved on to its stage below.
		const stages: RecordStage[] = [];
		const record = (
			subjectId: string,
			kind: 'supervision' | 'sample',
			status: 'draft' | 'shared' | 'locked',
			heldOn: Date
		) =>
			db
				.insertInto('supervisionRecord')
				.values({
					kind,
					subjectId,
					authorId: ids.supervisor,
					heldOn: heldOn.toISOString().slice(0, 10),
					details: json({ discussion: 'Kept to the options.' }),
					createdAt: heldOn,
					updatedAt: heldOn
				})
				.returning('id')
				.executeTakeFirstOrThrow()
				.then((r) => {
					stages.push({ id: r.id, status, sharedAt: heldOn, signedAt: heldOn });
					return r.id;
				});
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
		await db
			.insertInto('agreedAction')
			.values({
				recordId: session,
				subjectId: ids.leaver,
				ownerId: ids.leaver,
				description: 'Read the SEND Code of Practice',
				dueOn: '2019-12-01'
			})
			.execute();
		await db
			.insertInto('caseworkSample')
			.values({
				recordId: sample,
				subjectId: ids.leaver,
				periodFrom: '2019-01-01',
				periodTo: '2019-06-30',
				entered: ['NS-2019-0001', 'NS-2019-0002'],
				excluded: [],
				seed: 'seed',
				size: 2,
				drawn: ['NS-2019-0001', 'NS-2019-0002']
			})
			.execute();
		await db
			.insertInto('sampledCase')
			.values([
				{
					recordId: sample,
					position: 1,
					caseReference: 'NS-2019-0001',
					comment: 'Good',
					grades: json([{ criterion: 'Confidentiality kept', grade: 'good', evidence: '' }]),
					setting: 'Oakfield Primary',
					conflict: 'Oakfield Primary School',
					reviewedAt: yearsAgo(7, 30)
				},
				{ recordId: sample, position: 2, caseReference: 'NS-2019-0002', comment: 'Good' }
			])
			.execute();
		kept.recentLeaverRecord = await record(ids.recentLeaver, 'supervision', 'locked', yearsAgo(3));
		kept.activeRecord = await record(ids.active, 'supervision', 'locked', yearsAgo(8));
		await moveOnToStages(db, stages);

		// Quiz attempts: two from seven years ago, one last month, each with answers.
		const [quizVersion] = await db
			.insertInto('quizVersion')
			.values({ slug: 'basics-quiz', version: 1, contentHash: 'q1' })
			.returning('id')
			.execute();
		const attempt = (personId: string, startedAt: Date) =>
			db
				.insertInto('quizAttempt')
				.values({
					personId,
					quizSlug: 'basics-quiz',
					quizVersionId: quizVersion!.id,
					steps: json([]),
					startedAt,
					submittedAt: startedAt,
					score: 100,
					passed: true
				})
				.returning('id')
				.executeTakeFirstOrThrow()
				.then((r) => r.id);
		kept.oldAttempt = await attempt(ids.active, yearsAgo(7));
		kept.leaverAttempt = await attempt(ids.leaver, yearsAgo(7, 100));
		kept.recentAttempt = await attempt(ids.active, yearsAgo(0, 30));
		const answer = (attemptId: string, stepId: string) => ({ attemptId, stepId, selected: ['a'], correct: true });
		await db
			.insertInto('quizAnswer')
			.values([
				answer(kept.oldAttempt, 's1'),
				answer(kept.oldAttempt, 's2'),
				answer(kept.leaverAttempt, 's1'),
				answer(kept.recentAttempt, 's1'),
				answer(kept.recentAttempt, 's2')
			])
			.execute();

		// Completions and acknowledgements over the years: aggregates that must not change.
		const [moduleVersion] = await db
			.insertInto('moduleVersion')
			.values({ slug: 'basics', version: 1, contentHash: 'm1', title: 'Basics', markdown: 'Text' })
			.returning('id')
			.execute();
		const [policyVersion] = await db
			.insertInto('policyVersion')
			.values({
				slug: 'impartiality-policy',
				version: 1,
				contentHash: 'p1',
				title: 'Impartiality Policy',
				major: true,
				effective: '2015-01-01',
				markdown: 'Text'
			})
			.returning('id')
			.execute();
		for (const [personId, years] of [
			[ids.leaver, 9],
			[ids.leaver, 8],
			[ids.recentLeaver, 4],
			[ids.active, 8],
			[ids.active, 1]
		] as const) {
			await db
				.insertInto('moduleCompletion')
				.values({ personId, moduleVersionId: moduleVersion!.id, completedAt: yearsAgo(years), method: 'read' })
				.execute();
			await db
				.insertInto('policyAcknowledgement')
				.values({
					personId,
					policyVersionId: policyVersion!.id,
					slug: 'impartiality-policy',
					version: 1,
					contentHash: 'p1',
					acknowledgedAt: yearsAgo(years),
					method: 'self'
				})
				.execute();
		}

		// The audit log: three entries eight years old, the rest within seven years.
		const audit = (
			at: Date,
			action: string,
			values: { actorId?: string; recordType?: string; recordId?: string; detail?: Record<string, unknown> } = {}
		) =>
			db
				.insertInto('auditEvent')
				.values({
					at,
					action,
					actorId: values.actorId ?? null,
					recordType: values.recordType ?? null,
					recordId: values.recordId ?? null,
					detail: json(values.detail ?? {}) as unknown as Record<string, unknown>
				})
				.execute();
		await audit(yearsAgo(8), 'person.invited', { actorId: ids.supervisor, recordType: 'person', recordId: ids.leaver });
		await audit(yearsAgo(8, 1), 'auth.signed-in', { actorId: ids.active, recordType: 'person', recordId: ids.active });
		await audit(yearsAgo(8, 2), 'auth.sign-in-failed', {
			recordType: 'person',
			recordId: ids.leaver,
			detail: { email: 'lee.leaver@example.org' }
		});
		// Within seven years, and holding the leaver's email address: kept, with the address taken out.
		await audit(yearsAgo(6, 300), 'auth.sign-in-failed', {
			recordType: 'person',
			recordId: ids.leaver,
			detail: { email: 'lee.leaver@example.org' }
		});
		await audit(yearsAgo(6, 200), 'auth.sign-in-refused', { detail: { email: 'lee.leaver@example.org' } });
		await audit(yearsAgo(6, 100), 'person.deactivated', {
			actorId: ids.supervisor,
			recordType: 'person',
			recordId: ids.leaver,
			detail: { endedSessions: 1 }
		});
		await audit(yearsAgo(1), 'auth.sign-in-failed', {
			recordType: 'person',
			recordId: ids.recentLeaver,
			detail: { email: 'rae@example.org' }
		});
		await audit(yearsAgo(0, 1), 'person.viewed', {
			actorId: ids.supervisor,
			recordType: 'person',
			recordId: ids.active
		});
		// Single sign-on identities, which hold the email the provider gave.
		await db
			.insertInto('oidcIdentity')
			.values([
				{ personId: ids.leaver, issuer: 'https://login.example', subject: 'leaver', email: 'lee.leaver@example.org' },
				{ personId: ids.active, issuer: 'https://login.example', subject: 'active', email: 'active@example.org' }
			])
			.execute();
		// What each wrote of their own, a sign-in factor, and a certificate naming them.
		for (const [personId, name] of [
			[ids.leaver, 'Lee Leaver'],
			[ids.active, 'Active Person']
		] as const) {
			await db
				.insertInto('trainingLogEntry')
				.values({ personId, kind: 'note', doneOn: '2018-01-10', title: 'Reflection', reflection: 'What I learnt.' })
				.execute();
			await db.insertInto('totpFactor').values({ personId, secret: 'JBSWY3DPEHPK3PXP' }).execute();
			await db
				.insertInto('certificate')
				.values({
					personId,
					kind: 'induction',
					achievement: 'induction',
					code: `CODE${personId.slice(0, 8)}`,
					// The active person's was issued by the leaver, as their coordinator then.
					facts: JSON.stringify({ name, issuer: personId === ids.active ? { name: 'Lee Leaver' } : null }),
					issuedBy: personId === ids.active ? ids.leaver : null
				})
				.execute();
		}
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
		expect(
			run.items
				.filter((i) => i.type === 'supervision-record')
				.map((i) => i.id)
				.sort()
		).toEqual([...kept.leaverRecords].sort());
		expect(
			run.items
				.filter((i) => i.type === 'quiz-attempt')
				.map((i) => i.id)
				.sort()
		).toEqual([kept.oldAttempt, kept.leaverAttempt].sort());
		expect(run.items.filter((i) => i.type === 'audit-event')).toHaveLength(3);
		expect(run.items.filter((i) => i.type === 'person')).toEqual([{ type: 'person', id: ids.leaver }]);
		// Only types and ids: nothing that names anyone.
		expect(JSON.stringify(run.items)).not.toMatch(/Lee|leaver@|example\.org/i);
		expect(await snapshot()).toEqual(before);
		expect(await yearlyCounts()).toEqual(aggregates);
	});

	it('keeps everything for longer when the service sets longer periods', async () => {
		const run = await runRetention(
			test.db,
			{ supervisionYearsAfterLeaving: 8, quizAttemptYears: 8, auditLogYears: 9 },
			{ now, dryRun: true }
		);
		expect(run.counts).toEqual(nothing);
	});

	it('anonymises or removes exactly what has passed its period and keeps the yearly counts', async () => {
		const before = await snapshot();
		const aggregates = await yearlyCounts();
		const run = await runRetention(test.db, defaultRetention, { now });
		expect(run.dryRun).toBe(false);
		expect(run.counts).toEqual(expected);
		const after = await snapshot();

		// The leaver's records stay, with only what reports count; everyone else's are untouched.
		expect(after.records).toEqual(
			before.records.map((r) => (kept.leaverRecords.includes(r.id) ? { ...r, details: {} } : r))
		);
		expect(after.notes).toEqual([]);
		expect(after.actions).toEqual([]);
		expect(after.samples).toEqual([]);
		expect(after.cases).toEqual(
			before.cases.map((c) => ({
				...c,
				caseReference: `removed-${c.position}`,
				comment: '',
				setting: null,
				conflict: c.conflict === null ? null : 'withheld'
			}))
		);
		expect(after.cases.find((c) => c.position === 1)).toMatchObject({
			grades: [{ criterion: 'Confidentiality kept', grade: 'good', evidence: '' }],
			conflict: 'withheld'
		});

		// Old attempts stay with their scores and answers, but no longer say whose they were: one key per person.
		const attempts = new Map(after.attempts.map((a) => [a.id, a]));
		expect(attempts.get(kept.recentAttempt)).toEqual(before.attempts.find((a) => a.id === kept.recentAttempt));
		for (const id of [kept.oldAttempt, kept.leaverAttempt])
			expect(attempts.get(id)).toEqual({
				...before.attempts.find((a) => a.id === id),
				personId: null,
				anonymousKey: expect.stringMatching(/^[0-9a-f-]{36}$/)
			});
		expect(attempts.get(kept.oldAttempt)!.anonymousKey).not.toBe(attempts.get(kept.leaverAttempt)!.anonymousKey);
		expect(after.answers).toEqual(before.answers);

		// The old entries are gone; the rest stay, with the leaver's email taken out of their details,
		// and one new entry says what retention did.
		const oldActions = ['person.invited', 'auth.signed-in', 'auth.sign-in-failed'];
		const survivors = before.audit.slice(3);
		expect(after.audit.slice(0, -1).map((e) => e.id)).toEqual(survivors.map((e) => e.id));
		expect(before.audit.slice(0, 3).map((e) => e.action)).toEqual(oldActions);
		expect(after.audit.slice(0, -1).map((e) => e.detail)).toEqual([
			{},
			{},
			{ endedSessions: 1 },
			{ email: 'rae@example.org' },
			{}
		]);
		expect(after.audit.at(-1)).toMatchObject({
			action: 'retention.applied',
			detail: { ...expected, periods: defaultRetention }
		});

		const people = new Map(after.people.map((p) => [p.id, p]));
		expect(people.get(ids.leaver)).toEqual({
			id: ids.leaver,
			name: anonymisedName,
			email: `removed-${ids.leaver}@invalid`,
			passwordHash: null,
			status: 'deactivated'
		});
		for (const id of [ids.recentLeaver, ids.active, ids.supervisor])
			expect(people.get(id)).toEqual(before.people.find((p) => p.id === id));
		// An anonymised person's link to a single sign-on identity goes with their email.
		const identities = await test.db.selectFrom('oidcIdentity').select(['personId', 'email']).execute();
		expect(identities).toEqual([{ personId: ids.active, email: 'active@example.org' }]);
		for (const table of ['trainingLogEntry', 'totpFactor', 'certificate'] as const) {
			const owners = await test.db.selectFrom(table).select('personId').execute();
			expect(owners, table).toEqual([{ personId: ids.active }]);
		}
		// The certificate the leaver issued stands, but no longer names them.
		const standing = await test.db.selectFrom('certificate').select('facts').executeTakeFirstOrThrow();
		expect(standing.facts).toEqual({ name: 'Active Person', issuer: null });
		expect(after.completions).toEqual(before.completions);
		expect(after.acknowledgements).toEqual(before.acknowledgements);
		expect(await yearlyCounts()).toEqual(aggregates);
	});

	it('finds nothing more to do when run again', async () => {
		const before = await snapshot();
		expect(await runRetention(test.db, defaultRetention, { now, dryRun: true })).toEqual({
			dryRun: true,
			counts: nothing,
			items: []
		});
		expect(await runRetention(test.db, defaultRetention, { now })).toEqual({
			dryRun: false,
			counts: nothing,
			items: []
		});
		expect(await snapshot()).toEqual(before);
	});
});

describe.each(testDatabaseKinds)('reports for earlier years across retention on %s', (kind) => {
	let test: TestDatabase;
	let content: Content;
	const period = { from: '2018-01-01', to: '2018-12-31' };
	const leavers: { id: string; name: string; email: string }[] = [];
	const current: string[] = [];

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		content = loadContent();
		await registerInductionRequirements(test.db, content.modules);
		const db = test.db;
		const person = (name: string, roles: NewPerson['roles'], deactivatedAt?: string) =>
			db
				.insertInto('person')
				.values({
					name,
					email: `${name.toLowerCase().replace(/ /g, '.')}@example.org`,
					roles,
					status: deactivatedAt ? 'deactivated' : 'active',
					passwordHash: '$argon2id$fake',
					createdAt: new Date('2017-05-01T10:00:00Z'),
					activatedAt: new Date('2017-06-01T10:00:00Z'),
					deactivatedAt: deactivatedAt ? new Date(`${deactivatedAt}T10:00:00Z`) : null
				})
				.returning(['id', 'name', 'email'])
				.executeTakeFirstOrThrow();
		const supervisor = (await person('Gwen Marsh', ['supervisor', 'staff'])).id;
		// Three volunteers who left in 2019 and three still here, all supervised and observed in 2018.
		for (const [name, left] of [
			['Lee Leaver', '2019-03-01'],
			['Lou Gone', '2019-05-01'],
			['Liz Away', '2019-09-01']
		] as const)
			leavers.push(await person(name, ['volunteer'], left));
		for (const name of ['Cal Current', 'Cat Current', 'Con Current'])
			current.push((await person(name, ['volunteer'])).id);
		// Each record is written as a draft with what hangs off it, then signed off below.
		const stages: RecordStage[] = [];
		const record = (
			subjectId: string,
			kind: 'supervision' | 'observation' | 'sample',
			heldOn: string,
			details: unknown
		) =>
			db
				.insertInto('supervisionRecord')
				.values({
					kind,
					subjectId,
					authorId: supervisor,
					heldOn,
					details: json(details),
					createdAt: new Date(`${heldOn}T12:00:00Z`),
					updatedAt: new Date(`${heldOn}T12:00:00Z`)
				})
				.returning('id')
				.executeTakeFirstOrThrow()
				.then((r) => {
					const at = new Date(`${heldOn}T12:00:00Z`);
					stages.push({ id: r.id, status: 'locked', sharedAt: at, signedAt: at });
					return r.id;
				});
		const everyone = [
			...leavers.map((l) => ({ id: l.id, name: l.name as string | null })),
			...current.map((id) => ({ id, name: null }))
		];
		for (const [i, { id, name }] of everyone.entries()) {
			// Only the leavers' records name them, so what is left of those can be searched for it.
			const about = name
				? `Talked with ${name} (${name.toLowerCase().replace(/ /g, '.')}@example.org) about NS-2018-01${i}0 at Oakfield Primary`
				: 'Kept to the options.';
			const session = await record(id, 'supervision', '2018-03-01', { discussion: about, wellbeing: about });
			await record(id, 'supervision', '2018-09-01', { discussion: about });
			const criteria = [
				{ criterion: 'Sets out the options without directing', grade: 'good', evidence: about },
				{ criterion: 'Respects confidentiality', grade: i % 2 ? 'good' : 'requires-improvement', evidence: about }
			];
			await record(id, 'observation', '2018-05-01', {
				setting: 'Home visit',
				observed: about,
				summary: about,
				criteria
			});
			if (name) {
				await db
					.insertInto('recordNote')
					.values({ recordId: session, authorId: id, kind: 'comment', body: `Thanks, from ${name}` })
					.execute();
				await db
					.insertInto('agreedAction')
					.values({
						recordId: session,
						subjectId: id,
						ownerId: id,
						description: `${name} to reread NS-2018-01${i}0`,
						dueOn: '2018-04-01'
					})
					.execute();
			}
		}
		// A reviewed casework sample of the first leaver: six cases, five in a setting matching an interest.
		const sample = await record(leavers[0]!.id, 'sample', '2018-10-01', {
			periodFrom: '2018-04-01',
			periodTo: '2018-09-30'
		});
		const references = [1, 2, 3, 4, 5, 6].map((n) => `NS-2018-020${n}`);
		await db
			.insertInto('caseworkSample')
			.values({
				recordId: sample,
				subjectId: leavers[0]!.id,
				periodFrom: '2018-04-01',
				periodTo: '2018-09-30',
				entered: references,
				excluded: [],
				seed: 'seed',
				size: 6,
				drawn: references
			})
			.execute();
		await db
			.insertInto('sampledCase')
			.values(
				references.map((caseReference, i) => ({
					recordId: sample,
					position: i + 1,
					caseReference,
					grades: json([{ criterion: 'Confidentiality kept', grade: i < 5 ? 'good' : 'inadequate', evidence: '' }]),
					comment: `Lee Leaver handled ${caseReference} well`,
					supportLevel: 'Advice',
					setting: 'Oakfield Primary',
					conflict: i < 5 ? 'Oakfield Primary School' : null,
					reviewedAt: new Date('2018-10-01T12:00:00Z')
				}))
			)
			.execute();

		await moveOnToStages(db, stages);

		// Quiz attempts in 2018 by all six; the first leaver and the first current member tried twice.
		const quiz = content.quizzes.find((q) => q.slug === 'impartiality-basics')!;
		const [version] = await db
			.insertInto('quizVersion')
			.values({ slug: quiz.slug, version: 1, contentHash: 'retention-test' })
			.returning('id')
			.execute();
		const attempt = async (personId: string, at: string, passed: boolean) => {
			const startedAt = new Date(`${at}T10:00:00Z`);
			const { id } = await db
				.insertInto('quizAttempt')
				.values({
					personId,
					quizSlug: quiz.slug,
					quizVersionId: version!.id,
					steps: json([]),
					startedAt,
					submittedAt: startedAt,
					score: passed ? 100 : 50,
					passed
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await db
				.insertInto('quizAnswer')
				.values([
					{ attemptId: id, stepId: 'ib-choose-school', selected: ['a'], correct: true, answeredAt: startedAt },
					{ attemptId: id, stepId: 'ib-council-target', selected: ['b'], correct: passed, answeredAt: startedAt }
				])
				.execute();
		};
		for (const [i, id] of everyone.map((e) => e.id).entries())
			await attempt(id, '2018-04-01', i !== 0 && i !== 3 && i !== 5);
		await attempt(leavers[0]!.id, '2018-06-01', true);
		await attempt(current[0]!, '2018-06-01', true);
		// And one this year, which stays theirs.
		await attempt(current[0]!, '2026-10-01', true);
		await settleFirstAttempts(db);
	});
	afterAll(() => test.close());

	it('gives the same report for an earlier year after retention, and keeps nothing personal of the leavers', async () => {
		const figures = (report: Awaited<ReturnType<typeof advisoryReport>>) =>
			new Map(report.flatMap((s) => s.figures).map((f) => [f.id, f]));
		// The smallest group the service may set (3), so that the figures retention touches have real
		// numbers in them and the comparison can fail.
		const reported = { ...content, service: { ...content.service, reports: { smallestGroup: 3 } } };
		const before = await advisoryReport(test.db, period, reported, now);
		const shownBefore = figures(before);
		expect(shownBefore.get('quiz-pass-rates')!.rows).toEqual([{ label: expect.any(String), values: [50, 6, 9] }]);
		expect(shownBefore.get('quiz-hardest')!.rows).toEqual([
			{ label: expect.stringContaining('Impartiality'), values: [50, 6] }
		]);
		expect(shownBefore.get('supervision')!.rows.find((r) => r.label === 'Volunteer (IPS)')!.values[0]).toBe(12);
		expect(
			shownBefore.get('observations')!.rows.find((r) => r.label === 'Sets out the options without directing')!.values
		).toEqual([6, 0, 0, 0]);
		expect(shownBefore.get('casework')!.rows).toEqual([{ label: 'Confidentiality kept', values: [6, 0, null, 0] }]);
		expect(shownBefore.get('casework')!.notes).toEqual([
			"6 cases were reviewed; 6 had a setting matching the worker's declared interests, and were checked for a conflict."
		]);

		const run = await runRetention(test.db, defaultRetention, { now });
		expect(run.counts).toEqual({
			supervisionRecordsAnonymised: 10,
			recordNotesDeleted: 3,
			agreedActionsDeleted: 3,
			caseworkDrawsDeleted: 1,
			sampledCasesAnonymised: 6,
			quizAttemptsAnonymised: 8,
			auditEventsDeleted: 0,
			peopleAnonymised: 3,
			auditEntriesRedacted: 0,
			feedbackCommentsDeleted: 0
		});
		expect(await advisoryReport(test.db, period, reported, now)).toEqual(before);
		expect((await runRetention(test.db, defaultRetention, { now })).counts).toEqual(nothing);
		expect(await advisoryReport(test.db, period, reported, now)).toEqual(before);

		// Nothing in the supervision tables names a leaver, their email, a case, a setting or what was said.
		const tables = ['supervision_record', 'record_note', 'agreed_action', 'casework_sample', 'sampled_case'];
		const text = (
			await Promise.all(
				tables.map((t) =>
					sql<{ row: string }>`select to_jsonb(t)::text as row from ${sql.table(t)} t`
						.execute(test.db)
						.then((r) => r.rows.map((x) => x.row))
				)
			)
		).flat();
		const leaverRecords = (
			await test.db
				.selectFrom('supervisionRecord')
				.select('id')
				.where(
					'subjectId',
					'in',
					leavers.map((l) => l.id)
				)
				.execute()
		).map((r) => r.id);
		expect(leaverRecords).toHaveLength(10);
		const leaverText = text.filter((row) => leaverRecords.some((id) => row.includes(id))).join('\n');
		expect(leaverText).not.toBe('');
		for (const { name, email } of leavers) {
			expect(text.join('\n')).not.toContain(name);
			expect(text.join('\n')).not.toContain(email);
			expect(text.join('\n')).not.toContain(name.split(' ')[0]!);
		}
		expect(leaverText).not.toMatch(/NS-\d{4}-\d{4}/);
		expect(leaverText).not.toMatch(/Oakfield|Talked|Thanks|handled|reread|Home visit/);
		// The current members' records are as they were.
		expect(text.filter((row) => row.includes('Kept to the options.'))).toHaveLength(3 * 3);
		// The leavers themselves are anonymised, and no quiz attempt from 2018 says whose it was.
		const people = await test.db
			.selectFrom('person')
			.select(['name', 'email'])
			.where(
				'id',
				'in',
				leavers.map((l) => l.id)
			)
			.execute();
		expect(people.map((p) => p.name)).toEqual([anonymisedName, anonymisedName, anonymisedName]);
		const attempts = await test.db
			.selectFrom('quizAttempt')
			.select(['personId', 'anonymousKey', 'startedAt'])
			.orderBy('startedAt')
			.execute();
		expect(attempts.filter((a) => a.personId !== null)).toEqual([
			{ personId: current[0], anonymousKey: null, startedAt: new Date('2026-10-01T10:00:00Z') }
		]);
		expect(new Set(attempts.filter((a) => a.personId === null).map((a) => a.anonymousKey)).size).toBe(6);
	});
});
