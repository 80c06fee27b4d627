// Supervision records: sessions, observations of practice, performance reviews and casework
// samples; their lifecycle (draft, shared, locked), comments and addenda, and agreed actions.
import { sql, type Kysely } from 'kysely';
import type { CriterionGrade, DB, RecordKind, RecordStatus } from '../db/schema';
import type { SessionPerson } from '../auth/sessions';
import type { SupervisionRules } from '../content/service';
import { recordAudit } from '../audit';
import { addMonths } from '../policies/due';
import { drawCases, newSeed } from './draw';
import type { ActionInput } from './schemas';
import { serviceDay } from '../../format';

export * from './overview';

export { recordKindLabels } from '../../supervision';

/** The kinds written through a form of their own; a sample starts with a draw instead. */
export type FormKind = Exclude<RecordKind, 'sample'>;

type Db = Kysely<DB>;
const dateText = (column: string) => sql<string>`${sql.ref(column)}::text`;

export interface RecordInput {
	heldOn: string;
	details: Record<string, unknown>;
	actions: ActionInput[];
	/** Open actions from earlier records that were done by this session. */
	close?: string[];
}

async function insertActions(trx: Db, recordId: string, subjectId: string, authorId: string, actions: ActionInput[]) {
	if (!actions.length) return;
	await trx
		.insertInto('agreedAction')
		.values(
			actions.map((a) => ({
				recordId,
				subjectId,
				ownerId: a.owner === 'author' ? authorId : subjectId,
				description: a.description,
				dueOn: a.dueOn
			}))
		)
		.execute();
}

/** Closes carried-forward actions about this subject that the session found done. */
async function closeCarried(trx: Db, actor: SessionPerson, subjectId: string, ids: string[] = []) {
	if (!ids.length) return [];
	const closed = await trx
		.updateTable('agreedAction')
		.set({ closedAt: new Date(), closedBy: actor.id })
		.where('id', 'in', ids)
		.where('subjectId', '=', subjectId)
		.where('closedAt', 'is', null)
		.returning(['id', 'description'])
		.execute();
	for (const action of closed)
		await recordAudit(trx, {
			actorId: actor.id,
			action: 'supervision.action-closed',
			recordType: 'agreed-action',
			recordId: action.id
		});
	return closed.map((a) => a.description);
}

/** A new draft record of a session, observation or review. */
export async function createRecord(
	db: Db,
	author: SessionPerson,
	subjectId: string,
	kind: FormKind,
	input: RecordInput,
	extra: Record<string, unknown> = {}
): Promise<string> {
	return db.transaction().execute(async (trx) => {
		const closedCarried = await closeCarried(trx, author, subjectId, input.close);
		const details = { ...input.details, ...extra, ...(closedCarried.length ? { closedCarried } : {}) };
		const { id } = await trx
			.insertInto('supervisionRecord')
			.values({ kind, subjectId, authorId: author.id, heldOn: input.heldOn, details: JSON.stringify(details) })
			.returning('id')
			.executeTakeFirstOrThrow();
		await insertActions(trx, id, subjectId, author.id, input.actions);
		await recordAudit(trx, {
			actorId: author.id,
			action: 'supervision.created',
			recordType: 'supervision-record',
			recordId: id,
			detail: { kind, subjectId }
		});
		return id;
	});
}

export type ChangeResult = { ok: true } | { ok: false; message: string };
const notDraft: ChangeResult = {
	ok: false,
	message: 'This record has been shared, so it can no longer be edited. Add an addendum instead.'
};

/** Saves a draft again. Actions agreed in it are replaced by the form's; closed ones stay. */
export async function updateDraft(
	db: Db,
	actor: SessionPerson,
	recordId: string,
	input: RecordInput,
	extra: Record<string, unknown> = {}
): Promise<ChangeResult> {
	return db.transaction().execute(async (trx) => {
		const record = await trx
			.selectFrom('supervisionRecord')
			.select(['subjectId', 'authorId', 'status', 'details'])
			.where('id', '=', recordId)
			.forUpdate()
			.executeTakeFirst();
		if (!record || record.status !== 'draft') return notDraft;
		const closedCarried = await closeCarried(trx, actor, record.subjectId, input.close);
		const earlier = (record.details.closedCarried as string[] | undefined) ?? [];
		const all = [...earlier, ...closedCarried];
		const details = { ...input.details, ...extra, ...(all.length ? { closedCarried: all } : {}) };
		await trx
			.updateTable('supervisionRecord')
			.set({ heldOn: input.heldOn, details: JSON.stringify(details), updatedAt: new Date() })
			.where('id', '=', recordId)
			.execute();
		await trx.deleteFrom('agreedAction').where('recordId', '=', recordId).where('closedAt', 'is', null).execute();
		await insertActions(trx, recordId, record.subjectId, record.authorId ?? actor.id, input.actions);
		await recordAudit(trx, {
			actorId: actor.id,
			action: 'supervision.edited',
			recordType: 'supervision-record',
			recordId
		});
		return { ok: true };
	});
}

export async function deleteDraft(db: Db, actor: SessionPerson, recordId: string): Promise<ChangeResult> {
	return db.transaction().execute(async (trx) => {
		const found = await trx
			.selectFrom('supervisionRecord')
			.select(['kind'])
			.where('id', '=', recordId)
			.executeTakeFirst();
		// A draw stands once made: deleting it would free its cases to be drawn again until a supervisor liked them.
		if (found?.kind === 'sample')
			return {
				ok: false,
				message:
					'A casework sample cannot be deleted: its draw stands, so the cases cannot be drawn again. Review each case and share it.'
			};
		const gone = await trx
			.deleteFrom('supervisionRecord')
			.where('id', '=', recordId)
			.where('status', '=', 'draft')
			.returning(['kind', 'subjectId'])
			.executeTakeFirst();
		if (!gone) return notDraft;
		await recordAudit(trx, {
			actorId: actor.id,
			action: 'supervision.draft-deleted',
			recordType: 'supervision-record',
			recordId,
			detail: { kind: gone.kind, subjectId: gone.subjectId }
		});
		return { ok: true };
	});
}

/** Shares a draft with its subject, who can then comment and sign it off. A sample needs every case reviewed first. */
export async function shareRecord(
	db: Db,
	actor: SessionPerson,
	recordId: string,
	notify?: (subjectId: string) => Promise<void>,
	now = new Date()
): Promise<ChangeResult> {
	const result = await db.transaction().execute(async (trx): Promise<ChangeResult & { subjectId?: string }> => {
		const record = await trx
			.selectFrom('supervisionRecord')
			.select(['kind', 'status', 'subjectId'])
			.where('id', '=', recordId)
			.forUpdate()
			.executeTakeFirst();
		if (!record || record.status !== 'draft') return { ok: false, message: 'This record has already been shared.' };
		if (record.kind === 'sample') {
			const { n } = await trx
				.selectFrom('sampledCase')
				.select((eb) => eb.fn.countAll<string>().as('n'))
				.where('recordId', '=', recordId)
				.where('reviewedAt', 'is', null)
				.executeTakeFirstOrThrow();
			if (Number(n) > 0)
				return { ok: false, message: `Review every sampled case before sharing: ${n} still to review.` };
		}
		await trx
			.updateTable('supervisionRecord')
			.set({ status: 'shared', sharedAt: now, updatedAt: now })
			.where('id', '=', recordId)
			.execute();
		await recordAudit(trx, {
			actorId: actor.id,
			action: 'supervision.shared',
			recordType: 'supervision-record',
			recordId
		});
		return { ok: true, subjectId: record.subjectId };
	});
	if (result.ok && result.subjectId && notify) await notify(result.subjectId);
	return result.ok ? { ok: true } : result;
}

/** The subject comments on a shared record before signing it off. */
export async function commentOnRecord(
	db: Db,
	subject: SessionPerson,
	recordId: string,
	body: string
): Promise<ChangeResult> {
	return db.transaction().execute(async (trx) => {
		const record = await trx
			.selectFrom('supervisionRecord')
			.select(['status', 'subjectId'])
			.where('id', '=', recordId)
			.forUpdate()
			.executeTakeFirst();
		if (!record || record.subjectId !== subject.id || record.status !== 'shared')
			return { ok: false, message: 'Comments can be added only while the record is waiting for your sign-off.' };
		const { id } = await trx
			.insertInto('recordNote')
			.values({ recordId, authorId: subject.id, kind: 'comment', body })
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			actorId: subject.id,
			action: 'supervision.commented',
			recordType: 'supervision-record',
			recordId,
			detail: { noteId: id }
		});
		return { ok: true };
	});
}

/** The subject signs a shared record off, and it is locked for good. */
export async function signRecord(db: Db, subject: SessionPerson, recordId: string): Promise<ChangeResult> {
	return db.transaction().execute(async (trx) => {
		const signed = await trx
			.updateTable('supervisionRecord')
			.set({ status: 'locked', signedAt: new Date() })
			.where('id', '=', recordId)
			.where('subjectId', '=', subject.id)
			.where('status', '=', 'shared')
			.returning('id')
			.executeTakeFirst();
		if (!signed) return { ok: false, message: 'This record is not waiting for your sign-off.' };
		await recordAudit(trx, {
			actorId: subject.id,
			action: 'supervision.signed',
			recordType: 'supervision-record',
			recordId
		});
		return { ok: true };
	});
}

/** A correction or later note beneath a shared or locked record; the original stays as it was. */
export async function addAddendum(db: Db, actor: SessionPerson, recordId: string, body: string): Promise<ChangeResult> {
	return db.transaction().execute(async (trx) => {
		const record = await trx
			.selectFrom('supervisionRecord')
			.select(['status'])
			.where('id', '=', recordId)
			.executeTakeFirst();
		if (!record || record.status === 'draft')
			return { ok: false, message: 'A draft is edited directly: addenda are for records already shared.' };
		const { id } = await trx
			.insertInto('recordNote')
			.values({ recordId, authorId: actor.id, kind: 'addendum', body })
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			actorId: actor.id,
			action: 'supervision.addendum-added',
			recordType: 'supervision-record',
			recordId,
			detail: { noteId: id }
		});
		return { ok: true };
	});
}

/** Closes an agreed action. Who may is decided by the caller from `actionById`. */
export async function closeAction(db: Db, actor: SessionPerson, actionId: string): Promise<ChangeResult> {
	return db.transaction().execute(async (trx) => {
		const closed = await trx
			.updateTable('agreedAction')
			.set({ closedAt: new Date(), closedBy: actor.id })
			.where('id', '=', actionId)
			.where('closedAt', 'is', null)
			.returning('id')
			.executeTakeFirst();
		if (!closed) return { ok: false, message: 'This action is already closed.' };
		await recordAudit(trx, {
			actorId: actor.id,
			action: 'supervision.action-closed',
			recordType: 'agreed-action',
			recordId: actionId
		});
		return { ok: true };
	});
}

export async function actionById(db: Db, actionId: string) {
	return db
		.selectFrom('agreedAction')
		.innerJoin('person as subject', 'subject.id', 'agreedAction.subjectId')
		.innerJoin('supervisionRecord as record', 'record.id', 'agreedAction.recordId')
		.select([
			'agreedAction.id',
			'agreedAction.ownerId',
			'agreedAction.subjectId',
			'subject.supervisorId',
			'record.status',
			'agreedAction.closedAt'
		])
		.where('agreedAction.id', '=', actionId)
		.executeTakeFirst();
}

const actionColumns = [
	'agreedAction.id',
	'agreedAction.description',
	dateText('agreed_action.due_on').as('dueOn'),
	'agreedAction.closedAt',
	'agreedAction.recordId',
	'owner.name as ownerName',
	'agreedAction.ownerId',
	'subject.name as subjectName',
	'agreedAction.subjectId'
] as const;

function actionsQuery(db: Db) {
	return db
		.selectFrom('agreedAction')
		.innerJoin('person as owner', 'owner.id', 'agreedAction.ownerId')
		.innerJoin('person as subject', 'subject.id', 'agreedAction.subjectId')
		.innerJoin('supervisionRecord as record', 'record.id', 'agreedAction.recordId')
		.select([...actionColumns]);
}

/** The open actions someone owns, soonest due first. Actions in drafts wait until the record is shared. */
export async function openActionsOwnedBy(db: Db, ownerId: string) {
	return actionsQuery(db)
		.where('agreedAction.ownerId', '=', ownerId)
		.where('agreedAction.closedAt', 'is', null)
		.where((eb) => eb.or([eb('record.status', '!=', 'draft'), eb('record.authorId', '=', ownerId)]))
		.orderBy('agreedAction.dueOn')
		.execute();
}

/** Open actions about a person from earlier records: carried into their next session until closed. */
export async function openActionsAbout(db: Db, subjectId: string, exceptRecordId?: string) {
	let query = actionsQuery(db)
		.where('agreedAction.subjectId', '=', subjectId)
		.where('agreedAction.closedAt', 'is', null);
	if (exceptRecordId) query = query.where('agreedAction.recordId', '!=', exceptRecordId);
	return query.orderBy('agreedAction.dueOn').execute();
}

/** A record with everything shown beside it: subject, author, notes, actions, and a sample's draw and cases. */
export async function recordById(db: Db, id: string) {
	const record = await db
		.selectFrom('supervisionRecord as r')
		.innerJoin('person as subject', 'subject.id', 'r.subjectId')
		.leftJoin('person as author', 'author.id', 'r.authorId')
		.select([
			'r.id',
			'r.kind',
			'r.subjectId',
			'subject.name as subjectName',
			'subject.roles as subjectRoles',
			'subject.supervisorId as subjectSupervisorId',
			'r.authorId',
			'author.name as authorName',
			dateText('r.held_on').as('heldOn'),
			'r.status',
			'r.details',
			'r.createdAt',
			'r.updatedAt',
			'r.sharedAt',
			'r.signedAt'
		])
		.where('r.id', '=', id)
		.executeTakeFirst();
	if (!record) return null;
	const [notes, actions, sample, cases] = await Promise.all([
		db
			.selectFrom('recordNote')
			.leftJoin('person', 'person.id', 'recordNote.authorId')
			.select([
				'recordNote.id',
				'recordNote.kind',
				'recordNote.body',
				'recordNote.createdAt',
				'person.name as authorName'
			])
			.where('recordNote.recordId', '=', id)
			.orderBy('recordNote.createdAt')
			.execute(),
		actionsQuery(db).where('agreedAction.recordId', '=', id).orderBy('agreedAction.dueOn').execute(),
		record.kind === 'sample'
			? db
					.selectFrom('caseworkSample')
					.select([
						dateText('period_from').as('periodFrom'),
						dateText('period_to').as('periodTo'),
						'entered',
						'excluded',
						'seed',
						'size',
						'drawn',
						'drawnAt'
					])
					.where('recordId', '=', id)
					.executeTakeFirst()
			: undefined,
		record.kind === 'sample'
			? db
					.selectFrom('sampledCase')
					.select([
						'id',
						'position',
						'caseReference',
						'grades',
						'comment',
						'supportLevel',
						'setting',
						'conflict',
						'reviewedAt'
					])
					.where('recordId', '=', id)
					.orderBy('position')
					.execute()
			: []
	]);
	return { ...record, notes, actions, sample: sample ?? null, cases };
}
export type FullRecord = NonNullable<Awaited<ReturnType<typeof recordById>>>;

/** What `can` needs to decide who sees or changes a record. */
export function recordResource(record: {
	subjectId: string;
	subjectSupervisorId: string | null;
	status: RecordStatus;
}) {
	return { subjectId: record.subjectId, subjectSupervisorId: record.subjectSupervisorId, status: record.status };
}

/** A person's records, newest first. Their subject does not see drafts. */
export async function recordsOf(db: Db, subjectId: string, viewer: SessionPerson) {
	let query = db
		.selectFrom('supervisionRecord as r')
		.leftJoin('person as author', 'author.id', 'r.authorId')
		.select([
			'r.id',
			'r.kind',
			dateText('r.held_on').as('heldOn'),
			'r.status',
			'author.name as authorName',
			'r.signedAt',
			(eb) =>
				eb
					.selectFrom('recordNote')
					.select((n) => n.fn.countAll<string>().as('n'))
					.whereRef('recordNote.recordId', '=', 'r.id')
					.where('recordNote.kind', '=', 'addendum')
					.as('addenda')
		])
		.where('r.subjectId', '=', subjectId);
	if (viewer.id === subjectId) query = query.where('r.status', '!=', 'draft');
	return query.orderBy('r.heldOn', 'desc').orderBy('r.createdAt', 'desc').execute();
}

/** Audit a read of someone else's records. */
export async function recordRecordViewed(
	db: Db,
	viewer: SessionPerson,
	subjectId: string,
	recordId?: string
): Promise<void> {
	if (viewer.id === subjectId) return;
	await recordAudit(
		db,
		recordId
			? {
					actorId: viewer.id,
					action: 'supervision.viewed',
					recordType: 'supervision-record',
					recordId,
					detail: { subjectId }
				}
			: { actorId: viewer.id, action: 'supervision.list-viewed', recordType: 'person', recordId: subjectId }
	);
}

// Casework sampling.

export interface SampleInput {
	periodFrom: string;
	periodTo: string;
	caseReferences: string[];
}

export type SampleResult =
	| { ok: true; recordId: string; drawn: string[]; excluded: string[]; drawnBefore?: Date }
	| { ok: false; message: string };

/** The draw already made for this worker and period, if any. */
async function drawForPeriod(db: Db, subjectId: string, input: Pick<SampleInput, 'periodFrom' | 'periodTo'>) {
	return db
		.selectFrom('caseworkSample')
		.select(['recordId', 'drawn', 'excluded', 'drawnAt'])
		.where('subjectId', '=', subjectId)
		.where('periodFrom', '=', input.periodFrom)
		.where('periodTo', '=', input.periodTo)
		.orderBy('periodDraw')
		.executeTakeFirst();
}

/**
 * Draws a sample of the worker's cases for the period, leaving out any case drawn for a sample in
 * the last `resampleAfterMonths`. The draw is recorded (what was entered, left out, the seed) so it
 * can be shown and worked again. One draw at a time, so two supervisors cannot draw the same case;
 * and one per worker and period, so a second submit (a double click, a retry) gets the first draw
 * back, marked with when it was made, rather than a second set of cases.
 */
export async function startSample(
	db: Db,
	author: SessionPerson,
	subjectId: string,
	input: SampleInput,
	rules: Pick<SupervisionRules, 'sampleSize' | 'resampleAfterMonths'>,
	now = new Date()
): Promise<SampleResult> {
	return db.transaction().execute(async (trx) => {
		await sql`select pg_advisory_xact_lock(hashtext('impartial.casework-sample'))`.execute(trx);
		const earlier = await drawForPeriod(trx, subjectId, input);
		if (earlier)
			return {
				ok: true,
				recordId: earlier.recordId,
				drawn: earlier.drawn,
				excluded: earlier.excluded,
				drawnBefore: earlier.drawnAt
			};
		const since = addMonths(now, -rules.resampleAfterMonths);
		const recent = await trx
			.selectFrom('sampledCase')
			.select('caseReference')
			.distinct()
			.where('caseReference', 'in', input.caseReferences)
			.where('drawnAt', '>', since)
			.execute();
		const excluded = recent.map((r) => r.caseReference).sort();
		const left = new Set(excluded);
		const eligible = input.caseReferences.filter((c) => !left.has(c));
		if (!eligible.length) {
			return {
				ok: false,
				message: `Every case reference entered was sampled in the last ${rules.resampleAfterMonths} months. Enter the worker's other cases for the period.`
			};
		}
		const seed = newSeed();
		const drawn = drawCases(eligible, seed, rules.sampleSize);
		const details = { periodFrom: input.periodFrom, periodTo: input.periodTo };
		const { id } = await trx
			.insertInto('supervisionRecord')
			.values({
				kind: 'sample',
				subjectId,
				authorId: author.id,
				heldOn: serviceDay(now),
				details: JSON.stringify(details),
				createdAt: now,
				updatedAt: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await trx
			.insertInto('caseworkSample')
			.values({
				recordId: id,
				subjectId,
				periodFrom: input.periodFrom,
				periodTo: input.periodTo,
				entered: [...input.caseReferences].sort(),
				excluded,
				seed,
				size: rules.sampleSize,
				drawn,
				drawnAt: now
			})
			.execute();
		await trx
			.insertInto('sampledCase')
			.values(drawn.map((caseReference, i) => ({ recordId: id, position: i + 1, caseReference, drawnAt: now })))
			.execute();
		await recordAudit(trx, {
			actorId: author.id,
			action: 'supervision.sample-drawn',
			recordType: 'supervision-record',
			recordId: id,
			detail: { subjectId, entered: input.caseReferences.length, excluded: excluded.length, drawn, seed }
		});
		return { ok: true, recordId: id, drawn, excluded };
	});
}

/** Words that say what kind of setting, not which one: left out when matching against declarations. */
const settingWords = new Set([
	'school',
	'academy',
	'primary',
	'secondary',
	'infant',
	'junior',
	'nursery',
	'college',
	'the',
	'of',
	'and',
	'trust',
	'c',
	'e',
	'ce',
	'rc',
	'church',
	'england',
	'st',
	'saint',
	'high',
	'community',
	'special'
]);

/** The distinctive words of a name, each once, in one pass. */
function nameWords(name: string): Set<string> {
	const words = new Set<string>();
	for (const [word] of name.toLowerCase().matchAll(/[a-z0-9]+/g)) if (!settingWords.has(word)) words.add(word);
	return words;
}

/** The declared organisation a setting matches, if any: the distinctive words of one contain all of the other's. */
export function matchingInterest<T extends { organisation: string }>(
	setting: string,
	interests: readonly T[]
): T | null {
	const words = nameWords(setting);
	if (!words.size) return null;
	for (const interest of interests) {
		const theirs = nameWords(interest.organisation);
		if (!theirs.size) continue;
		const [shorter, longer] = words.size <= theirs.size ? [words, theirs] : [theirs, words];
		if ([...shorter].every((w) => longer.has(w))) return interest;
	}
	return null;
}

export interface CaseReviewInput {
	supportLevel: string;
	setting: string;
	comment: string;
	grades: CriterionGrade[];
}

/** Records the review of one sampled case, flagging a setting that matches one of the worker's declared interests. */
export async function reviewCase(
	db: Db,
	actor: SessionPerson,
	recordId: string,
	caseId: string,
	input: CaseReviewInput
): Promise<ChangeResult & { conflict?: string | null }> {
	return db.transaction().execute(async (trx) => {
		const record = await trx
			.selectFrom('supervisionRecord')
			.select(['status', 'subjectId'])
			.where('id', '=', recordId)
			.forUpdate()
			.executeTakeFirst();
		if (!record || record.status !== 'draft') return notDraft;
		const interests = await trx
			.selectFrom('declaredInterest')
			.select(['organisation'])
			.where('personId', '=', record.subjectId)
			.where('endedAt', 'is', null)
			.execute();
		const conflict = matchingInterest(input.setting, interests)?.organisation ?? null;
		const updated = await trx
			.updateTable('sampledCase')
			.set({
				supportLevel: input.supportLevel,
				setting: input.setting,
				comment: input.comment,
				grades: JSON.stringify(input.grades),
				conflict,
				reviewedAt: new Date()
			})
			.where('id', '=', caseId)
			.where('recordId', '=', recordId)
			.returning('caseReference')
			.executeTakeFirst();
		if (!updated) return { ok: false, message: 'That case is not part of this sample.' };
		await trx.updateTable('supervisionRecord').set({ updatedAt: new Date() }).where('id', '=', recordId).execute();
		await recordAudit(trx, {
			actorId: actor.id,
			action: 'supervision.case-reviewed',
			recordType: 'supervision-record',
			recordId,
			detail: { caseReference: updated.caseReference, conflict }
		});
		return { ok: true, conflict };
	});
}
