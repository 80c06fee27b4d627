import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import type { Role } from '../db/schema';
import type { SessionPerson } from '../auth/sessions';
import { loadContent } from '../content';
import { policiesFor, registerPolicyVersions } from '../policies';
import { declarationsOf } from '../declarations';
import { supervisionOverview } from '../supervision/overview';
import { registerInductionRequirements } from '../induction';
import { peopleCounts } from '../reports/people';
import { advisoryReport, figureRows } from '../reports';
import type { Intervals } from '../reports/months';
import { confirmImport, earlierRecordsOf, keepImport, parsePeopleFile, planImport } from './index';

const content = loadContent();
const today = '2026-12-04';
const now = new Date('2026-12-04T10:00:00Z');

const file = [
	'Name,Email,Roles,Supervisor email,Start date,Induction completed,Last Impartiality Policy acknowledgement,Last supervision,Last declaration of interests',
	'Ada Import,ada@import.example,volunteer,nia@import.example,15/03/2024,30/04/2024,02/12/2026,20/11/2026,01/10/2026',
	'Nia Import,nia@import.example,"supervisor, staff",sam@import.example,2023-01-09,,,,',
	'Sam Lead,sam@import.example,"supervisor, staff",,,,,,'
].join('\r\n');

describe.each(testDatabaseKinds)('importing people on %s', (kind) => {
	let test: TestDatabase;
	let coordinator: SessionPerson;
	let sam: SessionPerson;

	async function addPerson(name: string, email: string, roles: Role[], supervisorId: string | null = null) {
		const { id } = await test.db
			.insertInto('person')
			.values({ name, email, roles, status: 'active', supervisorId })
			.returning('id')
			.executeTakeFirstOrThrow();
		return { id, name, email, roles, supervisorId };
	}

	const counts = async () => {
		const { rows } = await sql<Record<string, string>>`
			select (select count(*) from person) as people, (select count(*) from earlier_record) as earlier,
				(select count(*) from policy_acknowledgement) as acks, (select count(*) from declaration_return) as returns,
				(select count(*) from module_completion) as completions,
				(select string_agg(name || ':' || array_to_string(roles, '+') || ':' || coalesce(supervisor_id::text, '-'), ',' order by email) from person) as state`.execute(
			test.db
		);
		return rows[0]!;
	};

	const preview = async (text: string) => {
		const parsed = parsePeopleFile(new TextEncoder().encode(text), today);
		const plan = await planImport(test.db, coordinator, parsed.rows, parsed.problems);
		const id = await keepImport(test.db, coordinator, 'people.csv', parsed.rows, plan);
		return { plan, id };
	};

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		await registerPolicyVersions(test.db, content.policies);
		await registerInductionRequirements(test.db, content.modules);
		coordinator = await addPerson('Cora Ordinator', 'cora@import.example', ['coordinator']);
		sam = await addPerson('Sam Lead', 'SAM@import.example', ['supervisor', 'staff']);
	});
	afterAll(() => test.close());

	it('previews row by row and writes no one', async () => {
		const before = await counts();
		const { plan } = await preview(file);
		expect(plan.problems).toEqual([]);
		expect(plan.people.map((p) => [p.row, p.email, p.action])).toEqual([
			[2, 'ada@import.example', 'new'],
			[3, 'nia@import.example', 'new'],
			[4, 'sam@import.example', 'unchanged']
		]);
		expect(await counts()).toEqual(before);
	});

	it('names a supervisor no one has, one without the role, and a cycle through the service', async () => {
		const ben = await addPerson('Ben Old', 'ben@import.example', ['supervisor'], sam.id);
		const { plan } = await preview(
			[
				'Name,Email,Roles,Supervisor email',
				'Ada,ada@import.example,volunteer,nobody@import.example',
				'Cy,cy@import.example,volunteer,ada@import.example',
				'Sam Lead,sam@import.example,"supervisor,staff",ben@import.example'
			].join('\n')
		);
		expect(plan.problems.map((p) => [p.row, p.column, p.message])).toEqual([
			[2, 'supervisorEmail', 'no one with the email nobody@import.example is in the file or the service'],
			[3, 'supervisorEmail', 'ada@import.example does not have the supervisor role'],
			[
				4,
				'supervisorEmail',
				'supervisors go round in a circle: sam@import.example supervised by ben@import.example supervised by sam@import.example'
			]
		]);
		await test.db.deleteFrom('person').where('id', '=', ben.id).execute();
	});

	it('refuses to confirm a file with problems, and writes nothing', async () => {
		const before = await counts();
		const { plan, id } = await preview(
			'Name,Email,Roles,Supervisor email\nAda,ada@import.example,volunteer,nobody@import.example\n'
		);
		const result = await confirmImport(test.db, coordinator, id, plan.hash);
		expect(result.ok).toBe(false);
		expect(await counts()).toEqual(before);
	});

	it('refuses to confirm when the service changed since the preview, and writes nothing', async () => {
		const { plan, id } = await preview(file);
		const nia = await addPerson('Nia Elsewhere', 'nia@import.example', ['staff']);
		const before = await counts();
		const result = await confirmImport(test.db, coordinator, id, plan.hash);
		expect(result).toMatchObject({ ok: false, message: expect.stringContaining('changed since the preview') });
		expect(await counts()).toEqual(before);
		await test.db.deleteFrom('person').where('id', '=', nia.id).execute();
	});

	it('confirms all at once, with supervisors from the file and history kept as earlier records', async () => {
		const { plan, id } = await preview(file);
		const result = await confirmImport(test.db, coordinator, id, plan.hash);
		expect(result).toMatchObject({ ok: true, updated: 0, unchanged: 1 });
		const people = await test.db
			.selectFrom('person')
			.select(['id', 'email', 'status', 'supervisorId', 'inductionStage'])
			.where('email', 'like', '%@import.example')
			.orderBy('email')
			.execute();
		const ada = people.find((p) => p.email === 'ada@import.example')!;
		const nia = people.find((p) => p.email === 'nia@import.example')!;
		expect(ada.status).toBe('invited');
		expect(ada.supervisorId).toBe(nia.id);
		expect(nia.supervisorId).toBe(sam.id);
		expect((await earlierRecordsOf(test.db, ada.id)).map((r) => [r.kind, r.happenedOn, r.enteredBy])).toEqual([
			['policy-acknowledgement', '2026-12-02', 'Cora Ordinator'],
			['supervision', '2026-11-20', 'Cora Ordinator'],
			['declaration', '2026-10-01', 'Cora Ordinator'],
			['induction', '2024-04-30', 'Cora Ordinator'],
			['started', '2024-03-15', 'Cora Ordinator']
		]);
		// Induction done elsewhere is never a completion of the modules as they are today.
		expect(ada.inductionStage).toBe('not-started');
		expect(Number((await counts()).completions)).toBe(0);
		// A second confirmation of the same preview does nothing.
		expect(await confirmImport(test.db, coordinator, id, plan.hash)).toMatchObject({ ok: false });
		const audit = await test.db.selectFrom('auditEvent').select('action').where('recordId', '=', ada.id).execute();
		expect(audit.map((a) => a.action)).toContain('person.imported');
	});

	it('changes nothing when the same file is imported again', async () => {
		const before = await counts();
		const { plan, id } = await preview(file);
		expect(plan.counts).toEqual({ new: 0, updated: 0, unchanged: 3 });
		expect(await confirmImport(test.db, coordinator, id, plan.hash)).toMatchObject({ ok: true, unchanged: 3 });
		expect(await counts()).toEqual(before);
	});

	it('updates what the file changes and says so', async () => {
		const { plan, id } = await preview(
			'Name,Email,Roles,Supervisor email,Last supervision\nAda Imported,ada@import.example,"volunteer,staff",nia@import.example,2026-11-27\n'
		);
		expect(plan.people[0]).toMatchObject({
			action: 'updated',
			changes: ['name from Ada Import to Ada Imported', 'roles from volunteer to volunteer, staff'],
			earlier: [{ kind: 'supervision', on: '2026-11-27' }]
		});
		expect(await confirmImport(test.db, coordinator, id, plan.hash)).toMatchObject({ ok: true, updated: 1 });
		const ada = await test.db
			.selectFrom('person')
			.select(['name', 'roles'])
			.where('email', '=', 'ada@import.example')
			.executeTakeFirstOrThrow();
		expect(ada).toEqual({ name: 'Ada Imported', roles: ['volunteer', 'staff'] });
	});

	it('refuses a row that would change the importing coordinator', async () => {
		const { plan } = await preview('Name,Email,Roles\nCora Ordinator,cora@import.example,volunteer\n');
		expect(plan.problems.map((p) => p.message)).toEqual([expect.stringContaining('this is you')]);
	});

	it('counts earlier records for the acknowledgement, declaration and supervision due', async () => {
		const ada = await test.db
			.selectFrom('person')
			.select(['id', 'roles'])
			.where('email', '=', 'ada@import.example')
			.executeTakeFirstOrThrow();
		const nia = await test.db
			.selectFrom('person')
			.select(['id', 'name', 'email', 'roles', 'supervisorId'])
			.where('email', '=', 'nia@import.example')
			.executeTakeFirstOrThrow();
		await test.db.updateTable('person').set({ status: 'active', activatedAt: now }).where('id', '=', ada.id).execute();

		const policy = (await policiesFor(test.db, ada, content.policies, content.service.policyTiming, now)).find(
			(p) => p.slug === 'impartiality-policy'
		)!;
		expect(policy.due.status).toBe('acknowledged');
		expect(policy.lastAcknowledged?.at.toISOString().slice(0, 10)).toBe('2026-12-02');
		const ack = await test.db
			.selectFrom('policyAcknowledgement')
			.select(['method', 'remark'])
			.where('personId', '=', ada.id)
			.executeTakeFirstOrThrow();
		expect(ack).toEqual({
			method: 'recorded',
			remark: expect.stringMatching(
				/^From the service's earlier records, entered by Cora Ordinator on \d{4}-\d{2}-\d{2}$/
			)
		});

		const declarations = await declarationsOf(test.db, ada.id);
		expect(declarations.due.status).toBe('acknowledged');

		const overview = await supervisionOverview(test.db, nia, content, {}, now);
		const row = overview.people.find((p) => p.id === ada.id)!;
		expect(row.lastSupervision).toBe('2026-11-27');
		expect(row.nextDue! > '2026-12-04').toBe(true);
		expect(row.overdue).toBe(false);

		// Without the import, the same person would be due for all three.
		const plain = await addPerson('Pat Plain', 'pat@import.example', ['volunteer'], nia.id);
		await test.db
			.updateTable('person')
			.set({ activatedAt: new Date('2026-01-01T12:00:00Z') })
			.where('id', '=', plain.id)
			.execute();
		const plainPolicy = (await policiesFor(test.db, plain, content.policies, content.service.policyTiming, now)).find(
			(p) => p.slug === 'impartiality-policy'
		)!;
		expect(plainPolicy.due.status).toBe('overdue');
		expect((await declarationsOf(test.db, plain.id)).due.status).toBe('overdue');
		const plainRow = (await supervisionOverview(test.db, nia, content, {}, now)).people.find((p) => p.id === plain.id)!;
		expect(plainRow.overdue).toBe(true);
	});

	it("counts earlier induction, IPS course, acknowledgement and declaration in the reports, never as a completion of today's modules", async () => {
		const period = { from: '2026-01-01', to: '2026-12-31' };
		const intervals = Object.entries(content.service.supervisionIntervalDays) as Intervals;
		const before = await peopleCounts(test.db, period, content, intervals, now);
		const { plan, id } = await preview(
			[
				'Name,Email,Roles,Supervisor email,Start date,Induction completed,IPS course attended,Last Impartiality Policy acknowledgement,Last declaration of interests',
				'Ivo Earlier,ivo@import.example,volunteer,,10/02/2025,30/03/2025,14/05/2026,01/12/2026,20/11/2026',
				'Una Plain,una@import.example,volunteer,,,,,,'
			].join('\r\n')
		);
		expect(plan.problems).toEqual([]);
		expect(await confirmImport(test.db, coordinator, id, plan.hash)).toMatchObject({ ok: true });
		await test.db
			.updateTable('person')
			.set({ status: 'active', activatedAt: now })
			.where('email', 'in', ['ivo@import.example', 'una@import.example'])
			.execute();

		// Both joined in the period and neither has opened a module: Ivo was inducted before, Una was not.
		const after = await peopleCounts(test.db, period, content, intervals, now);
		expect(after.induction.earlier - before.induction.earlier).toBe(1);
		expect(after.induction.stages['not-started'] - before.induction.stages['not-started']).toBe(1);
		expect(after.induction.stages.completed).toBe(before.induction.stages.completed);
		expect(after.induction.total - before.induction.total).toBe(2);
		// Ivo's earlier acknowledgement and declaration count in today's figures; Una has neither.
		const volunteers = (counts: typeof before) =>
			counts.policies.find((p) => p.slug === 'impartiality-policy')!.byRole.find((r) => r.role === 'volunteer')
				?.counts ?? { acknowledged: 0, due: 0, overdue: 0 };
		const [was, is] = [volunteers(before), volunteers(after)];
		expect(is.acknowledged - was.acknowledged).toBe(1);
		expect(is.due + is.overdue - (was.due + was.overdue)).toBe(1);
		expect(after.declarations.acknowledged - before.declarations.acknowledged).toBe(1);
		expect(
			after.declarations.due + after.declarations.overdue - (before.declarations.due + before.declarations.overdue)
		).toBe(1);

		// In the published report (every count shown, for the test), and the IPS course attended in May.
		const service = { ...content.service, reports: { smallestGroup: 1 } };
		const report = (await advisoryReport(test.db, period, { ...content, service }, now)).flatMap((s) => s.figures);
		const row = (figure: string, label: string) =>
			figureRows(report.find((f) => f.id === figure)!).find((r) => r[0] === label);
		expect(row('induction', "Inducted before, by the service's earlier records")).toEqual([
			"Inducted before, by the service's earlier records",
			String(after.induction.earlier)
		]);
		expect(row('courses', "Attended in the period, by the service's earlier records")).toEqual([
			"Attended in the period, by the service's earlier records",
			'1',
			'0'
		]);
		const lastYear = { from: '2025-01-01', to: '2025-12-31' };
		const earlierReport = (await advisoryReport(test.db, lastYear, { ...content, service }, now)).flatMap(
			(s) => s.figures
		);
		expect(
			figureRows(earlierReport.find((f) => f.id === 'courses')!).find((r) => r[0]!.includes('earlier records'))
		).toEqual(["Attended in the period, by the service's earlier records", '0', '0']);

		// Nothing of it reads as a completion of a module or a course here.
		const ivo = await test.db
			.selectFrom('person')
			.select(['id', 'inductionStage'])
			.where('email', '=', 'ivo@import.example')
			.executeTakeFirstOrThrow();
		expect(ivo.inductionStage).toBe('not-started');
		expect(Number((await counts()).completions)).toBe(0);
		const courseCompletions = await test.db
			.selectFrom('courseCompletion')
			.select('personId')
			.where('personId', '=', ivo.id)
			.execute();
		expect(courseCompletions).toEqual([]);
	});
});
