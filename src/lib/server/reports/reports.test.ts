import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import { loadContent, type Content } from '../content';
import type { Role } from '../db/schema';
import { registerInductionRequirements } from '../induction';
import { advisoryReport, figureRows, shown, type Figure } from './index';

const period = { from: '2026-01-01', to: '2026-12-31' };
const now = new Date('2026-11-23T12:00:00Z');

describe('publishing counts', () => {
	it('withholds groups of 1 to 4 people and shows the rest, including none', () => {
		expect([0, 1, 4, 5, 12].map(shown)).toEqual([0, null, null, 5, 12]);
	});

	it('writes withheld counts as "fewer than 5" in CSV rows', () => {
		const figure: Figure = {
			id: 'x',
			title: 'Pass rates',
			description: '',
			series: ['Passed (%)', 'People'],
			percent: [true, false],
			rows: [{ label: 'Quiz', values: [80, null] }]
		};
		expect(figureRows(figure)).toEqual([
			['Pass rates', 'Passed (%)', 'People'],
			['Quiz', '80%', 'fewer than 5']
		]);
	});
});

describe.each(testDatabaseKinds)('advisory reports on %s', (kind) => {
	let test: TestDatabase;
	let content: Content;
	const names: string[] = [];

	async function person(name: string, roles: Role[], joined: string, status: 'active' | 'deactivated' = 'active') {
		names.push(name);
		const row = await test.db
			.insertInto('person')
			.values({
				email: `${name.toLowerCase().replace(/ /g, '.')}@example.org`,
				name,
				roles,
				status,
				activatedAt: new Date(`${joined}T10:00:00Z`)
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		return row.id;
	}

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		content = loadContent();
		await registerInductionRequirements(test.db, content.modules);
		const supervisor = await person('Gwen Marsh', ['supervisor', 'staff'], '2020-01-01');
		// Six volunteers join in the period; two of them are observed, and one sample is reviewed.
		const volunteers: string[] = [];
		for (const name of ['Ada Quill', 'Ben Roe', 'Cara Voss', 'Dan Yule', 'Eve Zamir', 'Fay Oduya'])
			volunteers.push(await person(name, ['volunteer'], '2026-03-01'));
		await person('Gil Steer', ['steering'], '2026-02-01');
		for (const [i, subjectId] of volunteers.entries()) {
			await test.db
				.insertInto('supervisionRecord')
				.values({
					kind: 'supervision',
					subjectId,
					authorId: supervisor,
					heldOn: '2026-06-01',
					status: 'locked',
					details: JSON.stringify({})
				})
				.execute();
			if (i < 2) {
				const criteria = [
					{
						criterion: 'Sets out the options without directing',
						grade: i === 0 ? 'good' : 'inadequate',
						evidence: 'Seen'
					}
				];
				await test.db
					.insertInto('supervisionRecord')
					.values({
						kind: 'observation',
						subjectId,
						authorId: supervisor,
						heldOn: '2026-07-01',
						status: 'locked',
						details: JSON.stringify({ setting: 'phone', observed: 'A call', summary: '', criteria })
					})
					.execute();
			}
		}
		// The sample is written whole, its reviewed case with it, as a record is once shared.
		await test.db.transaction().execute(async (trx) => {
			const sample = await trx
				.insertInto('supervisionRecord')
				.values({
					kind: 'sample',
					subjectId: volunteers[0]!,
					authorId: supervisor,
					heldOn: '2026-08-01',
					status: 'locked',
					details: JSON.stringify({})
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await trx
				.insertInto('sampledCase')
				.values({
					recordId: sample.id,
					position: 1,
					caseReference: 'NS-2026-0777',
					grades: JSON.stringify([{ criterion: 'Confidentiality kept', grade: 'good', evidence: '' }]),
					comment: 'Fine',
					supportLevel: 'Advice',
					setting: 'Oakfield Primary',
					conflict: 'Oakfield Primary School',
					reviewedAt: new Date('2026-08-01T12:00:00Z')
				})
				.execute();
		});
		// A draft observation is not yet evidence.
		await test.db
			.insertInto('supervisionRecord')
			.values({
				kind: 'observation',
				subjectId: volunteers[2]!,
				authorId: supervisor,
				heldOn: '2026-07-02',
				status: 'draft',
				details: JSON.stringify({
					criteria: [{ criterion: 'Sets out the options without directing', grade: 'good', evidence: '' }]
				})
			})
			.execute();
	});
	afterAll(() => test.close());

	const figure = async (id: string) =>
		(await advisoryReport(test.db, period, content, now)).flatMap((s) => s.figures).find((f) => f.id === id)!;

	it('counts induction for the six volunteers who joined, all not started', async () => {
		const induction = await figure('induction');
		expect(induction.rows.find((r) => r.label === 'Not started')!.values).toEqual([6]);
		expect(induction.notes?.[0]).toBe('6 people joined in the period.');
	});

	it('counts supervision held in the period against the interval, by role', async () => {
		const supervision = await figure('supervision');
		const volunteers = supervision.rows.find((r) => r.label === 'Volunteer (IPS)')!;
		// Six sessions held; each volunteer was with the service 306 days of the period, five sessions at one every 56 days.
		expect(volunteers.values).toEqual([6, 30, 6]);
	});

	it('withholds observation grades given fewer than 5 times, and leaves drafts out', async () => {
		const observations = await figure('observations');
		expect(observations.rows).toEqual([
			{ label: 'Sets out the options without directing', values: [null, 0, null, 0] }
		]);
	});

	it('never carries a name, an email or a case reference, in any figure or its CSV', async () => {
		const report = await advisoryReport(test.db, period, content, now);
		const text = JSON.stringify(report) + JSON.stringify(report.flatMap((s) => s.figures.map(figureRows)));
		for (const name of names) expect(text).not.toContain(name);
		expect(text).not.toMatch(/@example\.org/);
		expect(text).not.toMatch(/NS-\d{4}-\d{4}/);
		expect(text).not.toContain('Oakfield');
	});
});
