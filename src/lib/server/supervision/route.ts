// What the supervision pages share: finding the person or record a page is about and checking
// who may see it, the form context from service.yml, and turning a saved draft back into form values.
import { error, type RequestEvent } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { content } from '../content';
import { findPerson } from '../people';
import { requirePermission } from '../auth/guard';
import type { Action } from '../auth/permissions';
import type { FormValues } from '../forms';
import { sendEmail } from '../mail';
import { recordKindLabels } from '../../supervision';
import { serviceDay } from '../../format';
import { actionRows, observationSchema, reviewSchema, supervisionSchema, type RecordFormContext } from './schemas';
import {
	openActionsAbout,
	recordById,
	recordResource,
	reviewSummary,
	type FormKind,
	type FullRecord,
	type RecordInput
} from './index';

export function formContext(now = new Date()): RecordFormContext {
	const service = content().service;
	return { caseReference: service.caseReference, rules: service.supervision, today: serviceDay(now) };
}

export function schemaFor(kind: FormKind, ctx: RecordFormContext = formContext()) {
	return kind === 'supervision'
		? supervisionSchema(ctx)
		: kind === 'observation'
			? observationSchema(ctx)
			: reviewSchema(ctx);
}

/** The person a page is about, once the viewer is allowed `action` on them. */
export async function subjectOf(
	db: Kysely<DB>,
	event: Pick<RequestEvent, 'locals' | 'url' | 'params'>,
	action: Action
) {
	const subject = await findPerson(db, (event.params as { id: string }).id);
	if (!subject) error(404, 'Page not found');
	const viewer = requirePermission(event.locals, event.url, action, subject);
	return { viewer, subject };
}

/** The record a page is about, once the viewer is allowed `action` on it. */
export async function recordOf(db: Kysely<DB>, event: Pick<RequestEvent, 'locals' | 'url' | 'params'>, action: Action) {
	const record = await recordById(db, (event.params as { id: string }).id);
	if (!record) error(404, 'Page not found');
	const viewer = requirePermission(event.locals, event.url, action, recordResource(record));
	return { viewer, record };
}

/** A performance review carries a summary of everything on record since the last one, worked out as the draft is saved. */
export async function extrasFor(
	db: Kysely<DB>,
	kind: FormKind,
	subjectId: string,
	input: RecordInput,
	recordId?: string
) {
	if (kind !== 'review') return {};
	return {
		summary: await reviewSummary(db, subjectId, input.heldOn, content().service.supervisionIntervalDays, recordId)
	};
}

/** Open actions about the subject from earlier records, offered for closing in a new session. */
export async function carriedActions(db: Kysely<DB>, subjectId: string, exceptRecordId?: string) {
	return openActionsAbout(db, subjectId, exceptRecordId);
}

/** A saved draft as the values its form shows, so editing starts from what was written. */
export function valuesOf(record: FullRecord): FormValues {
	const details = record.details as Record<string, unknown>;
	const values: FormValues = { heldOn: record.heldOn };
	for (const [key, value] of Object.entries(details))
		if (typeof value === 'string' || typeof value === 'number') values[key] = String(value);
	const criteria = (details.criteria as { grade: string; evidence: string }[] | undefined) ?? [];
	criteria.forEach((c, i) => {
		values[`grade${i + 1}`] = c.grade;
		values[`evidence${i + 1}`] = c.evidence;
	});
	record.actions
		.filter((a) => !a.closedAt)
		.slice(0, actionRows)
		.forEach((a, i) => {
			values[`action${i + 1}Description`] = a.description;
			values[`action${i + 1}Owner`] = a.ownerId === record.subjectId ? 'subject' : 'author';
			values[`action${i + 1}Due`] = a.dueOn;
		});
	return values;
}

/** Tells the subject a record is ready for them, by email or the outbox. No case details go in the message. */
export function notifyShared(db: Kysely<DB>, record: Pick<FullRecord, 'id' | 'kind'>, origin: string) {
	return async (subjectId: string) => {
		const service = content().service;
		const person = await db
			.selectFrom('person')
			.select(['name', 'email'])
			.where('id', '=', subjectId)
			.executeTakeFirst();
		if (!person) return;
		const body = [
			`Hello ${person.name},`,
			'',
			`A record of your ${recordKindLabels[record.kind].toLowerCase()} has been shared with you. Please read it, add any comments, and sign it off:`,
			`${origin}/supervision/records/${record.id}`,
			'',
			service.shortName
		].join('\n');
		await sendEmail(
			db,
			{
				to: person.email,
				subject: `A ${recordKindLabels[record.kind].toLowerCase()} record is ready for you to sign off`,
				body
			},
			service
		);
	};
}
