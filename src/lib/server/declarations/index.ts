// Declarations of interest: a person's interests (ended, never deleted), their returns, when the
// next return is due, and the register coordinators keep.
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { interestKinds, type DB } from '../db/schema';
import type { SessionPerson } from '../auth/sessions';
import { recordAudit } from '../audit';
import { dayNumber } from '../policies/due';
import { dayCount, dayPlusDays, dayPlusMonths, firstDayReaching, serviceDay, startOfDay } from '../../format';
import { freeText, optionalDayField, type CaseReferenceRule } from '../forms';
import { planEachCall } from '../db/prepared';
import { keptStanding } from '../db/standing';
import type { AcknowledgementStatus } from '../../acknowledgement-status';

/** A change must be declared within this many days. */
export const changeWithinDays = 28;

/**
 * The form that declares an interest. Its free text refuses email addresses, phone numbers and
 * postcodes as supervision records do: the register is read by coordinators, and family members
 * are named by relation ("my sister-in-law"), never by their details.
 */
export function interestSchema(caseReference: CaseReferenceRule) {
	return z
		.object({
			kind: z.enum(interestKinds, { error: 'Choose the kind of interest' }),
			organisation: freeText('Organisation', caseReference, {
				max: 200,
				required: 'Enter the school, setting or organisation'
			}).refine((v) => v.length !== 1, 'Enter the school, setting or organisation'),
			startsOn: optionalDayField('the date', '2025-09-01'),
			endsOn: optionalDayField('the date', '2025-09-01'),
			details: freeText('Details', caseReference, { max: 2000 })
		})
		.refine((v) => !v.startsOn || !v.endsOn || v.endsOn >= v.startsOn, {
			message: 'The end date must be after the start date',
			path: ['endsOn']
		});
}
export type InterestInput = z.output<ReturnType<typeof interestSchema>>;

export function endInterestSchema(caseReference: CaseReferenceRule) {
	return z.object({
		interestId: z.uuid('Choose an interest'),
		reason: freeText('Reason', caseReference, {
			max: 300,
			required: 'Say why this interest has ended, for example "stood down as governor in July"'
		}).refine((v) => v.length >= 3, 'Say why this interest has ended, for example "stood down as governor in July"')
	});
}

export async function declarationsOf(db: Kysely<DB>, personId: string) {
	const [interests, lastReturn, joined] = await Promise.all([
		db
			.selectFrom('declaredInterest')
			.select(['id', 'kind', 'organisation', 'startsOn', 'endsOn', 'details', 'declaredAt', 'endedAt', 'endedReason'])
			.where('personId', '=', personId)
			.orderBy('endedAt', (ob) => ob.desc().nullsFirst())
			.orderBy('declaredAt', 'desc')
			.execute(),
		db
			.selectFrom('declarationReturn')
			.select(['madeAt', 'nil', 'interests'])
			.where('personId', '=', personId)
			.orderBy('madeAt', 'desc')
			.limit(1)
			.executeTakeFirst(),
		db
			.selectFrom('person')
			.select(sql<Date>`coalesce(activated_at, created_at)`.as('joinedAt'))
			.where('id', '=', personId)
			.executeTakeFirstOrThrow()
	]);
	const lastChange = interests.reduce<Date | null>((latest, i) => {
		const at = i.endedAt && i.endedAt > i.declaredAt ? i.endedAt : i.declaredAt;
		return !latest || at > latest ? at : latest;
	}, null);
	return {
		interests,
		lastReturn: lastReturn ?? null,
		due: declarationDue(joined.joinedAt, lastReturn?.madeAt ?? null, lastChange)
	};
}

/** A return is due on joining, a year after the last, and within 28 days of a change since it. */
export function declarationDue(
	joinedAt: Date,
	lastReturn: Date | null,
	lastChange: Date | null,
	now = new Date()
): { status: Exclude<AcknowledgementStatus, 'not-applicable'>; dueOn: string; reason: 'joined' | 'yearly' | 'change' } {
	// Days on the service's clock, as policy acknowledgements count them.
	let dueOn: string;
	let reason: 'joined' | 'yearly' | 'change';
	if (!lastReturn) [dueOn, reason] = [dayPlusDays(serviceDay(joinedAt), changeWithinDays), 'joined'];
	else if (lastChange && lastChange > lastReturn)
		[dueOn, reason] = [dayPlusDays(serviceDay(lastChange), changeWithinDays), 'change'];
	else [dueOn, reason] = [dayPlusMonths(serviceDay(lastReturn), 12), 'yearly'];
	const today = dayNumber(now);
	const outstanding = reason !== 'yearly' || today >= dayCount(dueOn) - changeWithinDays;
	const status = today > dayCount(dueOn) ? 'overdue' : outstanding ? 'due' : 'acknowledged';
	return { status, dueOn, reason };
}

export async function declareInterest(db: Kysely<DB>, person: SessionPerson, input: InterestInput): Promise<string> {
	return db.transaction().execute(async (trx) => {
		const { id } = await trx
			.insertInto('declaredInterest')
			.values({ personId: person.id, ...input })
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			actorId: person.id,
			action: 'declaration.interest-added',
			recordType: 'declared-interest',
			recordId: id,
			detail: { kind: input.kind, organisation: input.organisation }
		});
		return id;
	});
}

export async function endInterest(
	db: Kysely<DB>,
	person: SessionPerson,
	interestId: string,
	reason: string
): Promise<boolean> {
	return db.transaction().execute(async (trx) => {
		const result = await trx
			.updateTable('declaredInterest')
			.set({ endedAt: new Date(), endedReason: reason })
			.where('id', '=', interestId)
			.where('personId', '=', person.id)
			.where('endedAt', 'is', null)
			.executeTakeFirst();
		if (Number(result.numUpdatedRows) !== 1) return false;
		await recordAudit(trx, {
			actorId: person.id,
			action: 'declaration.interest-ended',
			recordType: 'declared-interest',
			recordId: interestId,
			detail: { reason }
		});
		return true;
	});
}

/** Confirms the list of current interests is complete; with none, that is a nil return. */
export async function makeReturn(db: Kysely<DB>, person: SessionPerson): Promise<{ nil: boolean; interests: number }> {
	return db.transaction().execute(async (trx) => {
		const { n } = await trx
			.selectFrom('declaredInterest')
			.select((eb) => eb.fn.countAll<string>().as('n'))
			.where('personId', '=', person.id)
			.where('endedAt', 'is', null)
			.executeTakeFirstOrThrow();
		const interests = Number(n);
		const { id } = await trx
			.insertInto('declarationReturn')
			.values({ personId: person.id, nil: interests === 0, interests })
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			actorId: person.id,
			action: interests ? 'declaration.confirmed' : 'declaration.nil-return',
			recordType: 'declaration-return',
			recordId: id,
			detail: { interests }
		});
		return { nil: interests === 0, interests };
	});
}

export const registerPageSize = 50;

/** Who must make declaration returns: everyone active who works with families or supervises. */
export const declarantRoles = ['volunteer', 'staff', 'supervisor', 'coordinator'];

/**
 * Everyone who must declare, each rated acknowledged (up to date), due or overdue, as the SQL of a
 * `with rated as (...)` chain. The rules of `declarationDue` become instants worked out once here,
 * so each person is rated by comparing their kept last return and last change with them, with no
 * date arithmetic or time zone per person. A test holds the two to the same answer.
 */
export function ratedDeclarants(now: Date) {
	return sql`
		with rated as (
			select p.id, p.name, coalesce(p.activated_at, p.created_at) as joined_at, d.last_return_at, d.last_change_at,
				${declarationStatus(now)} as status
			from person p left join declaration_latest d on d.person_id = p.id
			where p.status = 'active' and p.roles && ${sql.val(declarantRoles)}::text[]
		)`;
}

/** A declarant's state, as an SQL expression over their row `p` and their kept returns `d` (see `ratedDeclarants`). */
export function declarationStatus(now: Date) {
	const today = serviceDay(now);
	// Joined, or changed an interest, before this without a return since: more than 28 days ago.
	const changeOverdue = startOfDay(dayPlusDays(today, -changeWithinDays));
	// Last return before these: a year has run out, or the reminder window before it has opened.
	const yearOverdue = startOfDay(firstDayReaching(today, 12));
	const yearDue = startOfDay(firstDayReaching(dayPlusDays(today, changeWithinDays + 1), 12));
	return sql<string>`case
		when d.last_return_at is null then
			case when coalesce(p.activated_at, p.created_at) < ${changeOverdue} then 'overdue' else 'due' end
		when d.last_change_at > d.last_return_at then
			case when d.last_change_at < ${changeOverdue} then 'overdue' else 'due' end
		when d.last_return_at < ${yearOverdue} then 'overdue'
		when d.last_return_at < ${yearDue} then 'due'
		else 'acknowledged'
	end`;
}

/**
 * The coordinator's register, one page of each list: everyone's current interests, and who has not
 * made a return in time. The due rules of `declarationDue` are applied in the database, on the
 * service's clock, so neither list reads more than its page.
 */
export async function declarationRegister(
	db: Kysely<DB>,
	pages: { interests?: number; due?: number } = {},
	now = new Date()
) {
	const rated = ratedDeclarants(now);
	const interestsPage = Math.max(1, pages.interests ?? 1);
	const duePage = Math.max(1, pages.due ?? 1);
	const current = db
		.selectFrom('declaredInterest')
		.innerJoin('person', 'person.id', 'declaredInterest.personId')
		.where('declaredInterest.endedAt', 'is', null)
		.where('person.status', '=', 'active');
	// Planned for its instants each call, as the list of who is outstanding below: with the plan kept
	// for any, it took 18 ms against 7 at 20,000 people (the bench's check of plans).
	const tally = sql<{ people: string; outstanding: string }>`${planEachCall}
		${rated}
		select count(*) as people, count(*) filter (where status <> 'acknowledged') as outstanding from rated`;
	const question = tally.compile(db);
	const [interests, interestCount, outstanding, counted] = await Promise.all([
		current
			.select([
				'declaredInterest.id',
				'person.id as personId',
				'person.name',
				'declaredInterest.kind',
				'declaredInterest.organisation',
				'declaredInterest.startsOn',
				'declaredInterest.details'
			])
			.orderBy('declaredInterest.organisation')
			.orderBy('declaredInterest.id')
			.limit(registerPageSize)
			.offset((interestsPage - 1) * registerPageSize)
			.execute(),
		current.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
		// Planned for its instants each call: with the plan kept for any, it took 1.3 ms against 0.2
		// at 2,000 people (the bench's check of plans).
		sql<{
			id: string;
			name: string;
			joinedAt: Date;
			lastReturnAt: Date | null;
			lastChangeAt: Date | null;
		}>`${planEachCall}
			${rated}
			select id, name, joined_at, last_return_at, last_change_at from rated
			where status <> 'acknowledged'
			order by name, id
			limit ${registerPageSize} offset ${(duePage - 1) * registerPageSize}`.execute(db),
		// The counts read everyone who declares: kept while nothing they read changes.
		keptStanding(
			db,
			serviceDay(now),
			{ text: question.sql, parameters: question.parameters },
			async (trx) => (await tally.execute(trx)).rows
		)
	]);
	return {
		interests,
		interestCount: Number(interestCount.n),
		outstanding: outstanding.rows.map((p) => ({
			id: p.id,
			name: p.name,
			madeAt: p.lastReturnAt,
			due: declarationDue(p.joinedAt, p.lastReturnAt, p.lastChangeAt, now)
		})),
		outstandingCount: Number(counted[0]!.outstanding),
		people: Number(counted[0]!.people),
		pages: { interests: interestsPage, due: duePage },
		pageSize: registerPageSize
	};
}
