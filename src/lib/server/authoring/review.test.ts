import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import type { Role } from '../db/schema';
import type { SessionPerson } from '../auth/sessions';
import { can } from '../auth/permissions';
import { findDocument, publishDraft, saveDraft, syncShippedContent } from './index';
import { folderSource } from '../content/source';
import {
	commentOnReview,
	openReviewOf,
	recordedReview,
	reviewedOnField,
	reviewForMember,
	reviewsFor,
	reviewSteps,
	sendForReview
} from './review';

const shipped = folderSource('content');

describe('the date a review is recorded for', () => {
	const field = reviewedOnField('2027-03-12');

	it('takes a past day or today, and blank for none', () => {
		expect(field.parse('2027-03-12')).toBe('2027-03-12');
		expect(field.parse(' 2027-01-05 ')).toBe('2027-01-05');
		expect(field.parse('')).toBeNull();
	});

	it('refuses a day in the future, a day that does not exist and another format', () => {
		const message = (text: string) => field.safeParse(text).error?.issues[0]?.message;
		expect(message('2027-03-13')).toBe('The date the steering group approved it must be today or in the past');
		expect(message('2027-02-30')).toBe('Enter a real date');
		expect(message('12/03/2027')).toMatch(/as YYYY-MM-DD/);
	});
});

describe.each(testDatabaseKinds)('the steering group’s review of a policy draft on %s', (kind) => {
	let test: TestDatabase;
	let coordinator: SessionPerson;
	let member: SessionPerson;
	let member2: SessionPerson;
	let other: SessionPerson;
	let volunteer: SessionPerson;

	const person = async (name: string, roles: Role[]): Promise<SessionPerson> => {
		const row = await test.db
			.insertInto('person')
			.values({ email: `${name.toLowerCase().replace(/\W/g, '')}@example.org`, name, roles, status: 'active' })
			.returning(['id', 'name', 'email', 'roles'])
			.executeTakeFirstOrThrow();
		return { ...row, supervisorId: null };
	};
	const policy = async (slug = 'impartiality-policy') => (await findDocument(test.db, 'policies', slug))!;
	const draft = async (slug: string, change: (text: string) => string) => {
		const doc = await policy(slug);
		await saveDraft(test.db, {
			documentId: doc.id,
			body: change(doc.published!.body),
			authorId: coordinator.id,
			seen: null
		});
		return (await policy(slug))!;
	};
	const audits = async (action: string) =>
		test.db
			.selectFrom('auditEvent')
			.select(['actorId', 'recordId', 'detail'])
			.where('action', '=', action)
			.orderBy('id')
			.execute();

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		await syncShippedContent(test.db, shipped);
		coordinator = await person('Cora Coordinator', ['coordinator']);
		member = await person('Sam Steering', ['steering']);
		member2 = await person('Tess Steering', ['steering']);
		other = await person('Olu Steering', ['steering']);
		volunteer = await person('Vic Volunteer', ['volunteer']);
	});
	afterAll(() => test?.close());

	it('sends a draft to chosen steering members only, and audits it', async () => {
		const doc = await draft('impartiality-policy', (t) => t.replace('## 1.', 'A new opening line.\n\n## 1.'));
		expect(await sendForReview(test.db, member, { documentId: doc.id, reviewerIds: [member.id] })).toMatchObject({
			ok: false
		});
		expect(
			await sendForReview(test.db, coordinator, { documentId: doc.id, reviewerIds: [member.id, volunteer.id] })
		).toEqual({ ok: false, message: 'Choose only active members of the steering group', field: 'reviewers' });
		const sent = await sendForReview(test.db, coordinator, {
			documentId: doc.id,
			reviewerIds: [member.id, member2.id],
			address: '203.0.113.4'
		});
		expect(sent).toMatchObject({ ok: true, added: [{ id: member.id }, { id: member2.id }] });
		// Sending again adds only those not yet asked.
		expect(await sendForReview(test.db, coordinator, { documentId: doc.id, reviewerIds: [member.id] })).toMatchObject({
			ok: false,
			message: 'Everyone chosen has already been sent this draft'
		});
		const [audit] = await audits('content.review-sent');
		expect(audit).toMatchObject({ actorId: coordinator.id, recordId: doc.id });
		expect((audit!.detail as { reviewers: string[] }).reviewers.sort()).toEqual([member.id, member2.id].sort());
		const open = (await openReviewOf(test.db, doc))!;
		expect(open.reviewers.map((r) => [r.name, r.commented])).toEqual([
			['Sam Steering', false],
			['Tess Steering', false]
		]);
	});

	it('refuses to send a policy with no draft, or a document that is not a policy', async () => {
		const doc = await policy('confidentiality-policy');
		expect(doc.draft).toBeNull();
		expect(await sendForReview(test.db, coordinator, { documentId: doc.id, reviewerIds: [member.id] })).toMatchObject({
			ok: false,
			message: 'Save a draft of the policy before sending it for review'
		});
		const module = (await findDocument(test.db, 'modules', 'confidentiality'))!;
		await saveDraft(test.db, {
			documentId: module.id,
			body: module.published!.body,
			authorId: coordinator.id,
			seen: null
		});
		expect(
			await sendForReview(test.db, coordinator, { documentId: module.id, reviewerIds: [member.id] })
		).toMatchObject({
			ok: false
		});
	});

	it('shows each member only the drafts sent to them, and takes their comments', async () => {
		const [waiting] = await reviewsFor(test.db, member);
		expect(waiting).toMatchObject({ slug: 'impartiality-policy', title: 'Impartiality Policy', commented: false });
		expect(await reviewSteps(test.db, member)).toEqual([
			{
				text: 'Review the draft of the Impartiality Policy for the steering group',
				href: `/policy-reviews/${waiting!.id}`
			}
		]);
		// Someone it was not sent to sees nothing of it and cannot comment, steering member or not.
		expect(await reviewsFor(test.db, other)).toEqual([]);
		expect(await reviewForMember(test.db, other, waiting!.id)).toBeUndefined();
		expect(await reviewForMember(test.db, coordinator, waiting!.id)).toBeUndefined();
		expect(await commentOnReview(test.db, other, waiting!.id, { approves: 'yes', comment: '' })).toEqual({
			ok: false,
			message: 'This draft is not waiting for your review'
		});
		expect(can(member, 'content.edit')).toBe(false);

		const found = (await reviewForMember(test.db, member, waiting!.id))!;
		expect(found.document.draft.body).toContain('A new opening line.');
		expect(found.document.published!.body).not.toContain('A new opening line.');

		expect(
			await commentOnReview(test.db, member, waiting!.id, {
				approves: 'no',
				comment: 'Say who the opening line is for.',
				address: '203.0.113.5'
			})
		).toEqual({ ok: true });
		await commentOnReview(test.db, member2, waiting!.id, { approves: 'yes', comment: 'Clear and fair.' });
		expect(await reviewSteps(test.db, member)).toEqual([]);
		expect(await reviewSteps(test.db, member2)).toEqual([]);
		const open = (await openReviewOf(test.db, await policy()))!;
		expect(open.comments).toMatchObject([
			{ authorName: 'Sam Steering', approves: false, comment: 'Say who the opening line is for.', onThisDraft: true },
			{ authorName: 'Tess Steering', approves: true, comment: 'Clear and fair.', onThisDraft: true }
		]);
		expect(await audits('content.review-commented')).toMatchObject([
			{ actorId: member.id, detail: { approves: false } },
			{ actorId: member2.id, detail: { approves: true } }
		]);
	});

	it('marks comments made on an earlier text of the draft', async () => {
		const doc = await draft('impartiality-policy', (t) =>
			t.replace('A new opening line.', 'A new opening line, for everyone.')
		);
		await saveDraft(test.db, {
			documentId: doc.id,
			body: doc.draft!.body.replace('A new opening line.', 'A new opening line, for everyone.'),
			authorId: coordinator.id,
			seen: doc.draft!.updatedAt
		});
		const open = (await openReviewOf(test.db, await policy()))!;
		expect(open.comments.map((c) => c.onThisDraft)).toEqual([false, false]);
		await commentOnReview(test.db, member, open.id, { approves: 'yes', comment: 'Better now.' });
		expect((await openReviewOf(test.db, await policy()))!.comments.map((c) => c.onThisDraft)).toEqual([
			false,
			false,
			true
		]);
	});

	it('records the review with the version published, which the policy page reads', async () => {
		const doc = await policy();
		const reviewId = (await openReviewOf(test.db, doc))!.id;
		expect(await recordedReview(test.db, doc.path)).toBeNull();
		const result = await publishDraft(test.db, {
			documentId: doc.id,
			change: 'minor',
			summary: 'A clearer opening.',
			actorId: coordinator.id,
			reviewedOn: '2026-11-30'
		});
		expect(result).toMatchObject({ published: true, path: 'policies/impartiality-policy/5.md' });
		expect(await recordedReview(test.db, 'policies/impartiality-policy/5.md')).toEqual({
			reviewedOn: '2026-11-30',
			comments: 3
		});
		// The earlier version has none; the review is closed, so its members no longer see it.
		expect(await recordedReview(test.db, 'policies/impartiality-policy/4.md')).toBeNull();
		expect(await reviewsFor(test.db, member)).toEqual([]);
		expect(await reviewForMember(test.db, member, reviewId)).toBeUndefined();
		expect(await commentOnReview(test.db, member, reviewId, { approves: 'yes', comment: 'Late' })).toMatchObject({
			ok: false
		});
		const published = (await audits('content.published')).at(-1)!;
		expect(published).toMatchObject({
			actorId: coordinator.id,
			detail: { review: reviewId, reviewedOn: '2026-11-30' }
		});
	});

	it('records a review held without sending the draft, and none when the date is left out', async () => {
		let doc = await draft('confidentiality-policy', (t) => `${t}\nA closing line.\n`);
		await publishDraft(test.db, {
			documentId: doc.id,
			change: 'minor',
			summary: 'A closing line.',
			actorId: coordinator.id
		});
		doc = await policy('confidentiality-policy');
		expect(await recordedReview(test.db, doc.path)).toBeNull();
		doc = await draft('confidentiality-policy', (t) => `${t}\nAnother line.\n`);
		await publishDraft(test.db, {
			documentId: doc.id,
			change: 'minor',
			summary: 'Another line.',
			actorId: coordinator.id,
			reviewedOn: '2026-12-01'
		});
		expect(await recordedReview(test.db, (await policy('confidentiality-policy')).path)).toEqual({
			reviewedOn: '2026-12-01',
			comments: 0
		});
	});
});
