// Searching the audit log: by person (as the one who acted, or as the record acted on), by record
// and by period in UK days, newest first, a page at a time.
import { sql, type Kysely, type QueryCreator } from 'kysely';
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

/** A record ID that is a person's: the subject of a person's entries is named beside them. */
const uuidPattern = sql.lit('^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$');

type Found = DB & { people: { id: string }; matched: { id: string; at: Date } };

export async function searchAuditLog(db: Kysely<DB>, search: AuditSearch) {
	const page = Math.max(1, search.page ?? 1);
	const from = db as unknown as QueryCreator<Found>;
	// The entries the search finds, as their ids and times, with the record and period asked for.
	const within = (alias: 'auditEvent' | 'made' | 'about') => {
		let query = from.selectFrom(`auditEvent as ${alias}`).select([`${alias}.id`, `${alias}.at`]);
		if (search.recordType) query = query.where(`${alias}.recordType`, '=', search.recordType);
		if (search.recordId) query = query.where(`${alias}.recordId`, '=', search.recordId);
		// Periods are whole days on a clock in England, whatever the server's time zone.
		if (search.from) query = query.where(`${alias}.at`, '>=', instantAt(search.from, '00:00'));
		if (search.to) query = query.where(`${alias}.at`, '<', instantAt(nextDay(search.to), '00:00'));
		return query;
	};
	// By a person: the people a name or email matches are found once, then the entries they made
	// and the entries about them, each from its own index, put together once. The count and the
	// page both read that set, and only the page's own entries are joined to their people: worked
	// out twice and joined to every person, the search read the whole log and every person (27 ms
	// for a common surname at 20,000 people, against 14).
	const statement: QueryCreator<Found> = search.person
		? from
				.with(
					(cte) => cte('people').materialized(),
					(q) => q.selectFrom('person').select('person.id').where(nameOrEmailContains(search.person!))
				)
				.with(
					(cte) => cte('matched').materialized(),
					() =>
						within('made')
							.where('made.actorId', 'in', from.selectFrom('people').select('people.id'))
							.union(
								within('about')
									.where('about.recordType', '=', 'person')
									.where(
										'about.recordId',
										'in',
										from.selectFrom('people').select(sql<string>`people.id::text`.as('id'))
									)
							)
				)
		: // Read where it is used: the page from the index of times, the count up to its limit.
			from.with(
				(cte) => cte('matched').notMaterialized(),
				() => within('auditEvent')
			);

	// The count and the page in one statement: the count's one row, joined to the page's rows (or
	// to none, past the last page).
	const pageRows = from
		.selectFrom(
			from
				.selectFrom('matched')
				.select(['matched.id', 'matched.at'])
				.orderBy('matched.at', 'desc')
				.orderBy('matched.id', 'desc')
				.limit(auditPageSize)
				.offset((page - 1) * auditPageSize)
				.as('shown')
		)
		.innerJoin('auditEvent', 'auditEvent.id', 'shown.id')
		.leftJoin('person as actor', 'actor.id', 'auditEvent.actorId')
		// The person an entry is about, by primary key where its record ID is a person's.
		.leftJoin('person as subject', (join) =>
			join
				.on('auditEvent.recordType', '=', 'person')
				.on(
					sql<boolean>`subject.id = case when audit_event.record_id ~* ${uuidPattern} then audit_event.record_id::uuid end`
				)
		)
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
			'actor.email as actorEmail',
			'subject.name as recordName'
		])
		.orderBy('shown.at', 'desc')
		.orderBy('shown.id', 'desc')
		.as('entry');
	const counted = from
		.selectFrom(
			from
				.selectFrom('matched')
				.select('matched.id')
				.limit(auditCountLimit + 1)
				.as('some')
		)
		.select((eb) => eb.fn.countAll<string>().as('count'))
		.as('counted');
	const rows = await statement
		.selectFrom(counted)
		.leftJoinLateral(pageRows, (join) => join.onTrue())
		.selectAll()
		.execute();

	const entries: AuditLogEntry[] = rows.flatMap((r) =>
		r.id == null
			? []
			: [
					{
						id: String(r.id),
						at: r.at!,
						action: r.action!,
						actor: r.actorId ? { id: r.actorId, name: r.actorName ?? '', email: r.actorEmail ?? '' } : null,
						recordType: r.recordType ?? null,
						recordId: r.recordId ?? null,
						recordName: r.recordName ?? null,
						detail: r.detail!,
						address: r.address ?? null
					}
				]
	);
	const matches = Number(rows[0]!.count);
	return {
		entries,
		total: Math.min(matches, auditCountLimit),
		/** More entries match than were counted: `total` is a floor. */
		more: matches > auditCountLimit,
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
