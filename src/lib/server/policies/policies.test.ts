import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import type { Policy, PolicyVersion } from '../content/policies';
import type { SessionPerson } from '../auth/sessions';
import { registerQuizVersions } from '../quizzes';
import type { Quiz } from '../content/quizzes';
import {
	acknowledgePolicy,
	checkQuizFor,
	acknowledgementDue,
	policiesFor,
	complianceReading,
	policyCompliance,
	registerPolicyVersions
} from './index';
import { csvCell, toCsv } from '../csv';

const timing = {
	reacknowledgeMonths: 12,
	dueWithinDays: 28,
	remindBeforeDays: 14,
	overdueEveryDays: 7,
	copySupervisorAfterDays: 14
};
const version = (n: number, effective: string, major: boolean): PolicyVersion => ({
	slug: 'impartiality-policy',
	file: `content/policies/impartiality-policy/${n}.md`,
	title: 'Impartiality Policy',
	version: n,
	effective,
	nextReview: '2099-01-01',
	audiences: ['volunteer', 'staff'],
	major,
	changes: `changes in ${n}`,
	hash: `hash-${n}`,
	markdown: `Text of version ${n}.`,
	html: `<p>Text ${n}</p>`,
	sections: []
});

describe.each(testDatabaseKinds)('policy acknowledgements on %s', (kind) => {
	let test: TestDatabase;
	let ids: Map<string, string>;
	let coordinator: SessionPerson;
	let people: SessionPerson[];
	const policy: Policy = {
		slug: 'impartiality-policy',
		versions: [version(1, '2024-04-01', true), version(2, '2025-04-01', false)]
	};

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		const rows = await test.db
			.insertInto('person')
			.values([
				{
					email: 'coord@example.org',
					name: 'Coordinator',
					roles: ['coordinator'],
					status: 'active',
					activatedAt: new Date('2023-01-01')
				},
				{
					email: 'ada@example.org',
					name: 'Ada',
					roles: ['volunteer'],
					status: 'active',
					activatedAt: new Date('2024-01-01')
				},
				{
					email: 'ben@example.org',
					name: '=HYPERLINK("http://x")',
					roles: ['staff'],
					status: 'active',
					activatedAt: new Date('2024-01-01')
				},
				{
					email: 'cy@example.org',
					name: 'Cy',
					roles: ['steering'],
					status: 'active',
					activatedAt: new Date('2024-01-01')
				}
			])
			.returning(['id', 'name', 'email', 'roles'])
			.execute();
		coordinator = { ...rows[0]!, supervisorId: null };
		people = rows.slice(1).map((r) => ({ ...r, supervisorId: null }));
		ids = await registerPolicyVersions(test.db, [policy]);
	});
	afterAll(() => test.close());

	it('records a self acknowledgement once, however often it is confirmed', async () => {
		const [ada] = people;
		const current = policy.versions[1]!;
		expect((await policiesFor(test.db, ada!, [policy], timing))[0]!.due.status).toBe('overdue');
		const first = await acknowledgePolicy(test.db, ada!, ada!, policy, current, ids.get(current.hash)!, timing);
		const again = await acknowledgePolicy(test.db, ada!, ada!, policy, current, ids.get(current.hash)!, timing);
		expect([first, again]).toEqual([
			{ ok: true, recorded: true },
			{ ok: true, recorded: false }
		]);
		const rows = await test.db
			.selectFrom('policyAcknowledgement')
			.select(['version', 'contentHash', 'method'])
			.where('personId', '=', ada!.id)
			.execute();
		expect(rows).toEqual([{ version: 2, contentHash: 'hash-2', method: 'self' }]);
		expect((await policiesFor(test.db, ada!, [policy], timing))[0]!.due.status).toBe('acknowledged');
	});

	it('records one acknowledgement when the same confirmation arrives several times at once', async () => {
		const row = await test.db
			.insertInto('person')
			.values({ email: 'dot@example.org', name: 'Dot Twice', roles: ['volunteer'], status: 'active' })
			.returning(['id', 'name', 'email', 'roles'])
			.executeTakeFirstOrThrow();
		const dot = { ...row, supervisorId: null };
		const current = policy.versions[1]!;
		const results = await Promise.all(
			[1, 2, 3, 4].map(() => acknowledgePolicy(test.db, dot, dot, policy, current, ids.get(current.hash)!, timing))
		);
		expect(results.filter((r) => r.ok && r.recorded)).toHaveLength(1);
		expect(results.filter((r) => r.ok && !r.recorded)).toHaveLength(3);
		const rows = await test.db
			.selectFrom('policyAcknowledgement')
			.select('id')
			.where('personId', '=', dot.id)
			.execute();
		expect(rows).toHaveLength(1);
		// Gone from the service again, so the compliance counts below are of the people above.
		await test.db
			.updateTable('person')
			.set({ status: 'deactivated', deactivatedAt: new Date() })
			.where('id', '=', dot.id)
			.execute();
	});

	it('keeps the latest acknowledgement per person as they are added and removed', async () => {
		const ada = people[0]!;
		const latest = () =>
			test.db
				.selectFrom('policyLatestAcknowledgement as l')
				.innerJoin('policyAcknowledgement as a', 'a.id', 'l.acknowledgementId')
				.select('a.acknowledgedAt')
				.where('l.personId', '=', ada.id)
				.where('l.slug', '=', 'latest-policy')
				.execute();
		const versionId = (
			await registerPolicyVersions(test.db, [
				{
					slug: 'latest-policy',
					versions: [{ ...version(1, '2024-04-01', true), slug: 'latest-policy', hash: 'latest-1' }]
				}
			])
		).get('latest-1')!;
		const add = (at: string) =>
			test.db
				.insertInto('policyAcknowledgement')
				.values({
					personId: ada.id,
					policyVersionId: versionId,
					slug: 'latest-policy',
					version: 1,
					contentHash: 'latest-1',
					acknowledgedAt: new Date(at),
					method: 'self'
				})
				.returning('id')
				.executeTakeFirstOrThrow();
		await add('2025-01-10');
		const newest = await add('2025-06-01');
		// Recorded late, on paper: an earlier date does not displace the newest.
		await add('2025-03-01');
		expect(await latest()).toEqual([{ acknowledgedAt: new Date('2025-06-01') }]);
		await test.db.deleteFrom('policyAcknowledgement').where('id', '=', newest.id).execute();
		expect(await latest()).toEqual([{ acknowledgedAt: new Date('2025-03-01') }]);
	});

	it('keeps who has never acknowledged each policy as people join, acknowledge and leave', async () => {
		const never = async (slug: string) =>
			(
				await test.db
					.selectFrom('policyNeverAcknowledged as n')
					.innerJoin('person as p', 'p.id', 'n.personId')
					.select('p.email')
					.where('n.slug', '=', slug)
					.orderBy('p.email')
					.execute()
			).map((r) => r.email);
		// A policy registered after people joined: nobody has acknowledged it, whatever its versions.
		const versionId = (
			await registerPolicyVersions(test.db, [
				{
					slug: 'never-policy',
					versions: [
						{ ...version(1, '2024-04-01', true), slug: 'never-policy', hash: 'never-1' },
						{ ...version(2, '2025-04-01', false), slug: 'never-policy', hash: 'never-2' }
					]
				}
			])
		).get('never-1')!;
		const everyone = (
			await test.db.selectFrom('person').select('email').where('status', '=', 'active').orderBy('email').execute()
		).map((r) => r.email);
		expect(await never('never-policy')).toEqual(everyone);
		// Someone joining later has acknowledged nothing either.
		const dee = await test.db
			.insertInto('person')
			.values({ email: 'dee@never.example', name: 'Dee', roles: ['volunteer'], status: 'active' })
			.returning('id')
			.executeTakeFirstOrThrow();
		expect(await never('never-policy')).toContain('dee@never.example');
		const acknowledge = () =>
			test.db
				.insertInto('policyAcknowledgement')
				.values({
					personId: dee.id,
					policyVersionId: versionId,
					slug: 'never-policy',
					version: 1,
					contentHash: 'never-1',
					acknowledgedAt: new Date('2025-01-10'),
					method: 'self'
				})
				.returning('id')
				.executeTakeFirstOrThrow();
		const [first, second] = [await acknowledge(), await acknowledge()];
		expect(await never('never-policy')).not.toContain('dee@never.example');
		// Removing one of two mistaken records leaves her acknowledged; removing the last, not.
		await test.db.deleteFrom('policyAcknowledgement').where('id', '=', first.id).execute();
		expect(await never('never-policy')).not.toContain('dee@never.example');
		await test.db.deleteFrom('policyAcknowledgement').where('id', '=', second.id).execute();
		expect(await never('never-policy')).toContain('dee@never.example');
		// Only active people are listed: leaving takes the row away, coming back restores it.
		const setStatus = (status: 'active' | 'deactivated') =>
			test.db.updateTable('person').set({ status }).where('id', '=', dee.id).execute();
		await setStatus('deactivated');
		expect(await never('never-policy')).not.toContain('dee@never.example');
		await setStatus('active');
		expect(await never('never-policy')).toContain('dee@never.example');
		// Someone invited, who has not yet come, is not listed.
		await test.db
			.insertInto('person')
			.values({ email: 'eve@never.example', name: 'Eve', roles: ['volunteer'], status: 'invited' })
			.execute();
		expect(await never('never-policy')).not.toContain('eve@never.example');
		// Removing a person removes their acknowledgements and their rows, without putting any back.
		await acknowledge();
		await test.db.deleteFrom('person').where('id', '=', dee.id).execute();
		expect(await never('never-policy')).toEqual(everyone);
		await test.db.deleteFrom('person').where('email', '=', 'eve@never.example').execute();
	});

	it('asks for a pass of the check quiz before each acknowledgement a person makes themselves', async () => {
		const cy = { ...people[2]!, roles: ['volunteer' as const] };
		const conduct: Policy = {
			slug: 'conduct-policy',
			versions: [
				{
					...version(1, '2024-04-01', true),
					slug: 'conduct-policy',
					title: 'Conduct Policy',
					hash: 'conduct-1',
					quiz: 'conduct-check'
				}
			]
		};
		const [current] = conduct.versions;
		const versionId = (await registerPolicyVersions(test.db, [conduct])).get('conduct-1')!;
		const check: Quiz = {
			slug: 'conduct-check',
			file: 'content/quizzes/conduct-check.md',
			title: 'Conduct check',
			module: null,
			policy: 'conduct-policy',
			passMark: 100,
			attempts: null,
			shuffle: false,
			draw: null,
			version: 1,
			hash: 'conduct-check-1',
			introHtml: '',
			scenarios: []
		};
		const quizVersionId = (await registerQuizVersions(test.db, [check])).get('conduct-check')!;
		const attempt = (passed: boolean, at: Date) =>
			test.db
				.insertInto('quizAttempt')
				.values({
					personId: cy.id,
					quizSlug: 'conduct-check',
					quizVersionId,
					steps: JSON.stringify([]),
					startedAt: at,
					submittedAt: at,
					score: passed ? 100 : 50,
					passed
				})
				.execute();

		await attempt(false, new Date(Date.now() - 60_000));
		expect(await acknowledgePolicy(test.db, cy, cy, conduct, current!, versionId, timing)).toEqual({
			ok: false,
			message: 'Pass the check quiz before you acknowledge this policy'
		});
		expect((await checkQuizFor(test.db, cy.id, check, null)).passed).toBe(false);
		// A coordinator recording a signed paper copy is not held back by the quiz.
		expect(
			await acknowledgePolicy(test.db, coordinator, cy, conduct, current!, versionId, timing, {
				remark: 'Signed at induction',
				acknowledgedAt: new Date(Date.now() - 30_000)
			})
		).toEqual({ ok: true, recorded: true });
		await attempt(true, new Date(Date.now() - 40_000));
		// A pass from before the last acknowledgement does not count for the next one.
		expect((await checkQuizFor(test.db, cy.id, check, new Date(Date.now() - 30_000))).passed).toBe(false);
		await attempt(true, new Date());
		expect((await checkQuizFor(test.db, cy.id, check, new Date(Date.now() - 30_000))).passed).toBe(true);
	});

	it("records on someone's behalf with the remark and the recorder, and shows both in compliance", async () => {
		const ben = people[1]!;
		const current = policy.versions[1]!;
		// Recording shows at once on the next read of compliance.
		expect((await policyCompliance(test.db, policy, timing, { status: 'overdue' })).rows.map((r) => r.email)).toEqual([
			'ben@example.org'
		]);
		await acknowledgePolicy(test.db, coordinator, ben, policy, current, ids.get(current.hash)!, timing, {
			remark: 'Paper copy signed at team meeting',
			acknowledgedAt: new Date()
		});
		expect((await policyCompliance(test.db, policy, timing, { status: 'overdue' })).rows).toEqual([]);
		const { rows, counts, versions } = await policyCompliance(test.db, policy, timing);
		expect(counts).toEqual({ acknowledged: 2, due: 0, overdue: 0 });
		// The steering member is not in this policy's audience.
		expect(rows.map((r) => r.email).sort()).toEqual(['ada@example.org', 'ben@example.org']);
		expect(rows.find((r) => r.email === 'ben@example.org')).toMatchObject({
			method: 'recorded',
			recordedByName: 'Coordinator',
			remark: 'Paper copy signed at team meeting',
			version: 2
		});
		expect(versions.map((v) => [v.version, v.people, v.inForce])).toEqual([
			[1, 0, false],
			[2, 2, true]
		]);
	});

	it('filters, counts and pages compliance in one go, counting everyone the filter chose', async () => {
		const all = await policyCompliance(test.db, policy, timing);
		const staff = await policyCompliance(test.db, policy, timing, { role: 'staff' });
		expect(staff.rows.map((r) => r.email)).toEqual(['ben@example.org']);
		expect(staff.total).toBe(1);
		expect(staff.versions.reduce((n, v) => n + v.people, 0)).toBeLessThanOrEqual(1);
		const first = await policyCompliance(test.db, policy, timing, {}, new Date(), { limit: 1, offset: 0 });
		const second = await policyCompliance(test.db, policy, timing, {}, new Date(), { limit: 1, offset: 1 });
		// Each page holds one row in the list's order, and both say how many there are in all.
		expect([...first.rows, ...second.rows].map((r) => r.email)).toEqual(all.rows.map((r) => r.email));
		expect([first.total, second.total]).toEqual([all.total, all.total]);
		expect(first.counts).toEqual(all.counts);
		const bySupervisor = await policyCompliance(test.db, policy, timing, { supervisorId: coordinator.id });
		expect(bySupervisor).toMatchObject({ rows: [], total: 0, counts: { acknowledged: 0, due: 0, overdue: 0 } });
	});

	it('makes everyone due again when a major version takes effect, but not before', async () => {
		const withMajor: Policy = { ...policy, versions: [...policy.versions, version(3, '2030-01-01', true)] };
		await registerPolicyVersions(test.db, [withMajor]);
		expect((await policyCompliance(test.db, withMajor, timing)).counts).toEqual({
			acknowledged: 2,
			due: 0,
			overdue: 0
		});
		const later = new Date('2030-01-05T12:00:00Z');
		const { counts, rows } = await policyCompliance(test.db, withMajor, timing, {}, later);
		expect(counts).toEqual({ acknowledged: 0, due: 2, overdue: 0 });
		expect(rows.every((r) => r.due.reason === 'major-version')).toBe(true);
	});

	it('rates everyone in the database exactly as the rule in code does, at month ends and clock changes', async () => {
		const withMajor: Policy = { ...policy, versions: [...policy.versions, version(3, '2027-03-01', true)] };
		// Joining and acknowledging late in the evening near month ends and clock changes, where a
		// day on the service's clock is not the day in UTC and adding months clamps.
		const moments = [
			'2025-01-31T23:30:00Z',
			'2025-03-29T23:30:00Z',
			'2025-03-30T00:30:00Z',
			'2025-05-31T23:30:00Z',
			'2025-06-10T15:30:00Z',
			'2025-08-30T23:15:00Z',
			'2025-10-25T23:30:00Z',
			'2025-12-31T23:59:00Z',
			'2026-02-28T12:00:00Z',
			'2026-03-28T23:30:00Z',
			'2026-10-01T10:00:00Z',
			'2026-11-30T23:30:00Z'
		];
		const histories = moments.flatMap((joined, j) => [
			{ joined, ack: null },
			...moments
				.filter((m) => m >= joined)
				.flatMap((m) => [
					{ joined, ack: [1, m] as const },
					{ joined, ack: [2, m] as const }
				])
				.filter((_, i) => (i + j) % 3 === 0)
		]);
		const people = await test.db
			.insertInto('person')
			.values(
				histories.map((_, n) => ({
					email: `rule-${n}@rule.example`,
					name: `Rule ${n}`,
					roles: ['volunteer' as const],
					status: 'active' as const,
					activatedAt: new Date(histories[n]!.joined)
				}))
			)
			.returning(['id', 'email'])
			.execute();
		const history = new Map(people.map((p) => [p.id, histories[Number(p.email.split(/[-@]/)[1])]!]));
		for (const [id, h] of history)
			if (h.ack)
				await test.db
					.insertInto('policyAcknowledgement')
					.values({
						personId: id,
						policyVersionId: ids.get(`hash-${h.ack[0]}`)!,
						slug: policy.slug,
						version: h.ack[0],
						contentHash: `hash-${h.ack[0]}`,
						acknowledgedAt: new Date(h.ack[1]),
						method: 'self'
					})
					.execute();
		const days = ['2025-02-28', '2025-03-01', '2025-06-20', '2025-07-08', '2025-07-09', '2025-12-01', '2026-01-31'];
		days.push('2026-02-14', '2026-02-15', '2026-03-29', '2026-05-17', '2026-06-01', '2026-10-26', '2026-12-10');
		days.push('2027-02-28', '2027-03-05', '2027-03-29', '2027-03-30', '2027-04-10', '2027-11-16', '2027-12-01');
		const instants = days.flatMap((d) => [new Date(`${d}T00:30:00Z`), new Date(`${d}T23:30:00Z`)]);
		// Each part of a state is read from its own rows when few are in it, else along the name
		// index: both readings give the same rows, and the same pages.
		for (const [reading, at] of [1000, -1].flatMap((r) => instants.map((at) => [r, at] as const))) {
			complianceReading.sparseUpTo = reading;
			// The counts (one rating of everyone) and each state's list (a condition per state) agree.
			const { counts, rows: everyone } = await policyCompliance(test.db, withMajor, timing, {}, at);
			const paged = await policyCompliance(test.db, withMajor, timing, {}, at, { limit: 7, offset: 14 });
			expect(paged.rows.map((r) => r.id)).toEqual(everyone.slice(14, 21).map((r) => r.id));
			for (const status of ['acknowledged', 'due', 'overdue'] as const) {
				const { rows } = await policyCompliance(test.db, withMajor, timing, { status }, at);
				expect(rows.length, `the counts and the list differ on ${at.toISOString()} (${status})`).toBe(counts[status]);
				const expected = [...history]
					.filter(
						([, h]) =>
							acknowledgementDue(
								withMajor,
								{ roles: ['volunteer'], joinedAt: new Date(h.joined) },
								h.ack ? { version: h.ack[0], acknowledgedAt: new Date(h.ack[1]) } : null,
								timing,
								at
							).status === status
					)
					.map(([id]) => id)
					.sort();
				const chosen = rows.filter((r) => history.has(r.id));
				expect(
					chosen.map((r) => r.id).sort(),
					`the database and the code rate differently on ${at.toISOString()} (${status})`
				).toEqual(expected);
				for (const row of chosen) expect(row.due.status).toBe(status);
			}
		}
		complianceReading.sparseUpTo = 1000;
	});

	it('exports CSV that a spreadsheet will not run as a formula', async () => {
		expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
		expect(csvCell('+44 1234')).toBe("'+44 1234");
		expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(csvCell('Plain, with comma')).toBe('"Plain, with comma"');
		expect(
			toCsv([
				['a', null],
				[1, 'b']
			])
		).toBe('a,\r\n1,b\r\n');
	});
});
