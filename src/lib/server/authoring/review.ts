// The steering group's review of a policy draft: a coordinator sends the draft to chosen members,
// each reads it as readers will see it with what changed, and comments, saying whether they
// approve. Publishing closes the review against the version it produced, with the date the group
// approved it when the coordinator records one; the policy page shows that date.
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema';
import type { SessionPerson } from '../auth/sessions';
import { can } from '../auth/permissions';
import { recordAudit } from '../audit';
import { optionalDayField, textField } from '../forms';
import { sha256 } from '../content/markdown';
import { findDocument, problemsWith, publishedTree, type EditedDocument } from './index';
import { previewOf, type Preview } from './preview';
import { frontMatterValue } from './front-matter';
import { hasRole } from '../db/has-role';

export type Result<T = object> = ({ ok: true } & T) | { ok: false; message: string; field?: string };

const refuse = (message: string, field?: string) => ({ ok: false as const, message, field });

export const sendSchema = z.object({
	reviewers: z
		.array(z.uuid({ error: 'Choose members of the steering group' }))
		.min(1, 'Choose at least one member of the steering group')
		.max(100)
});

export const commentSchema = z
	.object({
		approves: z.enum(['yes', 'no'], { error: 'Say whether you approve the draft' }),
		comment: textField('Your comments', 5000)
	})
	.refine((v) => v.approves === 'yes' || !!v.comment, {
		path: ['comment'],
		message: 'Say what should change before you can approve it'
	});

/** The date the steering group approved the version, recorded on publishing: blank for none, never in the future. */
export function reviewedOnField(today: string) {
	return optionalDayField('the date the steering group approved it', '2027-03-12').refine(
		(day) => day === null || day <= today,
		'The date the steering group approved it must be today or in the past'
	);
}

export interface Member {
	id: string;
	name: string;
	email: string;
}

/** Everyone a draft can be sent to: the active members of the steering group. */
export function steeringMembers(db: Kysely<DB>): Promise<Member[]> {
	return db
		.selectFrom('person')
		.select(['id', 'name', 'email'])
		.where('status', '=', 'active')
		.where(hasRole('steering'))
		.orderBy('name')
		.limit(500)
		.execute();
}

export interface ReviewComment {
	authorName: string | null;
	approves: boolean;
	comment: string;
	createdAt: Date;
	/** False when the draft has changed since the member read it. */
	onThisDraft: boolean;
}

export interface OpenReview {
	id: string;
	sentAt: Date;
	reviewers: { id: string; name: string; commented: boolean }[];
	comments: ReviewComment[];
}

async function commentsOf(db: Kysely<DB>, reviewId: string, draftHash: string | null): Promise<ReviewComment[]> {
	const rows = await db
		.selectFrom('policyReviewComment as c')
		.leftJoin('person as p', 'p.id', 'c.authorId')
		.select(['p.name as authorName', 'c.approves', 'c.comment', 'c.createdAt', 'c.draftHash'])
		.where('c.reviewId', '=', reviewId)
		.orderBy('c.createdAt')
		.limit(500)
		.execute();
	return rows.map(({ draftHash: hash, ...c }) => ({ ...c, onThisDraft: draftHash === null || hash === draftHash }));
}

/** The review a document's draft is under, with who it was sent to and every comment; undefined when none. */
export async function openReviewOf(db: Kysely<DB>, document: EditedDocument): Promise<OpenReview | undefined> {
	const review = await db
		.selectFrom('policyReview')
		.select(['id', 'sentAt'])
		.where('documentId', '=', document.id)
		.where('revisionId', 'is', null)
		.executeTakeFirst();
	if (!review) return undefined;
	const [reviewers, comments] = await Promise.all([
		db
			.selectFrom('policyReviewer as r')
			.innerJoin('person as p', 'p.id', 'r.personId')
			.select(['p.id', 'p.name'])
			.select((eb) =>
				eb
					.exists(
						eb
							.selectFrom('policyReviewComment as c')
							.select('c.id')
							.whereRef('c.reviewId', '=', 'r.reviewId')
							.whereRef('c.authorId', '=', 'r.personId')
					)
					.as('commented')
			)
			.where('r.reviewId', '=', review.id)
			.orderBy('p.name')
			.execute(),
		commentsOf(db, review.id, document.draft ? sha256(document.draft.body) : null)
	]);
	return { ...review, reviewers: reviewers.map((r) => ({ ...r, commented: !!r.commented })), comments };
}

/**
 * Sends a policy's draft to members of the steering group: the draft's review is started, or
 * those not yet asked are added to it. Hands back who was newly asked, to tell them once saved.
 */
export async function sendForReview(
	db: Kysely<DB>,
	actor: SessionPerson,
	input: { documentId: string; reviewerIds: string[]; address?: string | null }
): Promise<Result<{ added: Member[] }>> {
	if (!can(actor, 'content.edit')) return refuse('Only someone who edits content can send a draft for review');
	return db.transaction().execute(async (trx) => {
		const draft = await trx
			.selectFrom('contentDocument as d')
			.innerJoin('contentRevision as r', 'r.documentId', 'd.id')
			.select(['d.kind', 'd.path', 'r.hash'])
			.where('d.id', '=', input.documentId)
			.where('r.state', '=', 'draft')
			.executeTakeFirst();
		if (!draft || draft.kind !== 'policies') return refuse('Save a draft of the policy before sending it for review');
		const members = await steeringMembers(trx);
		const chosen = members.filter((m) => input.reviewerIds.includes(m.id));
		if (chosen.length !== new Set(input.reviewerIds).size)
			return refuse('Choose only active members of the steering group', 'reviewers');
		await trx
			.insertInto('policyReview')
			.values({ documentId: input.documentId, sentBy: actor.id })
			.onConflict((oc) => oc.column('documentId').where('revisionId', 'is', null).doNothing())
			.execute();
		const review = await trx
			.selectFrom('policyReview')
			.select('id')
			.where('documentId', '=', input.documentId)
			.where('revisionId', 'is', null)
			.forUpdate()
			.executeTakeFirstOrThrow();
		const added = await trx
			.insertInto('policyReviewer')
			.values(chosen.map((m) => ({ reviewId: review.id, personId: m.id })))
			.onConflict((oc) => oc.columns(['reviewId', 'personId']).doNothing())
			.returning('personId')
			.execute();
		const addedIds = new Set(added.map((a) => a.personId));
		if (!addedIds.size) return refuse('Everyone chosen has already been sent this draft', 'reviewers');
		await recordAudit(trx, {
			actorId: actor.id,
			action: 'content.review-sent',
			recordType: 'content-document',
			recordId: input.documentId,
			detail: { path: draft.path, hash: draft.hash, review: review.id, reviewers: [...addedIds] },
			address: input.address
		});
		return { ok: true as const, added: chosen.filter((m) => addedIds.has(m.id)) };
	});
}

export interface WaitingReview {
	id: string;
	slug: string;
	title: string;
	sentAt: Date;
	commented: boolean;
}

/** The policy drafts sent to this member and still under review, oldest first. */
export async function reviewsFor(db: Kysely<DB>, person: SessionPerson): Promise<WaitingReview[]> {
	if (!can(person, 'policies.review')) return [];
	const rows = await db
		.selectFrom('policyReview as v')
		.innerJoin('policyReviewer as r', 'r.reviewId', 'v.id')
		.innerJoin('contentDocument as d', 'd.id', 'v.documentId')
		.innerJoin('contentRevision as dr', (join) => join.onRef('dr.documentId', '=', 'd.id').on('dr.state', '=', 'draft'))
		.select(['v.id', 'd.slug', 'dr.body', 'v.sentAt'])
		.select((eb) =>
			eb
				.exists(
					eb
						.selectFrom('policyReviewComment as c')
						.select('c.id')
						.whereRef('c.reviewId', '=', 'v.id')
						.where('c.authorId', '=', person.id)
				)
				.as('commented')
		)
		.where('r.personId', '=', person.id)
		.where('v.revisionId', 'is', null)
		.orderBy('v.sentAt')
		.limit(100)
		.execute();
	return rows.map(({ body, ...r }) => ({
		...r,
		commented: !!r.commented,
		title: frontMatterValue(body ?? '', 'title') ?? r.slug
	}));
}

/** The home-page steps for a member: each draft sent to them that they have not yet commented on. */
export async function reviewSteps(db: Kysely<DB>, person: SessionPerson): Promise<{ text: string; href: string }[]> {
	return (await reviewsFor(db, person))
		.filter((r) => !r.commented)
		.map((r) => ({
			text: `Review the draft of the ${r.title} for the steering group`,
			href: `/policy-reviews/${r.id}`
		}));
}

/**
 * A review as the member it was sent to reads it: the draft, its published version and the
 * comments so far. Undefined for anyone the draft was not sent to, or once it is published.
 */
export async function reviewForMember(
	db: Kysely<DB>,
	person: SessionPerson,
	reviewId: string
): Promise<
	{ review: OpenReview; document: EditedDocument & { draft: NonNullable<EditedDocument['draft']> } } | undefined
> {
	if (!can(person, 'policies.review')) return undefined;
	const row = await db
		.selectFrom('policyReview as v')
		.innerJoin('policyReviewer as r', 'r.reviewId', 'v.id')
		.innerJoin('contentDocument as d', 'd.id', 'v.documentId')
		.select(['d.slug'])
		.where('v.id', '=', reviewId)
		.where('r.personId', '=', person.id)
		.where('v.revisionId', 'is', null)
		.executeTakeFirst();
	if (!row) return undefined;
	const document = await findDocument(db, 'policies', row.slug);
	if (!document?.draft) return undefined;
	const review = await openReviewOf(db, document);
	if (review?.id !== reviewId) return undefined;
	return { review, document: { ...document, draft: document.draft } };
}

/** A member's comment on a draft sent to them, with whether they approve it. */
export async function commentOnReview(
	db: Kysely<DB>,
	actor: SessionPerson,
	reviewId: string,
	input: z.output<typeof commentSchema> & { address?: string | null }
): Promise<Result> {
	return db.transaction().execute(async (trx) => {
		const found = await reviewForMember(trx, actor, reviewId);
		if (!found) return refuse('This draft is not waiting for your review');
		const draftHash = sha256(found.document.draft.body);
		await trx
			.insertInto('policyReviewComment')
			.values({ reviewId, authorId: actor.id, approves: input.approves === 'yes', comment: input.comment, draftHash })
			.execute();
		await recordAudit(trx, {
			actorId: actor.id,
			action: 'content.review-commented',
			recordType: 'content-document',
			recordId: found.document.id,
			detail: { review: reviewId, approves: input.approves === 'yes', hash: draftHash },
			address: input.address
		});
		return { ok: true as const };
	});
}

/**
 * On publishing a policy: closes its draft's review against the version published, recording the
 * date the group approved it when given (a review held without sending the draft is recorded too).
 */
export async function closeReview(
	db: Kysely<DB>,
	input: { documentId: string; revisionId: string; reviewedOn: string | null; actorId: string }
): Promise<string | null> {
	const closed = await db
		.updateTable('policyReview')
		.set({
			revisionId: input.revisionId,
			reviewedOn: input.reviewedOn,
			recordedBy: input.reviewedOn ? input.actorId : null
		})
		.where('documentId', '=', input.documentId)
		.where('revisionId', 'is', null)
		.returning('id')
		.executeTakeFirst();
	if (closed) return closed.id;
	if (!input.reviewedOn) return null;
	const { id } = await db
		.insertInto('policyReview')
		.values({
			documentId: input.documentId,
			sentBy: null,
			revisionId: input.revisionId,
			reviewedOn: input.reviewedOn,
			recordedBy: input.actorId
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return id;
}

/** The recorded review of the policy version published at `path`, or null when none is recorded. */
export async function recordedReview(
	db: Kysely<DB>,
	path: string
): Promise<{ reviewedOn: string; comments: number } | null> {
	const row = await db
		.selectFrom('contentDocument as d')
		.innerJoin('contentRevision as r', (join) =>
			join.onRef('r.documentId', '=', 'd.id').on('r.state', '=', 'published')
		)
		.innerJoin('policyReview as v', 'v.revisionId', 'r.id')
		.select([sql<string>`v.reviewed_on::text`.as('reviewedOn'), 'v.id'])
		.select((eb) =>
			eb
				.selectFrom('policyReviewComment as c')
				.select((e) => e.fn.countAll<string>().as('n'))
				.whereRef('c.reviewId', '=', 'v.id')
				.as('comments')
		)
		.where('d.path', '=', path)
		.where('v.reviewedOn', 'is not', null)
		.orderBy('r.publicationId', 'desc')
		.limit(1)
		.executeTakeFirst();
	return row ? { reviewedOn: row.reviewedOn, comments: Number(row.comments ?? 0) } : null;
}

/** A draft as readers will see it once published, or null when it does not load as it stands. */
export async function previewOfDraft(
	db: Kysely<DB>,
	document: EditedDocument & { draft: NonNullable<EditedDocument['draft']> }
): Promise<Preview | null> {
	const { content } = problemsWith(await publishedTree(db), { [document.path]: document.draft.body });
	return (content && previewOf(content, document.kind, document.slug, document.path)) ?? null;
}
