// What the record pages and downloads share: whose record it is, and whether the viewer may have it.
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { content } from '../content';
import { findPerson } from '../people';
import { requirePermission, requireSignedIn } from '../auth/guard';
import { personalRecord, recordRecordProduced } from './index';

type Event = Pick<RequestEvent, 'locals' | 'url'>;

/** The signed-in person's own record. */
export async function ownRecord(db: Kysely<DB>, event: Event) {
	const viewer = requirePermission(event.locals, event.url, 'records.own');
	const record = await personalRecord(db, viewer.id, content());
	if (!record) error(404, 'Page not found');
	return { viewer, record };
}

/**
 * Someone else's record, for a coordinator, audited as `how`. A coordinator asking for their own
 * is sent to it at /me/record, `own` being the matching address there.
 */
export async function theirRecord(
	db: Kysely<DB>,
	event: Event & { params: { id: string } },
	how: 'viewed' | { exported: 'json' | 'csv' },
	own: string
) {
	const viewer = requireSignedIn(event.locals, event.url);
	if (event.params.id === viewer.id) redirect(303, own);
	const person = await findPerson(db, event.params.id);
	if (!person) error(404, 'Page not found');
	requirePermission(event.locals, event.url, 'records.any', person);
	const [record] = await Promise.all([
		personalRecord(db, person.id, content()),
		recordRecordProduced(db, viewer, person.id, how)
	]);
	if (!record) error(404, 'Page not found');
	return { viewer, record };
}
