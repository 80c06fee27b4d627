// Searching the audit log: by person (as the one who acted, or as the record acted on), by record
import { isUuid } from '../../uuid';
// and by period in UK days, newest first, a page at a time.
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema';
import { instantAt } from '../../format';
import { dayField, queryNumber, textField } from '../forms';
import { nameOrEmailContains } from '../people';

export const auditPageSize = 50;

/**
 * The most entries a search counts. The log grows with everything people do, for years; counting
 * every entry a broad search matches would read them all on every page. Past this many, the page
 * says "more than" and a narrower search (a person, a record, some dates) finds the rest.
 */
export const auditCountLimit = 10_000;

const optionalText = (label: string, max: number, tooLong: string) =>
	textField(label, max, tooLong)
		.optional()
		.transform((v) => v || undefined);

const optionalDay = (what: string) =>
	z
		.string()
		.trim()
		.optional()
		.transform((v) => v || undefined)
		.pipe(dayField(what, '2026-11-02').optional());

/** The search form, read from the query string. */
export const auditSearchSchema = z
	.object({
		person: optionalText('Name or email', 254, 'Name or email must be 254 characters or fewer'),
		recordType: optionalText('Record type', 60, 'Choose a record type from the list').refine(
			(v) => v === undefined || /^[a-z][a-z-]*$/.test(v),
			'Choose a record type from the list'
		),
		recordId: optionalText('Record ID', 100, 'Record ID must be 100 characters or fewer'),
		from: optionalDay('the start date'),
		to: optionalDay('the end date'),
		// Paging is not typed by anyone: a bad page number just means the first page.
		page: queryNumber(1, 10_000)
	})
	.superRefine((v, ctx) => {
		if (v.from && v.to && v.from > v.to) {
			ctx.addIssue({
				code: 'custom',
				path: ['to'],
				message: 'The end date must be the same as or after the start date'
			});
		}
	});

export interface AuditSearch {
	/** Part of a name or email address. */
	person?: string;
	recordType?: string;
	recordId?: string;
	/** First and last days of the period, YYYY-MM-DD, as days in England. */
	from?: string;
	to?: string;
	page?: number;
}

const nextDay = (day: string) =>
	new Date(Date.parse(`${day}T00:00:00Z`) + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

export interface AuditLogEntry {
	id: string;
	at: Date;
	action: string;
	actor: { id: string; name: string; email: string } | null;
	recordType: string | null;
	recordId: string | null;
	/** The name of the person the entry is about, when its record is a person. */
	recordName: string | null;
	detail: Record<string, unknown>;
	address: string | null;
}

export async function searchAuditLog(db: Kysely<DB>, search: AuditSearch) {
	let query = db.selectFrom('auditEvent');
	if (search.person) {
		const people = db.selectFrom('person').where(nameOrEmailContains(search.person));
		// Entries they made, and entries about them, each found from its own index and put
		// together by id: written as one condition joined by "or", it read the whole log.
		const made = db
			.selectFrom('auditEvent as made')
			.select('made.id')
			.where('made.actorId', 'in', people.select('person.id'));
		const about = db
			.selectFrom('auditEvent as about')
			.select('about.id')
			.where('about.recordType', '=', 'person')
			.where('about.recordId', 'in', people.select(sql<string>`person.id::text`.as('id')));
		query = query.where('auditEvent.id', 'in', made.union(about));
	}
	if (search.recordType) query = query.where('auditEvent.recordType', '=', search.recordType);
	if (search.recordId) query = query.where('auditEvent.recordId', '=', search.recordId);
	// Periods are whole days on a clock in England, whatever the server's time zone.
	if (search.from) query = query.where('auditEvent.at', '>=', instantAt(search.from, '00:00'));
	if (search.to) query = query.where('auditEvent.at', '<', instantAt(nextDay(search.to), '00:00'));

	const page = Math.max(1, search.page ?? 1);
	const [rows, count] = await Promise.all([
		query
			.leftJoin('person as actor', 'actor.id', 'auditEvent.actorId')
			.select([
				'auditEvent.id',
				'auditEvent.at',
				'auditEvent.action',
				'auditEvent.recordType',
				'auditEvent.recordId',
				'auditEvent.detail',
				'auditEvent.address',
				'auditEvent.actorId',
				'actor.name as actorName',
				'actor.email as actorEmail'
			])
			.orderBy('auditEvent.at', 'desc')
			.orderBy('auditEvent.id', 'desc')
			.limit(auditPageSize)
			.offset((page - 1) * auditPageSize)
			.execute(),
		db
			.selectFrom(
				query
					.select('auditEvent.id')
					.limit(auditCountLimit + 1)
					.as('matched')
			)
			.select((eb) => eb.fn.countAll<string>().as('count'))
			.executeTakeFirstOrThrow()
	]);

	// Names of the people the entries on this page are about, in one look-up by primary key.
	const personIds = [
		...new Set(
			rows.filter((r) => r.recordType === 'person' && r.recordId && isUuid(r.recordId)).map((r) => r.recordId!)
		)
	];
	const names = new Map(
		personIds.length
			? (await db.selectFrom('person').select(['id', 'name']).where('id', 'in', personIds).execute()).map((p) => [
					p.id,
					p.name
				])
			: []
	);

	const entries: AuditLogEntry[] = rows.map((r) => ({
		id: String(r.id),
		at: r.at,
		action: r.action,
		actor: r.actorId ? { id: r.actorId, name: r.actorName ?? '', email: r.actorEmail ?? '' } : null,
		recordType: r.recordType,
		recordId: r.recordId,
		recordName: r.recordType === 'person' && r.recordId ? (names.get(r.recordId) ?? null) : null,
		detail: r.detail,
		address: r.address
	}));
	const counted = Number(count.count);
	return {
		entries,
		total: Math.min(counted, auditCountLimit),
		/** More entries match than were counted: `total` is a floor. */
		more: counted > auditCountLimit,
		page,
		pageSize: auditPageSize
	};
}

/**
 * The record types the log holds, for the search form. A loose index scan: one probe of the
 * record index per type, rather than reading every entry.
 */
export async function auditRecordTypes(db: Kysely<DB>): Promise<string[]> {
	const { rows } = await sql<{ type: string | null }>`
		with recursive types(type) as (
			(select record_type from audit_event where record_type is not null order by record_type limit 1)
			union all
			select (select record_type from audit_event where record_type > types.type order by record_type limit 1)
			from types where types.type is not null
		)
		select type from types where type is not null`.execute(db);
	return rows.map((r) => r.type!);
}

/** An entry's detail as label and text pairs, for showing in a table cell. */
export function describeDetail(detail: Record<string, unknown>): { key: string; text: string }[] {
	return Object.entries(detail ?? {}).map(([key, value]) => ({
		key,
		text: typeof value === 'string' ? value : JSON.stringify(value)
	}));
}
