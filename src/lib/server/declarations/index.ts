// Declarations of interest: a person's interests (ended, never deleted), their returns, when the
// next return is due, and the register coordinators keep.
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { interestKinds, type DB } from '../db/schema';
import type { SessionPerson } from '../auth/sessions';
import { recordAudit } from '../audit';
import { dayNumber } from '../policies/due';
import { dayCount, dayPlusDays, dayPlusMonths, serviceDay } from '../../format';
import { freeText, optionalDayField, type CaseReferenceRule } from '../forms';
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
	const outstanding = reason !== 'yearly' || today >= dayCount(dueOn) - 28;
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

/** The coordinator's register: everyone's current interests, and who has not made a return in time. */
export async function declarationRegister(db: Kysely<DB>, now = new Date()) {
	const [people, interests] = await Promise.all([
		db
			.selectFrom('person')
			.leftJoinLateral(
				(eb) =>
					eb
						.selectFrom('declarationReturn')
						.select(['madeAt', 'nil'])
						.whereRef('declarationReturn.personId', '=', 'person.id')
						.orderBy('madeAt', 'desc')
						.limit(1)
						.as('ret'),
				(join) => join.onTrue()
			)
			.leftJoinLateral(
				(eb) =>
					eb
						.selectFrom('declaredInterest')
						.select(sql<Date>`max(greatest(declared_at, coalesce(ended_at, declared_at)))`.as('lastChange'))
						.whereRef('declaredInterest.personId', '=', 'person.id')
						.as('chg'),
				(join) => join.onTrue()
			)
			.select([
				'person.id',
				'person.name',
				'person.roles',
				sql<Date>`coalesce(person.activated_at, person.created_at)`.as('joinedAt'),
				'ret.madeAt',
				'ret.nil',
				'chg.lastChange'
			])
			.where('person.status', '=', 'active')
			.where(sql<boolean>`person.roles && array['volunteer', 'staff', 'supervisor', 'coordinator']::text[]`)
			.orderBy('person.name')
			.execute(),
		db
			.selectFrom('declaredInterest')
			.innerJoin('person', 'person.id', 'declaredInterest.personId')
			.select([
				'declaredInterest.id',
				'person.id as personId',
				'person.name',
				'declaredInterest.kind',
				'declaredInterest.organisation',
				'declaredInterest.startsOn',
				'declaredInterest.details'
			])
			.where('declaredInterest.endedAt', 'is', null)
			.where('person.status', '=', 'active')
			.orderBy('declaredInterest.organisation')
			.execute()
	]);
	const withDue = people.map((p) => ({
		...p,
		due: declarationDue(p.joinedAt, p.madeAt ?? null, p.lastChange ?? null, now)
	}));
	return { interests, outstanding: withDue.filter((p) => p.due.status !== 'acknowledged'), people: withDue.length };
}
