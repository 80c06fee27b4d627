import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import { loadContent, type Content } from '../content';
import type { Role } from '../db/schema';
import { registerInductionRequirements } from '../induction';
import { moveOnToStages } from '../supervision/history';
import { settleFirstAttempts } from '../quizzes';
import { advisoryReport, figureRows, publishedCount, publishedRate, reportSections, type Figure } from './index';
import { seededRandom } from '../../testing/random';
import { peopleCounts } from './people';
import { policyCompliance } from '../policies';
import { declarationRegister } from '../declarations';

const period = { from: '2026-01-01', to: '2026-12-31' };
const now = new Date('2026-11-23T12:00:00Z');

describe('publishing counts and shares', () => {
	it('withholds groups of 1 to 4 people, shows none as none, and rounds the rest to a multiple of 5', () => {
		expect([0, 1, 4, 5, 6, 7, 8, 12, 13].map((n) => publishedCount(n, 5))).toEqual([
			0,
			null,
			null,
			5,
			5,
			5,
			10,
			10,
			15
		]);
		expect([1, 2, 3, 4, 5].map((n) => publishedCount(n, 3))).toEqual([null, null, 3, 3, 6]);
	});

	it('shows a share only when 5 or more are on each side of it, from the rounded counts', () => {
		// "86%, 7 people": one failed. And "100% of 6": none did. Neither is shown.
		expect(publishedRate(6, 7, 5)).toBeNull();
		expect(publishedRate(6, 6, 5)).toBeNull();
		expect(publishedRate(0, 9, 5)).toBeNull();
		expect(publishedRate(10, 15, 5)).toBe(67);
		expect(publishedRate(10, 16, 5)).toBe(67);
		expect(publishedRate(10, 17, 5)).toBe(67);
	});

	it('publishes no count a reader could take one or two people from, for any group size (seed 10)', () => {
		const random = seededRandom(10);
		for (let n = 0; n < 20_000; n++) {
			const k = random.int(3, 8);
			const count = random.int(0, 200);
			const shown = publishedCount(count, k);
			if (count > 0 && count < k) expect(shown).toBeNull();
			else {
				expect(shown! % k).toBe(0);
				expect(Math.abs(shown! - count)).toBeLessThanOrEqual(k / 2);
			}
			const part = random.int(0, count);
			const rate = publishedRate(part, count, k);
			if (rate !== null) expect(part >= k && count - part >= k).toBe(true);
		}
	});

	it('leaves two overlapping periods no difference of fewer than 5 to read (seed 20)', () => {
		const random = seededRandom(20);
		for (let n = 0; n < 20_000; n++) {
			// A wider period has the narrower one's people and a few more, each passed or not.
			const [passed, failed] = [random.int(0, 40), random.int(0, 40)];
			const [morePassed, moreFailed] = [random.int(0, 4), random.int(0, 4)];
			const [narrowRate, narrowPeople] = [
				publishedRate(passed, passed + failed, 5),
				publishedCount(passed + failed, 5)
			];
			const everyone = passed + failed + morePassed + moreFailed;
			const [wideRate, widePeople] = [publishedRate(passed + morePassed, everyone, 5), publishedCount(everyone, 5)];
			// The people counts differ by nothing, or by a multiple of 5: never by the one to four between them.
			if (narrowPeople !== null && widePeople !== null) expect(Math.abs(widePeople - narrowPeople) % 5).toBe(0);
			// Whenever the few people between the two were all of one outcome, and none of the
			// narrower period's had that outcome, neither period shows a share at all.
			if ((moreFailed === 0 && passed === 0) || (morePassed === 0 && failed === 0)) {
				expect(narrowRate).toBeNull();
				expect(wideRate).toBeNull();
			}
		}
	});

	it('writes withheld figures as the figure reads them in CSV rows', () => {
		const figure: Figure = {
			id: 'x',
			title: 'Pass rates',
			description: '',
			series: ['Passed (%)', 'People'],
			percent: [true, false],
			rows: [{ label: 'Quiz', values: [80, null] }],
			withheldAs: 'fewer than 5'
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
		// The sample is drawn and reviewed as a draft, then shared and signed off.
		const sample = await test.db
			.insertInto('supervisionRecord')
			.values({
				kind: 'sample',
				subjectId: volunteers[0]!,
				authorId: supervisor,
				heldOn: '2026-08-01',
				details: JSON.stringify({})
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await test.db
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
		await moveOnToStages(test.db, [{ id: sample.id, status: 'locked' }]);
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

	it('counts induction for the six volunteers who joined, all not started, rounded to a multiple of 5', async () => {
		const induction = await figure('induction');
		expect(induction.rows.find((r) => r.label === 'Not started')!.values).toEqual([5]);
		expect(induction.notes?.[0]).toBe('5 people joined in the period.');
	});

	it('counts supervision held in the period against the interval, by role', async () => {
		const supervision = await figure('supervision');
		const volunteers = supervision.rows.find((r) => r.label === 'Volunteer (IPS)')!;
		// Six sessions held by six volunteers (each shown as 5); each volunteer was with the service 306
		// days of the period, five sessions at one every 56 days: 30 intended.
		expect(volunteers.values).toEqual([5, 30, 5]);
	});

	it('withholds observation grades given fewer than 5 times, and leaves drafts out', async () => {
		const observations = await figure('observations');
		expect(observations.rows).toEqual([
			{ label: 'Sets out the options without directing', values: [null, 0, null, 0] }
		]);
	});

	it('counts acknowledgements and declarations today as the compliance page and the register do', async () => {
		const standing = await peopleCounts(test.db, period, content, [['volunteer', 56]], now);
		for (const policy of content.policies) {
			const counted = standing.policies.find((p) => p.slug === policy.slug);
			for (const role of ['volunteer', 'supervisor', 'steering'] as const) {
				const page = await policyCompliance(test.db, policy, content.service.policyTiming, { role }, now);
				const mine = counted?.byRole.find((r) => r.role === role)?.counts ?? { acknowledged: 0, due: 0, overdue: 0 };
				expect(mine).toEqual(page.counts);
			}
		}
		const register = await declarationRegister(test.db, {}, now);
		const { acknowledged, due, overdue } = standing.declarations;
		expect(due + overdue).toBe(register.outstandingCount);
		expect(acknowledged + due + overdue).toBe(register.people);
	});

	it('works out a section alone with the same figures as the whole report, in the report order', async () => {
		const whole = await advisoryReport(test.db, period, content, now);
		expect(whole.map((s) => s.id)).toEqual([...reportSections]);
		for (const section of whole) {
			expect(await advisoryReport(test.db, period, content, now, [section.id])).toEqual([section]);
		}
		const two = await advisoryReport(test.db, period, content, now, ['feedback', 'induction']);
		expect(two.map((s) => s.id)).toEqual(['induction', 'feedback']);
		expect(await advisoryReport(test.db, period, content, now, [])).toEqual([]);
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

describe.each(testDatabaseKinds)('quiz pass rates over overlapping periods on %s', (kind) => {
	let test: TestDatabase;
	let content: Content;
	let quiz: Content['quizzes'][number];
	// The issue as found: seven people tried a quiz in a year, one of them (20 days before its end) failed.
	const year = { from: '2026-01-01', to: '2026-12-31' };
	const earlier = { from: '2026-01-01', to: '2026-12-11' };

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		content = loadContent();
		quiz = content.quizzes[0]!;
		const [version] = await test.db
			.insertInto('quizVersion')
			.values({ slug: quiz.slug, version: 1, contentHash: 'overlap-test' })
			.returning('id')
			.execute();
		const attempt = async (name: string, at: string, passed: boolean) => {
			const { id } = await test.db
				.insertInto('person')
				.values({ name, email: `${name}@example.org`, roles: ['volunteer'], status: 'active' })
				.returning('id')
				.executeTakeFirstOrThrow();
			const when = new Date(`${at}T10:00:00Z`);
			await test.db
				.insertInto('quizAttempt')
				.values({
					personId: id,
					quizSlug: quiz.slug,
					quizVersionId: version!.id,
					steps: JSON.stringify([]),
					startedAt: when,
					submittedAt: when,
					score: passed ? 100 : 40,
					passed
				})
				.execute();
		};
		for (let i = 0; i < 6; i++) await attempt(`passed${i}`, `2026-0${i + 1}-10`, true);
		await attempt('failed', '2026-12-21', false);
		await settleFirstAttempts(test.db);
	});
	afterAll(() => test.close());

	const passRates = async (period: { from: string; to: string }, service = content.service) =>
		figureRows(
			(await advisoryReport(test.db, period, { ...content, service }, now))
				.flatMap((s) => s.figures)
				.find((f) => f.id === 'quiz-pass-rates')!
		);

	it('shows neither "86%, 7 people" nor "100% of 6", so the one who failed cannot be worked out', async () => {
		const wide = await passRates(year);
		const narrow = await passRates(earlier);
		expect(wide[1]).toEqual([quiz.title, 'fewer than 5', '5', '5']);
		expect(narrow[1]).toEqual([quiz.title, 'fewer than 5', '5', '5']);
	});

	it('takes its smallest group from service.yml', async () => {
		const three = { ...content.service, reports: { smallestGroup: 3 } };
		const wide = await passRates(year, three);
		// One failed: fewer than 3 on that side, so still no share; the people are rounded to a multiple of 3.
		expect(wide[1]).toEqual([quiz.title, 'fewer than 3', '6', '6']);
	});
});
