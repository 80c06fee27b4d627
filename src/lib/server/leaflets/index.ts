// What the service tells families, checked for impartiality by the steering group's review
// sub-group (Norfolk: "All new information leaflets will be presented to a sub-group of the
// steering group for verification"). Each item keeps every version; each version is reviewed once
// by each member who chooses to, and a coordinator records the sub-group's decision.
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema';
import {
	leafletFormats,
	leafletKinds,
	type ItemState,
	type LeafletFormat,
	type LeafletKind,
	type LeafletVersionStatus,
	type ListState
} from '../../leaflets';
import type { SessionPerson } from '../auth/sessions';
import { can } from '../auth/permissions';
import { recordAudit } from '../audit';
import { dayField, textField } from '../forms';
import type { LeafletRules } from '../content/service';
import { dayPlusDays, timeZone } from '../../format';
import { Marked } from 'marked';
import { sanitize } from '../content/markdown';
import { hasRole } from '../db/has-role';

export { leafletFormats, leafletKinds, listStates } from '../../leaflets';
export type { LeafletFormat, LeafletKind, LeafletVersionStatus, ListState };

export type Result<T = object> = ({ ok: true } & T) | { ok: false; message: string; field?: string };

const refuse = (message: string, field?: string): { ok: false; message: string; field?: string } => ({
	ok: false,
	message,
	field
});

// Forms.

const textMax = 50_000;

const versionFields = {
	label: textField('The version', 30).min(1, 'Enter the version, for example 3 or 2026-1'),
	dated: dayField('the date of this version', '2026-11-01'),
	format: z.enum([...leafletFormats, 'keep'], { error: 'Choose how you are giving the content' }),
	bodyText: textField('The text', textMax).optional()
};

const needsText = (v: { format: string; bodyText?: string }) =>
	(v.format !== 'markdown' && v.format !== 'text') || !!v.bodyText;
const textMessage = { path: ['bodyText'], message: 'Paste the text of the item' };

/** A new item: what it is, and its first version. */
export const leafletSchema = z
	.object({
		title: textField('The title', 200).min(1, 'Enter the title'),
		kind: z.enum(leafletKinds, { error: 'Choose what kind of item it is' }),
		...versionFields,
		format: z.enum(leafletFormats, { error: 'Choose how you are giving the content' })
	})
	.refine(needsText, textMessage);

/** A new version of an item, or changes to its draft; `keep` carries the last version's content over. */
export const versionSchema = z.object(versionFields).refine(needsText, textMessage);

export const reviewSchema = z
	.object({
		impartial: z.enum(['yes', 'no'], { error: 'Say whether the information is impartial' }),
		comments: textField('Your comments', 5000)
	})
	.refine((v) => v.impartial === 'yes' || !!v.comments, {
		path: ['comments'],
		message: 'Say what is not impartial, so it can be put right'
	});

export const decisionSchema = z
	.object({
		decision: z.enum(['verified', 'sent-back'], { error: 'Choose the sub-group’s decision' }),
		comments: textField('The comments', 5000)
	})
	.refine((v) => v.decision === 'verified' || !!v.comments, {
		path: ['comments'],
		message: 'Say what needs to change before it is sent again'
	});

export const reviewersSchema = z.object({
	reviewers: z.array(z.uuid({ error: 'Choose members of the steering group' })).max(100)
});

export type LeafletInput = z.output<typeof leafletSchema>;
export type VersionInput = z.output<typeof versionSchema>;

// Uploads.

export interface CheckedPdf {
	bytes: Buffer;
	name: string;
}

const pdfMagic = Buffer.from('%PDF-');
const pdfEnd = Buffer.from('%%EOF');

/** A file's name as the person sees it again: no folders, no control characters, not too long. */
export function cleanFileName(name: string): string {
	const base = name.split(/[\\/]/).pop() ?? '';
	const plain = base
		.normalize('NFC')
		.replace(/[\p{Cc}\p{Cf}]/gu, '')
		.replace(/\s+/g, ' ')
		.trim()
		.slice(0, 120);
	return plain || 'leaflet.pdf';
}

const kilobytes = (n: number) => `${Math.floor(n / 1024).toLocaleString('en-GB')} KB`;

/**
 * An uploaded file checked to be a PDF: not missing or empty, not larger than the service allows,
 * starting as every PDF does and ending with a PDF's end-of-file mark. Its type as the browser
 * named it, and its name, are not trusted.
 */
export async function checkPdf(file: FormDataEntryValue | null, largestBytes: number): Promise<Result<CheckedPdf>> {
	if (!file || typeof file === 'string' || (file.size === 0 && !file.name))
		return refuse('Choose a PDF file to upload', 'file');
	if (file.size === 0) return refuse('The selected file is empty', 'file');
	if (file.size > largestBytes)
		return refuse(`The selected file must be smaller than ${kilobytes(largestBytes)}`, 'file');
	const bytes = Buffer.from(await file.arrayBuffer());
	const tail = bytes.subarray(Math.max(0, bytes.length - 2048));
	if (!bytes.subarray(0, 1024).includes(pdfMagic) || !tail.includes(pdfEnd))
		return refuse('The selected file must be a PDF', 'file');
	return { ok: true, bytes, name: cleanFileName(file.name) };
}

// Writing.

type Content = {
	format: LeafletFormat;
	bodyText: string | null;
	pdf: Uint8Array | null;
	pdfName: string | null;
	pdfBytes: number | null;
};

function contentOf(format: LeafletFormat, bodyText: string | undefined, pdf: CheckedPdf | null): Content {
	if (format === 'pdf')
		return { format, bodyText: null, pdf: pdf!.bytes, pdfName: pdf!.name, pdfBytes: pdf!.bytes.length };
	return { format, bodyText: bodyText ?? '', pdf: null, pdfName: null, pdfBytes: null };
}

/** Records a new item with its first version, as a draft. */
export async function recordLeaflet(
	db: Kysely<DB>,
	actor: SessionPerson,
	input: LeafletInput,
	pdf: CheckedPdf | null
): Promise<Result<{ id: string }>> {
	if (!can(actor, 'leaflets.manage')) return refuse('Only a coordinator can record an item');
	if (input.format === 'pdf' && !pdf) return refuse('Choose a PDF file to upload', 'file');
	return db.transaction().execute(async (trx) => {
		const { id } = await trx
			.insertInto('leaflet')
			.values({ title: input.title, kind: input.kind, createdBy: actor.id })
			.returning('id')
			.executeTakeFirstOrThrow();
		await trx
			.insertInto('leafletVersion')
			.values({
				leafletId: id,
				number: 1,
				label: input.label,
				dated: input.dated,
				createdBy: actor.id,
				...contentOf(input.format, input.bodyText, pdf)
			})
			.execute();
		await recordAudit(trx, {
			actorId: actor.id,
			action: 'leaflet.recorded',
			recordType: 'leaflet',
			recordId: id,
			detail: { title: input.title, kind: input.kind, version: input.label, format: input.format }
		});
		return { ok: true as const, id };
	});
}

/** The item and its latest version, locked so two coordinators' changes to one item take turns. */
async function lockedCurrent(trx: Transaction<DB>, leafletId: string) {
	const leaflet = await trx
		.selectFrom('leaflet')
		.select(['id', 'title', 'retiredAt'])
		.where('id', '=', leafletId)
		.forUpdate()
		.executeTakeFirst();
	if (!leaflet) return null;
	const version = await trx
		.selectFrom('leafletVersion')
		.select(['id', 'number', 'label', 'status', 'format'])
		.where('leafletId', '=', leafletId)
		.orderBy('number', 'desc')
		.limit(1)
		.executeTakeFirstOrThrow();
	return { leaflet, version };
}

const gone = refuse('This item no longer exists');
const retired = refuse('This item has been retired, so it can no longer be changed or reviewed');

/**
 * Saves a version: the draft is changed in place; after a decision, a new version is started as a
 * draft, which needs a review of its own. While a version is with the sub-group, nothing changes.
 */
export async function saveVersion(
	db: Kysely<DB>,
	actor: SessionPerson,
	leafletId: string,
	input: VersionInput,
	pdf: CheckedPdf | null
): Promise<Result<{ number: number }>> {
	if (!can(actor, 'leaflets.manage')) return refuse('Only a coordinator can change an item');
	if (input.format === 'pdf' && !pdf) return refuse('Choose a PDF file to upload', 'file');
	return db.transaction().execute(async (trx) => {
		const current = await lockedCurrent(trx, leafletId);
		if (!current) return gone;
		if (current.leaflet.retiredAt) return retired;
		const { version } = current;
		if (version.status === 'in-review')
			return refuse('This version is with the review sub-group. Record their decision before changing it');
		let content: Content;
		if (input.format === 'keep') {
			content = await trx
				.selectFrom('leafletVersion')
				.select(['format', 'bodyText', 'pdf', 'pdfName', 'pdfBytes'])
				.where('id', '=', version.id)
				.executeTakeFirstOrThrow();
		} else content = contentOf(input.format, input.bodyText, pdf);
		const fields = { label: input.label, dated: input.dated, ...content };
		let number = version.number;
		if (version.status === 'draft') {
			await trx.updateTable('leafletVersion').set(fields).where('id', '=', version.id).execute();
		} else {
			number += 1;
			await trx
				.insertInto('leafletVersion')
				.values({ leafletId, number, createdBy: actor.id, ...fields })
				.execute();
		}
		await recordAudit(trx, {
			actorId: actor.id,
			action: version.status === 'draft' ? 'leaflet.draft-saved' : 'leaflet.version-started',
			recordType: 'leaflet',
			recordId: leafletId,
			detail: { number, version: input.label, format: content.format }
		});
		return { ok: true as const, number };
	});
}

export interface Reviewer {
	id: string;
	name: string;
	email: string;
}

/** Sends the draft to the review sub-group; hands back who to tell once it has been saved. */
export async function sendForReview(
	db: Kysely<DB>,
	actor: SessionPerson,
	leafletId: string
): Promise<Result<{ title: string; reviewers: Reviewer[] }>> {
	if (!can(actor, 'leaflets.manage')) return refuse('Only a coordinator can send an item for review');
	return db.transaction().execute(async (trx) => {
		const current = await lockedCurrent(trx, leafletId);
		if (!current) return gone;
		if (current.leaflet.retiredAt) return retired;
		if (current.version.status !== 'draft')
			return refuse(
				current.version.status === 'in-review'
					? 'This version is already waiting for review'
					: 'Start a new version before sending this item for review again'
			);
		const reviewers = await subGroup(trx);
		if (!reviewers.length) return refuse('Choose the review sub-group before sending an item for review');
		await trx
			.updateTable('leafletVersion')
			.set({ status: 'in-review', sentBy: actor.id, sentAt: new Date() })
			.where('id', '=', current.version.id)
			.execute();
		await recordAudit(trx, {
			actorId: actor.id,
			action: 'leaflet.sent-for-review',
			recordType: 'leaflet',
			recordId: leafletId,
			detail: { number: current.version.number, version: current.version.label, reviewers: reviewers.length }
		});
		return { ok: true as const, title: current.leaflet.title, reviewers };
	});
}

/** The active steering members in the review sub-group. */
export function subGroup(db: Kysely<DB>): Promise<Reviewer[]> {
	return db
		.selectFrom('leafletReviewer')
		.innerJoin('person', 'person.id', 'leafletReviewer.personId')
		.select(['person.id', 'person.name', 'person.email'])
		.where('person.status', '=', 'active')
		.where(hasRole('steering', sql.ref('person.roles')))
		.orderBy('person.name')
		.execute();
}

/** Whether this person may review now: a steering member in the sub-group. */
async function inSubGroup(db: Kysely<DB>, person: SessionPerson): Promise<boolean> {
	if (!can(person, 'leaflets.review')) return false;
	return (await subGroup(db)).some((r) => r.id === person.id);
}

/** One member's review of the version waiting for review: once per member per version. */
export async function recordReview(
	db: Kysely<DB>,
	actor: SessionPerson,
	leafletId: string,
	input: z.output<typeof reviewSchema>
): Promise<Result> {
	if (!(await inSubGroup(db, actor))) return refuse('Only members of the review sub-group can review an item');
	return db.transaction().execute(async (trx) => {
		const current = await lockedCurrent(trx, leafletId);
		if (!current) return gone;
		if (current.leaflet.retiredAt) return retired;
		if (current.version.status !== 'in-review') return refuse('This item is not waiting for review');
		const inserted = await trx
			.insertInto('leafletReview')
			.values({
				versionId: current.version.id,
				reviewerId: actor.id,
				impartial: input.impartial === 'yes',
				comments: input.comments
			})
			.onConflict((oc) => oc.columns(['versionId', 'reviewerId']).doNothing())
			.returning('reviewerId')
			.executeTakeFirst();
		if (!inserted) return refuse('You have already reviewed this version');
		await recordAudit(trx, {
			actorId: actor.id,
			action: 'leaflet.reviewed',
			recordType: 'leaflet',
			recordId: leafletId,
			detail: { number: current.version.number, impartial: input.impartial === 'yes' }
		});
		return { ok: true as const };
	});
}

/** The sub-group's decision on the version waiting for review, recorded by a coordinator. */
export async function recordDecision(
	db: Kysely<DB>,
	actor: SessionPerson,
	leafletId: string,
	input: z.output<typeof decisionSchema>
): Promise<Result> {
	if (!can(actor, 'leaflets.manage')) return refuse('Only a coordinator can record the sub-group’s decision');
	return db.transaction().execute(async (trx) => {
		const current = await lockedCurrent(trx, leafletId);
		if (!current) return gone;
		if (current.leaflet.retiredAt) return retired;
		if (current.version.status !== 'in-review') return refuse('This item is not waiting for a decision');
		const reviews = await trx
			.selectFrom('leafletReview')
			.select((eb) => eb.fn.countAll<string>().as('n'))
			.where('versionId', '=', current.version.id)
			.executeTakeFirstOrThrow();
		if (!Number(reviews.n)) return refuse('Wait for at least one member of the sub-group to review it', 'decision');
		await trx
			.updateTable('leafletVersion')
			.set({
				status: input.decision,
				decidedBy: actor.id,
				decidedAt: new Date(),
				decisionComments: input.comments || null
			})
			.where('id', '=', current.version.id)
			.execute();
		await recordAudit(trx, {
			actorId: actor.id,
			action: input.decision === 'verified' ? 'leaflet.verified' : 'leaflet.sent-back',
			recordType: 'leaflet',
			recordId: leafletId,
			detail: { number: current.version.number, version: current.version.label, reviews: Number(reviews.n) }
		});
		return { ok: true as const };
	});
}

/** No longer in use: kept, with every version and review, and left out of the list of items in use. */
export async function retireLeaflet(db: Kysely<DB>, actor: SessionPerson, leafletId: string): Promise<Result> {
	if (!can(actor, 'leaflets.manage')) return refuse('Only a coordinator can retire an item');
	return db.transaction().execute(async (trx) => {
		const current = await lockedCurrent(trx, leafletId);
		if (!current) return gone;
		if (current.leaflet.retiredAt) return refuse('This item has already been retired');
		if (current.version.status === 'in-review')
			return refuse('This version is with the review sub-group. Record their decision before retiring it');
		await trx
			.updateTable('leaflet')
			.set({ retiredAt: new Date(), retiredBy: actor.id })
			.where('id', '=', leafletId)
			.execute();
		await recordAudit(trx, {
			actorId: actor.id,
			action: 'leaflet.retired',
			recordType: 'leaflet',
			recordId: leafletId
		});
		return { ok: true as const };
	});
}

/** Everyone who may sit on the sub-group (active steering members), and whether each does. */
export async function subGroupChoices(db: Kysely<DB>) {
	return db
		.selectFrom('person')
		.leftJoin('leafletReviewer', 'leafletReviewer.personId', 'person.id')
		.select(['person.id', 'person.name', sql<boolean>`leaflet_reviewer.person_id is not null`.as('member')])
		.where('person.status', '=', 'active')
		.where(hasRole('steering', sql.ref('person.roles')))
		.orderBy('person.name')
		.limit(500)
		.execute();
}

/** Names the review sub-group: each member added or removed is written to the audit log. */
export async function setSubGroup(db: Kysely<DB>, actor: SessionPerson, personIds: string[]): Promise<Result> {
	if (!can(actor, 'leaflets.manage')) return refuse('Only a coordinator can choose the review sub-group');
	return db.transaction().execute(async (trx) => {
		await sql`select pg_advisory_xact_lock(hashtext('impartial.leaflet_reviewers'))`.execute(trx);
		const wanted = [...new Set(personIds)];
		const eligible = wanted.length
			? await trx
					.selectFrom('person')
					.select('id')
					.where('id', 'in', wanted)
					.where('status', '=', 'active')
					.where(hasRole('steering'))
					.execute()
			: [];
		if (eligible.length !== wanted.length)
			return refuse('Only active members of the steering group can be in the review sub-group', 'reviewers');
		const before = (await trx.selectFrom('leafletReviewer').select('personId').execute()).map((r) => r.personId);
		const added = wanted.filter((id) => !before.includes(id));
		const removed = before.filter((id) => !wanted.includes(id));
		if (removed.length) await trx.deleteFrom('leafletReviewer').where('personId', 'in', removed).execute();
		if (added.length)
			await trx
				.insertInto('leafletReviewer')
				.values(added.map((personId) => ({ personId, addedBy: actor.id })))
				.execute();
		for (const [action, ids] of [
			['leaflet.reviewer-added', added],
			['leaflet.reviewer-removed', removed]
		] as const)
			for (const id of ids) await recordAudit(trx, { actorId: actor.id, action, recordType: 'person', recordId: id });
		return { ok: true as const };
	});
}

// Reading.

export const pageSize = 25;

/** Where an item stands, worked out by the database from its latest version and its last verification. */
function itemsQuery(rules: LeafletRules, today: string) {
	const months = sql.lit(rules.reviewEveryMonths);
	const zone = timeZone();
	return sql`
		select l.id, l.title, l.kind, l.retired_at,
			cur.number, cur.label, cur.status, cur.dated::text as dated,
			ver.label as verified_label, ver.decided_at as verified_at, vp.name as verified_by,
			(((ver.decided_at at time zone ${zone})::date + make_interval(months => ${months}))::date)::text as review_due_on,
			case when l.retired_at is not null then 'retired'
				when cur.status = 'verified' and ((ver.decided_at at time zone ${zone})::date + make_interval(months => ${months}))::date <= ${today}::date then 'overdue'
				when cur.status = 'verified' and ((ver.decided_at at time zone ${zone})::date + make_interval(months => ${months}))::date <= ${dayPlusDays(today, rules.dueWithinDays)}::date then 'due'
				else cur.status end as state
		from leaflet l
		join lateral (select v.number, v.label, v.status, v.dated from leaflet_version v where v.leaflet_id = l.id order by v.number desc limit 1) cur on true
		left join lateral (select v.label, v.decided_at, v.decided_by from leaflet_version v where v.leaflet_id = l.id and v.status = 'verified' order by v.number desc limit 1) ver on true
		left join person vp on vp.id = ver.decided_by`;
}

export interface LeafletRow {
	id: string;
	title: string;
	kind: LeafletKind;
	retiredAt: Date | null;
	number: number;
	label: string;
	status: LeafletVersionStatus;
	dated: string;
	verifiedLabel: string | null;
	verifiedAt: Date | null;
	verifiedBy: string | null;
	reviewDueOn: string | null;
	state: ItemState;
}

/** One page of items in a state, by title, with how many there are in all. */
export async function listLeaflets(
	db: Kysely<DB>,
	filter: { state: ListState; page: number },
	rules: LeafletRules,
	today: string
): Promise<{ rows: LeafletRow[]; total: number }> {
	const where =
		filter.state === 'in-use'
			? sql`state <> 'retired'`
			: filter.state === 'due'
				? sql`state in ('due', 'overdue')`
				: sql`state = ${filter.state}`;
	const { rows } = await sql<LeafletRow & { total: string }>`
		select *, count(*) over () as total from (${itemsQuery(rules, today)}) items
		where ${where}
		order by title, id
		limit ${pageSize} offset ${(filter.page - 1) * pageSize}`.execute(db);
	return {
		rows: rows.map(({ total: _, ...r }) => ({ ...r, number: Number(r.number) })),
		total: Number(rows[0]?.total ?? 0)
	};
}

/** How many items are due or overdue for review, for the coordinator's home page. */
export async function dueCounts(db: Kysely<DB>, rules: LeafletRules, today: string) {
	const { rows } = await sql<{ due: string; overdue: string; decide: string }>`
		select count(*) filter (where state = 'due') as due,
			count(*) filter (where state = 'overdue') as overdue,
			count(*) filter (where state = 'in-review' and exists (
				select 1 from leaflet_review r join leaflet_version v on v.id = r.version_id
				where v.leaflet_id = items.id and v.number = items.number)) as decide
		from (${itemsQuery(rules, today)}) items`.execute(db);
	const r = rows[0]!;
	return { due: Number(r.due), overdue: Number(r.overdue), toDecide: Number(r.decide) };
}

/** The items waiting for this member's review, for their home page and the list. */
export async function waitingForReview(db: Kysely<DB>, person: SessionPerson) {
	if (!(await inSubGroup(db, person))) return [];
	return db
		.selectFrom('leafletVersion as v')
		.innerJoin('leaflet as l', 'l.id', 'v.leafletId')
		.select(['l.id', 'l.title', 'v.label', 'v.sentAt'])
		.where('v.status', '=', 'in-review')
		.where('l.retiredAt', 'is', null)
		.where((eb) =>
			eb.not(
				eb.exists(
					eb
						.selectFrom('leafletReview as r')
						.select('r.versionId')
						.whereRef('r.versionId', '=', 'v.id')
						.where('r.reviewerId', '=', person.id)
				)
			)
		)
		.orderBy('v.sentAt')
		.limit(50)
		.execute();
}

/** An item with its versions, one version in full (without its file) and that version's reviews. */
export async function leafletDetail(db: Kysely<DB>, id: string, number?: number) {
	const leaflet = await db
		.selectFrom('leaflet as l')
		.leftJoin('person as rp', 'rp.id', 'l.retiredBy')
		.select(['l.id', 'l.title', 'l.kind', 'l.createdAt', 'l.retiredAt', 'rp.name as retiredBy'])
		.where('l.id', '=', id)
		.executeTakeFirst();
	if (!leaflet) return null;
	const versions = await db
		.selectFrom('leafletVersion as v')
		.leftJoin('person as sp', 'sp.id', 'v.sentBy')
		.leftJoin('person as dp', 'dp.id', 'v.decidedBy')
		.select([
			'v.id',
			'v.number',
			'v.label',
			sql<string>`v.dated::text`.as('dated'),
			'v.format',
			'v.pdfName',
			'v.pdfBytes',
			'v.status',
			'v.createdAt',
			'v.sentAt',
			'sp.name as sentBy',
			'v.decidedAt',
			'dp.name as decidedBy',
			'v.decisionComments'
		])
		.where('v.leafletId', '=', id)
		.orderBy('v.number', 'desc')
		.limit(200)
		.execute();
	const version = number === undefined ? versions[0] : versions.find((v) => v.number === number);
	if (!version) return null;
	const [body, reviews] = await Promise.all([
		db.selectFrom('leafletVersion').select('bodyText').where('id', '=', version.id).executeTakeFirstOrThrow(),
		db
			.selectFrom('leafletReview as r')
			.innerJoin('person as p', 'p.id', 'r.reviewerId')
			.select(['r.reviewerId', 'p.name', 'r.impartial', 'r.comments', 'r.reviewedAt'])
			.where('r.versionId', '=', version.id)
			.orderBy('r.reviewedAt')
			.execute()
	]);
	return { leaflet, versions, version: { ...version, bodyText: body.bodyText }, reviews, latest: versions[0]! };
}

/** A version's PDF, to read or download. */
export function leafletPdf(db: Kysely<DB>, id: string, number: number) {
	return db
		.selectFrom('leafletVersion as v')
		.innerJoin('leaflet as l', 'l.id', 'v.leafletId')
		.select(['l.title', 'v.label', 'v.pdf', 'v.pdfName'])
		.where('v.leafletId', '=', id)
		.where('v.number', '=', number)
		.where('v.format', '=', 'pdf')
		.executeTakeFirst();
}

/** Whether this person may review the item now, and whether they already have. */
export async function reviewerStanding(db: Kysely<DB>, person: SessionPerson, versionId: string) {
	if (!(await inSubGroup(db, person))) return { member: false, reviewed: false };
	const review = await db
		.selectFrom('leafletReview')
		.select('reviewerId')
		.where('versionId', '=', versionId)
		.where('reviewerId', '=', person.id)
		.executeTakeFirst();
	return { member: true, reviewed: !!review };
}

// Showing pasted text.

const escapeHtml = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// Pasted Markdown may hold HTML: it is shown as the characters typed, never as markup, and what
// Markdown makes is sanitised as the service's own content is.
const pasted = new Marked({
	gfm: true,
	renderer: {
		html: ({ text }) => escapeHtml(text),
		// The page's own title is its only h1: the text's headings sit one level below it.
		heading({ tokens, depth }) {
			const level = Math.min(depth + 1, 5);
			const size = level === 2 ? 'm' : 's';
			return `<h${level} class="govuk-heading-${size}">${this.parser.parseInline(tokens)}</h${level}>\n`;
		},
		paragraph({ tokens }) {
			return `<p class="govuk-body">${this.parser.parseInline(tokens)}</p>\n`;
		},
		list(token) {
			const tag = token.ordered ? 'ol' : 'ul';
			const kind = token.ordered ? 'govuk-list--number' : 'govuk-list--bullet';
			const items = token.items.map((item) => `<li>${this.parser.parse(item.tokens)}</li>`).join('');
			return `<${tag} class="govuk-list ${kind}">${items}</${tag}>\n`;
		},
		link({ href, tokens }) {
			return `<a class="govuk-link" href="${escapeHtml(href)}">${this.parser.parseInline(tokens)}</a>`;
		}
	}
});

/** A version's pasted text as safe HTML: Markdown rendered, plain text kept as typed, paragraph by paragraph. */
export function renderLeafletText(format: LeafletFormat, text: string): string {
	if (format === 'markdown') return sanitize(pasted.parse(text, { async: false }));
	return text
		.split(/\n{2,}/)
		.filter((p) => p.trim())
		.map((p) => `<p class="govuk-body">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
		.join('\n');
}

// Reports.

/**
 * Items counted for a period: verifications and items sent back in it, items whose review fell due
 * in it, and, at its end, those overdue and those in use never verified. Counts of documents, not
 * of people, so nothing here needs withholding.
 */
export async function leafletCounts(db: Kysely<DB>, period: { from: string; to: string }, rules: LeafletRules) {
	const months = sql.lit(rules.reviewEveryMonths);
	const zone = timeZone();
	const { rows } = await sql<{
		verified: string;
		sentBack: string;
		due: string;
		overdue: string;
		unverified: string;
		inUse: string;
	}>`
		with decided as (
			select v.status, (v.decided_at at time zone ${zone})::date as day from leaflet_version v where v.decided_at is not null
		), standing as (
			select l.id,
				(select max((v.decided_at at time zone ${zone})::date) from leaflet_version v
					where v.leaflet_id = l.id and v.status = 'verified' and (v.decided_at at time zone ${zone})::date <= ${period.to}::date) as last_verified
			from leaflet l
			where (l.created_at at time zone ${zone})::date <= ${period.to}::date
				and (l.retired_at is null or (l.retired_at at time zone ${zone})::date > ${period.to}::date)
		)
		select
			(select count(*) from decided where status = 'verified' and day between ${period.from}::date and ${period.to}::date) as verified,
			(select count(*) from decided where status = 'sent-back' and day between ${period.from}::date and ${period.to}::date) as sent_back,
			(select count(*) from standing where (last_verified + make_interval(months => ${months}))::date between ${period.from}::date and ${period.to}::date) as due,
			(select count(*) from standing where (last_verified + make_interval(months => ${months}))::date < ${period.to}::date) as overdue,
			(select count(*) from standing where last_verified is null) as unverified,
			(select count(*) from standing) as in_use`.execute(db);
	const r = rows[0]!;
	return {
		verified: Number(r.verified),
		sentBack: Number(r.sentBack),
		due: Number(r.due),
		overdue: Number(r.overdue),
		unverified: Number(r.unverified),
		inUse: Number(r.inUse)
	};
}

// Home pages.

/** What a coordinator or a sub-group member should do next about items for families. */
export async function leafletSteps(
	db: Kysely<DB>,
	person: SessionPerson,
	rules: LeafletRules,
	today: string
): Promise<{ text: string; href: string; count?: number }[]> {
	const steps: { text: string; href: string; count?: number }[] = [];
	const [waiting, counts] = await Promise.all([
		can(person, 'leaflets.review') ? waitingForReview(db, person) : [],
		can(person, 'leaflets.manage') ? dueCounts(db, rules, today) : null
	]);
	for (const item of waiting.slice(0, 3))
		steps.push({
			text: `Review “${item.title}” (version ${item.label}) for impartiality`,
			href: `/leaflets/${item.id}`
		});
	if (waiting.length > 3)
		steps.push({
			text: `${waiting.length - 3} more item${waiting.length === 4 ? '' : 's'} waiting for your review`,
			href: '/leaflets',
			count: waiting.length - 3
		});
	if (counts) {
		const items = (n: number) => `${n} item${n === 1 ? '' : 's'} for families`;
		if (counts.overdue)
			steps.push({
				text: `${items(counts.overdue)} overdue for review`,
				href: '/leaflets?state=due',
				count: counts.overdue
			});
		if (counts.due)
			steps.push({ text: `${items(counts.due)} due for review soon`, href: '/leaflets?state=due', count: counts.due });
		if (counts.toDecide)
			steps.push({
				text: `Record the review sub-group’s decision on ${items(counts.toDecide)}`,
				href: '/leaflets?state=in-review',
				count: counts.toDecide
			});
	}
	return steps;
}
