import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import { loadContent, type Content } from '../content';
import { inductionModulesFor, registerModuleVersions } from '../induction';
import { registerQuizVersions } from '../quizzes';
import { registerPolicyVersions } from '../policies';
import { advisoryReport, defaultPeriod, type Report } from '../reports';
import { demoPeople, seedDemo } from './seed';
import { demoCast } from './cast';
import { demoEditedModule, demoUpgradedModule } from './content';
import { findDocument, listDocuments, loadPublishedContent } from '../authoring';
import { readFileSync } from 'node:fs';
import { listLeaflets, waitingForReview } from '../leaflets';
import { leafletRules } from '../content/service';
import { serviceDay } from '../../format';
import { quotesIn, workerResults } from '../feedback/results';
import { smallestGroup } from '../content/service';

describe.each(testDatabaseKinds)('the demo service on %s', (kind) => {
	let test: TestDatabase;
	let content: Content;
	let report: Report;

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		content = loadContent();
		// As the server does before it seeds the demo.
		await registerModuleVersions(test.db, content.modules);
		await registerQuizVersions(test.db, content.quizzes);
		await registerPolicyVersions(test.db, content.policies);
		expect(await seedDemo(test.db, content)).toBe(true);
		const now = new Date();
		report = await advisoryReport(test.db, defaultPeriod(now), content, now);
	}, 120_000);
	afterAll(async () => {
		await test?.close();
	});

	const figure = (id: string) => {
		const found = report.flatMap((s) => s.figures).find((f) => f.id === id);
		expect(found, `the report has a figure "${id}"`).toBeDefined();
		return found!;
	};
	/** A row's values, which must each be a number the reader sees, not "fewer than 5". */
	const shown = (id: string, label: string) => {
		const row = figure(id).rows.find((r) => r.label === label);
		expect(row, `"${id}" has a row "${label}"`).toBeDefined();
		return row!.values;
	};

	it("issues Joanna's certificate for her completed induction, which stands", async () => {
		const joanna = demoPeople.find((p) => p.key === 'staff')!;
		const rows = await test.db
			.selectFrom('certificate')
			.innerJoin('person', 'person.id', 'certificate.personId')
			.select(['certificate.achievement', 'certificate.withdrawnAt', 'person.inductionStage'])
			.where('person.email', '=', joanna.email)
			.execute();
		expect(rows.map((r) => r.achievement)).toContain('induction');
		expect(rows.every((r) => r.withdrawnAt === null && r.inductionStage === 'completed')).toBe(true);
	});

	it('gives Joanna a training log: a course done elsewhere and a reflective note', async () => {
		const joanna = demoPeople.find((p) => p.key === 'staff')!;
		const entries = await test.db
			.selectFrom('trainingLogEntry')
			.innerJoin('person', 'person.id', 'trainingLogEntry.personId')
			.select(['trainingLogEntry.kind', 'trainingLogEntry.minutes'])
			.where('person.email', '=', joanna.email)
			.orderBy('trainingLogEntry.kind')
			.execute();
		expect(entries).toEqual([
			{ kind: 'note', minutes: null },
			{ kind: 'training', minutes: 180 }
		]);
	});

	it('has about sixty people across every role, none of them a second time', async () => {
		const people = await test.db.selectFrom('person').select(['email', 'roles']).execute();
		expect(people.length).toBeGreaterThanOrEqual(55);
		expect(people.length).toBeLessThanOrEqual(65);
		expect(new Set(people.map((p) => p.email)).size).toBe(people.length);
		const inRole = (role: string) => people.filter((p) => p.roles.includes(role as never)).length;
		for (const role of ['volunteer', 'staff', 'supervisor', 'steering'])
			expect(inRole(role), role).toBeGreaterThanOrEqual(5);
		expect(inRole('coordinator')).toBeGreaterThanOrEqual(2);
	});

	it("keeps the named people's supervisees as the browser tests know them", async () => {
		const supervisees = async (email: string) =>
			(
				await test.db
					.selectFrom('person as p')
					.innerJoin('person as s', 's.id', 'p.supervisorId')
					.select('p.name')
					.where('s.email', '=', email)
					.orderBy('p.name')
					.execute()
			).map((r) => r.name);
		const named = (key: string) => demoPeople.filter((p) => p.supervisor === key).map((p) => p.name);
		expect(await supervisees('supervisor@demo.test')).toEqual(named('supervisor').sort());
		expect(await supervisees('supervisor2@demo.test')).toEqual(named('supervisor2').sort());
		for (const p of demoPeople) expect(await supervisees(p.email), p.name).toHaveLength(named(p.key).length);
		// The cohorts the browser tests book and cancel places on hold only the named people.
		const places = await test.db
			.selectFrom('coursePlace')
			.innerJoin('cohort', 'cohort.id', 'coursePlace.cohortId')
			.innerJoin('person', 'person.id', 'coursePlace.personId')
			.select(['cohort.title', 'person.email', 'coursePlace.status'])
			.where('cohort.title', 'in', ['Autumn 2026', 'Spring 2027', 'Summer 2027'])
			.execute();
		const cast = new Set(demoCast().map((p) => p.email));
		expect(places.filter((p) => cast.has(p.email))).toEqual([]);
		expect(places.filter((p) => p.title === 'Spring 2027' && p.status === 'booked')).toHaveLength(3);
	});

	it("shows the steering group real figures for the last twelve months, not 'fewer than 5'", () => {
		const number = (v: unknown) => expect(typeof v === 'number' && v > 0, String(v)).toBe(true);

		// Induction of those who joined in the year, and how long it took.
		for (const stage of ['Completed', 'In progress']) number(shown('induction', stage)[0]);
		expect(figure('induction').notes?.join(' ')).toMatch(/Half of those who completed did so within about \d+ weeks/);

		// A pass rate for the first quiz of induction, which everyone takes, and the scenarios most often missed.
		const first = inductionModulesFor(content.modules, ['volunteer']).find((m) =>
			content.quizzes.some((q) => q.module === m.slug)
		)!;
		const quiz = content.quizzes.find((q) => q.module === first.slug)!;
		for (const v of shown('quiz-pass-rates', quiz.title)) number(v);
		for (const row of figure('quiz-pass-rates').rows) for (const v of row.values.slice(1)) number(v);
		expect(figure('quiz-hardest').rows.length).toBeGreaterThan(0);

		// Where volunteers and staff stand with each policy: a major version that took effect days
		// ago leaves most of them due rather than up to date, so a real count shows in one column or more.
		for (const policy of content.policies)
			for (const role of ['Volunteer (IPS)', 'Staff'])
				expect(
					shown(`policy-${policy.slug}`, role).some((v) => typeof v === 'number' && v > 0),
					`${policy.slug}, ${role}`
				).toBe(true);

		// Supervision held and intended, for volunteers and staff.
		for (const role of ['Volunteer (IPS)', 'Staff']) for (const v of shown('supervision', role)) number(v);

		// Observations and casework: every criterion has a count of "Good".
		for (const id of ['observations', 'casework']) {
			expect(figure(id).rows.length, id).toBeGreaterThan(0);
			for (const row of figure(id).rows) number(row.values[0]);
		}
		expect(figure('casework').notes?.[0]).toMatch(/^\d+ cases were reviewed/);

		for (const label of [
			'Declarations made in the period',
			'of which nil returns',
			'People who declared in the period',
			'Up to date today'
		])
			number(shown('declarations', label)[0]);

		for (const label of ['Places offered', 'Places taken', 'Completed by attending'])
			number(shown('courses', label)[0]);
	});

	it('has information for families in every state of its review', async () => {
		const today = serviceDay();
		const states = await Promise.all(
			(['draft', 'in-review', 'sent-back', 'verified', 'due', 'retired'] as const).map(async (state) => {
				const { rows } = await listLeaflets(test.db, { state, page: 1 }, leafletRules(content.service), today);
				return [state, rows.map((r) => r.state)] as const;
			})
		);
		for (const [state, found] of states) expect(found.length, `items in state ${state}`).toBeGreaterThan(0);
		// Both due soon and overdue.
		expect(new Set(states.find(([s]) => s === 'due')![1])).toEqual(new Set(['due', 'overdue']));
		// The item waiting for review has one member's review in, and the other member still to review it.
		const steering = await test.db
			.selectFrom('person')
			.select(['id', 'name', 'email', 'roles'])
			.where('email', '=', 'steering@demo.test')
			.executeTakeFirstOrThrow();
		expect(await waitingForReview(test.db, { ...steering, supervisorId: null })).toHaveLength(1);
		expect(shown('leaflets', 'Items overdue for review at the end of the period')[0]).toBe(1);
		expect(shown('leaflets', 'Versions sent back in the period')[0]).toBe(1);
	});

	it("shows a year of families' feedback across every channel, with quotes, and one worker's totals but not another's", async () => {
		const number = (v: number | null) => expect(typeof v).toBe('number');
		for (const label of ['Helpline', 'Email or website', 'Supporter at a meeting', 'Workshop or information session'])
			expect(shown('feedback-channels', label)[0]).toBeGreaterThan(0);
		number(shown('feedback-indicator', 'All impartiality questions')[0] ?? null);
		const trend = figure('feedback-trend').rows;
		expect(trend.length).toBeGreaterThanOrEqual(12);
		expect(trend.filter((r) => r.values[0] !== null).length).toBeGreaterThanOrEqual(6);
		const now = new Date();
		expect((await quotesIn(test.db, defaultPeriod(now))).length).toBeGreaterThanOrEqual(2);
		const k = smallestGroup(content.service);
		const person = (key: string) =>
			test.db
				.selectFrom('person')
				.select('id')
				.where('email', '=', demoPeople.find((p) => p.key === key)!.email)
				.executeTakeFirstOrThrow();
		const joanna = await workerResults(
			test.db,
			(await person('staff')).id,
			defaultPeriod(now),
			content.questionnaires,
			k
		);
		expect(joanna.figures).not.toBeNull();
		const sam = await workerResults(
			test.db,
			(await person('volunteer')).id,
			defaultPeriod(now),
			content.questionnaires,
			k
		);
		expect(sam).toEqual({ figures: null, links: 1 });
	});

	it('has one module the service edited, and a shipped update to another it edited, waiting and not applied', async () => {
		const documents = await listDocuments(test.db);
		const edited = documents.find((d) => d.slug === demoEditedModule.slug)!;
		expect(edited).toMatchObject({ publishedBy: 'Priya Raman', shippedChangedAt: null });
		const editedText = (await findDocument(test.db, 'modules', demoEditedModule.slug))!;
		expect(editedText.published).toMatchObject({ summary: demoEditedModule.summary });
		expect(editedText.published!.body).toContain(demoEditedModule.addition);

		const waiting = documents.find((d) => d.slug === demoUpgradedModule.slug)!;
		expect(waiting.shippedChangedAt).toBeInstanceOf(Date);
		expect(waiting.publishedBy).toBe('Priya Raman');
		const upgraded = (await findDocument(test.db, 'modules', demoUpgradedModule.slug))!;
		// Readers still get the service's text; the shipped one, with its new section, only waits.
		expect(upgraded.published!.body).toContain(demoUpgradedModule.addition);
		expect(upgraded.published!.body).not.toContain(demoUpgradedModule.newSection);
		expect(upgraded.shippedBody).toBe(readFileSync(`content/${demoUpgradedModule.path}`, 'utf8'));
		const served = (await loadPublishedContent(test.db)).content.moduleBySlug.get(demoUpgradedModule.slug)!.html;
		expect(served).toContain('tell the service manager the same day');
		expect(served).not.toContain('id="if-you-are-a-steering-or-advisory-group-member"');
		// Only these two: every other module still follows the library.
		expect(
			documents
				.filter((d) => d.kind === 'modules' && d.publishedBy)
				.map((d) => d.slug)
				.sort()
		).toEqual([demoEditedModule.slug, demoUpgradedModule.slug].sort());
	});
});
