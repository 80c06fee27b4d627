// Places on a cohort: who may ask, the fair order of booking, the steering group's held places, the
// waitlist that moves on its own, and coordinators' decisions with reasons. Every change to places
// happens in a transaction that locks the cohort's row first, so two requests for the last place
// can never both get it.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, PlaceStatus } from '../db/schema';
import type { SessionPerson } from '../auth/sessions';
import { recordAudit } from '../audit';
import { sendEmail, type Email } from '../mail';

/** Statuses that hold or wait for a place; the rest are history. */
export const livePlaceStatuses = ['booked', 'pending', 'waitlisted'] as const satisfies readonly PlaceStatus[];

export interface Cohort {
	id: string;
	courseSlug: string;
	title: string;
	capacity: number;
	steeringPlaces: number;
	steeringHoldUntil: string | null;
	registrationOpens: string;
	registrationCloses: string;
	needsApproval: boolean;
}

export interface CohortCounts {
	booked: number;
	steeringBooked: number;
	pending: number;
	waitlisted: number;
}

export interface CohortSession {
	id: string;
	position: number;
	startsAt: Date;
	endsAt: Date;
	venue: string;
}

export type RegistrationState = 'not-yet-open' | 'open' | 'closed';

export function registrationState(
	cohort: Pick<Cohort, 'registrationOpens' | 'registrationCloses'>,
	today: string
): RegistrationState {
	if (today < cohort.registrationOpens) return 'not-yet-open';
	return today > cohort.registrationCloses ? 'closed' : 'open';
}

/** Places still held for steering group members: none once their date has passed. */
export function heldForSteering(cohort: Cohort, counts: CohortCounts, today: string): number {
	if (!cohort.steeringPlaces || !cohort.steeringHoldUntil || today > cohort.steeringHoldUntil) return 0;
	return Math.max(0, cohort.steeringPlaces - counts.steeringBooked);
}

/** Places this person could take now: steering members may take held places, others may not. */
export function placesLeft(cohort: Cohort, counts: CohortCounts, today: string, steering: boolean): number {
	const free = Math.max(0, cohort.capacity - counts.booked);
	return steering ? free : Math.max(0, free - heldForSteering(cohort, counts, today));
}

/** Whether someone with these roles can have a place now, and whether it is one held for the steering group. */
function placeFor(
	cohort: Cohort,
	counts: CohortCounts,
	today: string,
	roles: readonly string[]
): { free: boolean; held: boolean } {
	const steering = roles.includes('steering');
	const free = placesLeft(cohort, counts, today, steering) > 0;
	return { free, held: free && steering && heldForSteering(cohort, counts, today) > 0 };
}

/** A person's request on a cohort that still holds or waits for a place, if they have one. */
function liveRequest(db: Kysely<DB>, cohortId: string, personId: string) {
	return db
		.selectFrom('coursePlace')
		.select(['id', 'status'])
		.where('cohortId', '=', cohortId)
		.where('personId', '=', personId)
		.where('status', 'in', livePlaceStatuses)
		.executeTakeFirst();
}

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export const cohortColumns = sql<Cohort>`json_build_object(
	'id', c.id, 'courseSlug', c.course_slug, 'title', c.title, 'capacity', c.capacity, 'steeringPlaces', c.steering_places,
	'steeringHoldUntil', c.steering_hold_until::text, 'registrationOpens', c.registration_opens::text,
	'registrationCloses', c.registration_closes::text, 'needsApproval', c.needs_approval)`;

async function lockCohort(
	trx: Transaction<DB>,
	cohortId: string
): Promise<{ cohort: Cohort; counts: CohortCounts } | null> {
	const { rows } = await sql<{
		cohort: Cohort;
	}>`select ${cohortColumns} as cohort from cohort c where c.id = ${cohortId} for update`.execute(trx);
	if (!rows[0]) return null;
	return { cohort: rows[0].cohort, counts: await countPlaces(trx, cohortId) };
}

async function countPlaces(db: Kysely<DB>, cohortId: string): Promise<CohortCounts> {
	const row = await db
		.selectFrom('coursePlace')
		.select((eb) => [
			eb.fn.countAll<string>().filterWhere('status', '=', 'booked').as('booked'),
			eb.fn
				.countAll<string>()
				.filterWhere((w) => w.and([w('status', '=', 'booked'), w('steeringPlace', '=', true)]))
				.as('steeringBooked'),
			eb.fn.countAll<string>().filterWhere('status', '=', 'pending').as('pending'),
			eb.fn.countAll<string>().filterWhere('status', '=', 'waitlisted').as('waitlisted')
		])
		.where('cohortId', '=', cohortId)
		.executeTakeFirstOrThrow();
	return {
		booked: Number(row.booked),
		steeringBooked: Number(row.steeringBooked),
		pending: Number(row.pending),
		waitlisted: Number(row.waitlisted)
	};
}

interface Notice {
	personId: string;
	cohortTitle: string;
	subject: string;
	lines: string[];
}

/** Emails (or outbox messages) about places, sent once the transaction that changed them commits. */
async function sendNotices(db: Kysely<DB>, notices: Notice[], service: ServiceInfo): Promise<void> {
	if (!notices.length) return;
	const people = await db
		.selectFrom('person')
		.select(['id', 'name', 'email'])
		.where(
			'id',
			'in',
			notices.map((n) => n.personId)
		)
		.execute();
	for (const notice of notices) {
		const person = people.find((p) => p.id === notice.personId);
		if (!person) continue;
		const email: Email = {
			to: person.email,
			subject: `${notice.subject}: ${notice.cohortTitle}`,
			body: [
				`Hello ${person.name},`,
				'',
				...notice.lines,
				'',
				`If you have a question, write to ${service.contactEmail}.`,
				'',
				service.shortName
			].join('\n')
		};
		await sendEmail(db, email, service);
	}
}

/**
 * A change to places in one transaction; the notices it queues are sent once it has committed, and
 * only if it succeeded, so nobody is told of a place that was never given.
 */
async function changePlaces<R extends { ok: boolean }>(
	db: Kysely<DB>,
	service: ServiceInfo,
	change: (trx: Transaction<DB>, notices: Notice[]) => Promise<R>
): Promise<R> {
	const notices: Notice[] = [];
	const result = await db.transaction().execute((trx) => change(trx, notices));
	if (result.ok) await sendNotices(db, notices, service);
	return result;
}

/** Books waiting people, in the order they asked, into any places now free for them. */
async function promoteFromWaitlist(
	trx: Transaction<DB>,
	cohort: Cohort,
	counts: CohortCounts,
	today: string,
	notices: Notice[]
): Promise<void> {
	const waiting = await trx
		.selectFrom('coursePlace')
		.innerJoin('person', 'person.id', 'coursePlace.personId')
		.select(['coursePlace.id', 'coursePlace.personId', 'person.roles'])
		.where('coursePlace.cohortId', '=', cohort.id)
		.where('coursePlace.status', '=', 'waitlisted')
		.orderBy('coursePlace.requestedAt')
		.orderBy('coursePlace.id')
		.execute();
	for (const w of waiting) {
		const { free, held } = placeFor(cohort, counts, today, w.roles);
		if (!free) continue;
		await trx
			.updateTable('coursePlace')
			.set({ status: 'booked', steeringPlace: held, changedAt: new Date(), message: null })
			.where('id', '=', w.id)
			.execute();
		counts.booked++;
		if (held) counts.steeringBooked++;
		counts.waitlisted--;
		await recordAudit(trx, {
			actorId: null,
			action: 'course.place.promoted',
			recordType: 'cohort',
			recordId: cohort.id,
			detail: { personId: w.personId }
		});
		notices.push({
			personId: w.personId,
			cohortTitle: cohort.title,
			subject: 'You have a place',
			lines: [
				`A place came free on ${cohort.title} and it is now yours.`,
				'If you can no longer come, please cancel so the next person can have it.'
			]
		});
	}
}

export type PlaceResult = { ok: true; status: PlaceStatus; position: number | null } | { ok: false; message: string };

interface ServiceInfo {
	shortName: string;
	contactEmail: string;
}

async function waitlistPosition(db: Kysely<DB>, cohortId: string, personId: string): Promise<number | null> {
	const { rows } = await sql<{ position: string | null }>`
		select (select count(*) from course_place w where w.cohort_id = p.cohort_id and w.status = 'waitlisted'
			and (w.requested_at, w.id) <= (p.requested_at, p.id)) as position
		from course_place p where p.cohort_id = ${cohortId} and p.person_id = ${personId} and p.status = 'waitlisted'`.execute(
		db
	);
	return rows[0]?.position ? Number(rows[0].position) : null;
}

/**
 * A person asks for a place: booked at once when one is free and no approval is needed, pending
 * when the coordinator approves requests, otherwise waitlisted. Asking again changes nothing.
 */
export async function requestPlace(
	db: Kysely<DB>,
	person: SessionPerson,
	cohortId: string,
	audiences: readonly string[],
	now = new Date()
): Promise<PlaceResult> {
	const today = isoDay(now);
	const result = await db.transaction().execute(async (trx): Promise<PlaceResult> => {
		const locked = await lockCohort(trx, cohortId);
		if (!locked) return { ok: false, message: 'This cohort no longer exists' };
		const { cohort, counts } = locked;
		if (!offeredTo(audiences, person.roles)) return { ok: false, message: 'This course is not offered to your role' };
		const existing = await liveRequest(trx, cohortId, person.id);
		if (existing) return { ok: true, status: existing.status, position: null };
		const state = registrationState(cohort, today);
		if (state === 'not-yet-open')
			return { ok: false, message: `Registration for this cohort opens on ${cohort.registrationOpens}` };
		if (state === 'closed') return { ok: false, message: 'Registration for this cohort has closed' };
		const place = placeFor(cohort, counts, today, person.roles);
		const status: PlaceStatus = cohort.needsApproval ? 'pending' : place.free ? 'booked' : 'waitlisted';
		const held = status === 'booked' && place.held;
		// The arrival time, not the caller's clock, orders the waitlist: two requests never tie.
		await trx
			.insertInto('coursePlace')
			.values({
				cohortId,
				personId: person.id,
				status,
				steeringPlace: held,
				requestedAt: sql`clock_timestamp()`,
				changedAt: now
			})
			.execute();
		await recordAudit(trx, {
			actorId: person.id,
			action: 'course.place.requested',
			recordType: 'cohort',
			recordId: cohortId,
			detail: { status, steeringPlace: held }
		});
		return { ok: true, status, position: null };
	});
	if (result.ok && result.status === 'waitlisted') result.position = await waitlistPosition(db, cohortId, person.id);
	return result;
}

async function livePlace(trx: Kysely<DB>, placeId: string) {
	return trx
		.selectFrom('coursePlace')
		.select(['id', 'cohortId', 'personId', 'status', 'steeringPlace'])
		.where('id', '=', placeId)
		.where('status', 'in', livePlaceStatuses)
		.executeTakeFirst();
}

type Decision = 'cancel' | 'remove' | 'decline' | 'approve';

const decisionStatus: Record<Exclude<Decision, 'approve'>, PlaceStatus> = {
	cancel: 'cancelled',
	remove: 'removed',
	decline: 'declined'
};

/**
 * Ends or approves a place. People cancel their own; coordinators approve, decline or remove,
 * always with a reason. A place freed goes to the first person waiting.
 */
export async function decidePlace(
	db: Kysely<DB>,
	actor: SessionPerson | null,
	placeId: string,
	decision: Decision,
	reason: string | null,
	service: ServiceInfo,
	now = new Date()
): Promise<{ ok: true; status: PlaceStatus } | { ok: false; message: string }> {
	const today = isoDay(now);
	return changePlaces(db, service, async (trx, notices) => {
		const found = await livePlace(trx, placeId);
		if (!found) return { ok: false as const, message: 'This place has already been cancelled or decided' };
		if (decision === 'cancel' && found.personId !== actor?.id)
			return { ok: false as const, message: 'You can only cancel your own place' };
		if (decision === 'cancel') {
			const first = await trx
				.selectFrom('cohortSession')
				.select((eb) => eb.fn.min('startsAt').as('startsAt'))
				.where('cohortId', '=', found.cohortId)
				.executeTakeFirst();
			if (first?.startsAt && new Date(first.startsAt) <= now)
				return {
					ok: false as const,
					message: 'The course has already started: ask the coordinator if your place needs to change'
				};
		}
		const locked = (await lockCohort(trx, found.cohortId))!;
		const { cohort, counts } = locked;
		// Read again under the cohort's lock: another request may have changed it meanwhile.
		const place = await livePlace(trx, placeId);
		if (!place) return { ok: false as const, message: 'This place has already been cancelled or decided' };
		let status: PlaceStatus;
		if (decision === 'approve') {
			if (place.status !== 'pending') return { ok: false as const, message: 'Only a pending request can be approved' };
			const person = await trx
				.selectFrom('person')
				.select('roles')
				.where('id', '=', place.personId)
				.executeTakeFirstOrThrow();
			const { free, held } = placeFor(cohort, counts, today, person.roles);
			status = free ? 'booked' : 'waitlisted';
			await trx
				.updateTable('coursePlace')
				.set({ status, steeringPlace: held, changedAt: now, message: reason })
				.where('id', '=', place.id)
				.execute();
			notices.push({
				personId: place.personId,
				cohortTitle: cohort.title,
				subject: free ? 'Your place is confirmed' : 'Your request is approved: you are on the waitlist',
				lines: free
					? [`Your request for a place on ${cohort.title} is approved and the place is yours.`]
					: [
							`Your request for ${cohort.title} is approved. The cohort is full, so you are on the waitlist and will be told if a place comes free.`
						]
			});
		} else {
			if (decision === 'decline' && place.status === 'booked')
				return { ok: false as const, message: 'A booked place is removed, not declined' };
			status = decisionStatus[decision];
			await trx
				.updateTable('coursePlace')
				.set({ status, changedAt: now, message: reason })
				.where('id', '=', place.id)
				.execute();
			if (place.status === 'booked') {
				counts.booked--;
				if (place.steeringPlace) counts.steeringBooked--;
			}
			if (decision !== 'cancel') {
				notices.push({
					personId: place.personId,
					cohortTitle: cohort.title,
					subject: decision === 'decline' ? 'Your request was not accepted' : 'Your place has been withdrawn',
					lines: [
						decision === 'decline'
							? `Your request for a place on ${cohort.title} was not accepted.`
							: `Your place on ${cohort.title} has been withdrawn.`,
						`The reason given: ${reason}`
					]
				});
			}
			if (place.status === 'booked') await promoteFromWaitlist(trx, cohort, counts, today, notices);
		}
		await recordAudit(trx, {
			actorId: actor?.id ?? null,
			action: `course.place.${decision}`,
			recordType: 'cohort',
			recordId: cohort.id,
			detail: { personId: place.personId, from: place.status, to: status, reason }
		});
		return { ok: true as const, status };
	});
}

/** A coordinator gives someone a place directly, whatever the registration dates say. */
export async function allocatePlace(
	db: Kysely<DB>,
	actor: SessionPerson,
	cohortId: string,
	personId: string,
	reason: string,
	service: ServiceInfo,
	now = new Date()
): Promise<{ ok: true } | { ok: false; message: string }> {
	const today = isoDay(now);
	return changePlaces(db, service, async (trx, notices) => {
		const locked = await lockCohort(trx, cohortId);
		if (!locked) return { ok: false as const, message: 'This cohort no longer exists' };
		const { cohort, counts } = locked;
		const person = await trx
			.selectFrom('person')
			.select(['roles', 'status'])
			.where('id', '=', personId)
			.executeTakeFirst();
		if (!person || person.status === 'deactivated')
			return { ok: false as const, message: 'No one with an active account has this email address' };
		const existing = await liveRequest(trx, cohortId, personId);
		if (existing?.status === 'booked')
			return { ok: false as const, message: 'This person already has a place on this cohort' };
		const { free, held } = placeFor(cohort, counts, today, person.roles);
		if (!free)
			return { ok: false as const, message: 'The cohort is full: remove someone or move them to another cohort first' };
		if (existing)
			await trx
				.updateTable('coursePlace')
				.set({ status: 'booked', steeringPlace: held, changedAt: now, message: reason })
				.where('id', '=', existing.id)
				.execute();
		else
			await trx
				.insertInto('coursePlace')
				.values({
					cohortId,
					personId,
					status: 'booked',
					steeringPlace: held,
					requestedAt: sql`clock_timestamp()`,
					changedAt: now,
					message: reason
				})
				.execute();
		await recordAudit(trx, {
			actorId: actor.id,
			action: 'course.place.allocate',
			recordType: 'cohort',
			recordId: cohortId,
			detail: { personId, reason, from: existing?.status ?? null }
		});
		notices.push({
			personId,
			cohortTitle: cohort.title,
			subject: 'You have been given a place',
			lines: [`${actor.name} has booked you a place on ${cohort.title}.`]
		});
		return { ok: true as const };
	});
}

/** A coordinator moves someone's place to another cohort of the same course. */
export async function movePlace(
	db: Kysely<DB>,
	actor: SessionPerson,
	placeId: string,
	toCohortId: string,
	reason: string,
	service: ServiceInfo,
	now = new Date()
): Promise<{ ok: true } | { ok: false; message: string }> {
	const today = isoDay(now);
	return changePlaces(db, service, async (trx, notices) => {
		const found = await livePlace(trx, placeId);
		if (!found) return { ok: false as const, message: 'This place has already been cancelled or decided' };
		if (found.cohortId === toCohortId) return { ok: false as const, message: 'Choose a different cohort' };
		// Both cohorts are locked, always in the same order, so two moves cannot deadlock.
		const [first, second] = [found.cohortId, toCohortId].sort();
		const a = await lockCohort(trx, first!);
		const b = await lockCohort(trx, second!);
		const from = a?.cohort.id === found.cohortId ? a : b;
		const to = a?.cohort.id === toCohortId ? a : b;
		if (!from || !to) return { ok: false as const, message: 'Choose a cohort that exists' };
		if (from.cohort.courseSlug !== to.cohort.courseSlug)
			return { ok: false as const, message: 'Choose a cohort of the same course' };
		const place = (await livePlace(trx, placeId))!;
		if (await liveRequest(trx, toCohortId, place.personId))
			return { ok: false as const, message: 'This person already has a place or request on that cohort' };
		const person = await trx
			.selectFrom('person')
			.select('roles')
			.where('id', '=', place.personId)
			.executeTakeFirstOrThrow();
		const { free, held } = placeFor(to.cohort, to.counts, today, person.roles);
		if (!free) return { ok: false as const, message: 'That cohort is full' };
		await trx
			.updateTable('coursePlace')
			.set({ status: 'moved', changedAt: now, message: reason })
			.where('id', '=', place.id)
			.execute();
		await trx
			.insertInto('coursePlace')
			.values({
				cohortId: toCohortId,
				personId: place.personId,
				status: 'booked',
				steeringPlace: held,
				requestedAt: sql`clock_timestamp()`,
				changedAt: now,
				message: reason
			})
			.execute();
		notices.push({
			personId: place.personId,
			cohortTitle: to.cohort.title,
			subject: 'Your place has moved',
			lines: [
				`${actor.name} has moved your place from ${from.cohort.title} to ${to.cohort.title}.`,
				`The reason given: ${reason}`
			]
		});
		if (place.status === 'booked') {
			from.counts.booked--;
			if (place.steeringPlace) from.counts.steeringBooked--;
			await promoteFromWaitlist(trx, from.cohort, from.counts, today, notices);
		}
		await recordAudit(trx, {
			actorId: actor.id,
			action: 'course.place.move',
			recordType: 'cohort',
			recordId: from.cohort.id,
			detail: { personId: place.personId, to: toCohortId, reason }
		});
		return { ok: true as const };
	});
}

/**
 * When registration has closed, requests still waiting for approval are declined with a message;
 * booked and waitlisted people keep their places. Safe to run any number of times.
 */
export async function declineUnapprovedAfterClosing(
	db: Kysely<DB>,
	service: ServiceInfo,
	now = new Date()
): Promise<number> {
	const today = isoDay(now);
	const stale = await db
		.selectFrom('coursePlace')
		.innerJoin('cohort', 'cohort.id', 'coursePlace.cohortId')
		.select(['coursePlace.id'])
		.where('coursePlace.status', '=', 'pending')
		.where(sql<boolean>`cohort.registration_closes < ${today}::date`)
		.execute();
	let declined = 0;
	for (const { id } of stale) {
		const result = await decidePlace(
			db,
			null,
			id,
			'decline',
			'Registration closed before your request could be approved.',
			service,
			now
		);
		if (result.ok) declined++;
	}
	return declined;
}

/** A course is offered to the roles it names. */
export const offeredTo = (audiences: readonly string[], roles: readonly string[]) =>
	audiences.some((a) => roles.includes(a));
