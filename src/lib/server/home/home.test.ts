import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../db';
import { moveOnToStages } from '../supervision/history';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import type { SessionPerson } from '../auth/sessions';
import { loadContent } from '../content';
import { homeSummary, policyReviewSteps } from './index';

const content = loadContent();

describe.each(testDatabaseKinds)('the next steps on a home page, on %s', (kind) => {
	let test: TestDatabase;
	let supervisor: SessionPerson;
	let volunteer: SessionPerson;

	async function addPerson(
		name: string,
		roles: SessionPerson['roles'],
		supervisorId: string | null = null
	): Promise<SessionPerson> {
		const email = `${name.toLowerCase().replace(/\W+/g, '.')}@home.example`;
		const { id } = await test.db
			.insertInto('person')
			.values({ name, email, roles, status: 'active', supervisorId })
			.returning('id')
			.executeTakeFirstOrThrow();
		return { id, name, email, roles, supervisorId };
	}

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		supervisor = await addPerson('Sam Supervisor', ['supervisor', 'staff']);
		volunteer = await addPerson('Vic Volunteer', ['volunteer'], supervisor.id);
	});
	afterAll(() => test.close());

	const texts = async (person: SessionPerson) => (await homeSummary(test.db, person, content)).steps.map((s) => s.text);

	/** A record about the volunteer, shared with them, with one open action for them to take. */
	/** A record about the volunteer, shared with them, with one open action for them to take. */
	async function sharedRecordWithAction(description: string, db: Database = test.db) {
		const { id } = await db
			.insertInto('supervisionRecord')
			.values({
				kind: 'supervision',
				subjectId: volunteer.id,
				authorId: supervisor.id,
				heldOn: '2026-11-02',
				details: JSON.stringify({})
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await db
			.insertInto('agreedAction')
			.values({ recordId: id, subjectId: volunteer.id, ownerId: volunteer.id, description, dueOn: '2099-01-31' })
			.execute();
		// Actions are agreed in a draft, which is then shared.
		await moveOnToStages(db, [{ id, status: 'shared' }]);
		return id;
	}

	it('shows each change to what a person must do on their very next visit', async () => {
		// Seen twice first, so that what follows is served from what was kept, if anything was.
		for (let i = 0; i < 2; i++) {
			const before = await texts(volunteer);
			expect(before.some((t) => t.startsWith('Make your declaration of interests'))).toBe(true);
			expect(before.some((t) => t.startsWith('Agreed action'))).toBe(false);
		}

		await test.db
			.insertInto('declarationReturn')
			.values({ personId: volunteer.id, madeAt: new Date(), nil: true, interests: 0 })
			.execute();
		expect((await texts(volunteer)).some((t) => t.startsWith('Make your declaration of interests'))).toBe(false);

		const recordId = await sharedRecordWithAction('Reread the module on confidentiality');
		const withRecord = await texts(volunteer);
		expect(withRecord).toContain('Read and sign off a supervision record shared with you');
		expect(withRecord).toContain('Agreed action: Reread the module on confidentiality, due by 31 January 2099');

		await test.db.updateTable('agreedAction').set({ closedAt: new Date() }).where('recordId', '=', recordId).execute();
		expect((await texts(volunteer)).some((t) => t.startsWith('Agreed action'))).toBe(false);
		await test.db
			.updateTable('supervisionRecord')
			.set({ status: 'locked', signedAt: new Date() })
			.where('id', '=', recordId)
			.execute();
		expect((await texts(volunteer)).some((t) => t.startsWith('Read and sign off'))).toBe(false);
	});

	it("keeps each person's home apart, and a supervisor's own from their supervisee's", async () => {
		await sharedRecordWithAction('Bring two anonymised case notes');
		expect(await texts(volunteer)).toContain('Agreed action: Bring two anonymised case notes, due by 31 January 2099');
		expect((await texts(supervisor)).some((t) => t.includes('Bring two anonymised case notes'))).toBe(false);
		// A supervisor's home counts their supervisees; the same person without the role is not asked.
		expect((await homeSummary(test.db, supervisor, content)).superviseeCount).toBe(1);
		expect((await homeSummary(test.db, { ...supervisor, roles: ['staff'] }, content)).superviseeCount).toBeNull();
	});

	// Nothing is kept between visits: another instance's change shows on the very next one.
	if (kind === 'postgres')
		it("shows an action agreed on another instance on this instance's next visit", async () => {
			const other = createDatabase({ url: test.url!, poolSize: 2 });
			try {
				expect((await texts(volunteer)).length).toBeGreaterThan(0);
				// A record shared there, with an action agreed in it.
				await sharedRecordWithAction('Agreed elsewhere', other);
				expect(await texts(volunteer)).toContain('Agreed action: Agreed elsewhere, due by 31 January 2099');
			} finally {
				await other.destroy();
			}
		});
});

describe('policy reviews on the home page of those who edit content', () => {
	const policy = loadContent().policyBySlug.get('impartiality-policy')!;
	const reviewedBy = (nextReview: string) => ({
		...policy,
		versions: policy.versions.map((v) => ({ ...v, nextReview }))
	});

	it('says a review is coming within the notice period, and overdue once its date has passed', () => {
		const today = '2027-06-10';
		expect(policyReviewSteps([reviewedBy('2027-09-30')], today)).toEqual([]);
		expect(policyReviewSteps([reviewedBy('2027-07-31')], today)).toEqual([
			{
				text: `The ${policy.versions.at(-1)!.title} is due for review by 31 July 2027: plan its review with the steering group`,
				href: '/content/policies/impartiality-policy'
			}
		]);
		expect(policyReviewSteps([reviewedBy('2027-06-09')], today)[0]!.text).toMatch(
			/was due for review on 9 June 2027: review it with the steering group and publish the reviewed version$/
		);
	});
});
