import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import { createDatabase } from '../db';
import type { SessionPerson } from '../auth/sessions';
import type { Role } from '../db/schema';
import {
	allocatePlace,
	cohortRegister,
	cohortsFor,
	createCohort,
	decidePlace,
	declineUnapprovedAfterClosing,
	movePlace,
	placesLeft,
	recordAttendance,
	requestPlace
} from './index';

const service = { shortName: 'Test SENDIASS', contactEmail: 'team@example.org' };
const audiences: Role[] = ['volunteer', 'staff', 'steering'];
const now = new Date('2027-01-05T10:00:00Z');

describe('places left', () => {
	const cohort = {
		id: 'c',
		courseSlug: 'ips',
		title: 'Spring',
		capacity: 10,
		steeringPlaces: 3,
		steeringHoldUntil: '2027-02-01',
		registrationOpens: '2027-01-01',
		registrationCloses: '2027-03-01',
		needsApproval: false
	};
	it('keeps held places for steering members until their date, then releases them', () => {
		const counts = { booked: 6, steeringBooked: 1, pending: 0, waitlisted: 0 };
		expect(placesLeft(cohort, counts, '2027-01-10', false)).toBe(2);
		expect(placesLeft(cohort, counts, '2027-01-10', true)).toBe(4);
		expect(placesLeft(cohort, counts, '2027-02-02', false)).toBe(4);
	});
});

describe.each(testDatabaseKinds)('course places on %s', (kind) => {
	let test: TestDatabase;
	let coordinator: SessionPerson;
	const people: SessionPerson[] = [];
	let seq = 0;

	async function person(roles: Role[]): Promise<SessionPerson> {
		seq++;
		const email = `p${seq}@example.org`;
		const row = await test.db
			.insertInto('person')
			.values({ email, name: `Person ${seq}`, roles, status: 'active' })
			.returning('id')
			.executeTakeFirstOrThrow();
		const p = { id: row.id, name: `Person ${seq}`, email, roles, supervisorId: null };
		people.push(p);
		return p;
	}

	async function cohort(options: {
		capacity: number;
		steeringPlaces?: number;
		steeringHoldUntil?: string | null;
		needsApproval?: boolean;
		closes?: string;
		title?: string;
		sessions?: number;
	}) {
		const sessions = Array.from({ length: options.sessions ?? 2 }, (_, i) => ({
			startsAt: new Date(`2027-03-${10 + i}T09:30:00Z`),
			endsAt: new Date(`2027-03-${10 + i}T12:30:00Z`),
			venue: 'Town hall'
		}));
		return (
			await createCohort(test.db, coordinator, {
				courseSlug: 'ips-course',
				title: options.title ?? 'Spring 2027',
				capacity: options.capacity,
				steeringPlaces: options.steeringPlaces ?? 0,
				steeringHoldUntil: options.steeringHoldUntil ?? null,
				registrationOpens: '2027-01-01',
				registrationCloses: options.closes ?? '2027-02-28',
				needsApproval: options.needsApproval ?? false,
				sessions
			})
		).id;
	}

	const statusOf = async (cohortId: string, p: SessionPerson) =>
		(await cohortRegister(test.db, cohortId)).filter((r) => r.personId === p.id).map((r) => r.status);

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		coordinator = await person(['coordinator']);
	});
	afterAll(() => test.close());

	it('books while places are free, then waitlists in order and promotes the first when someone cancels', async () => {
		const id = await cohort({ capacity: 2 });
		const [a, b, c, d] = [
			await person(['volunteer']),
			await person(['staff']),
			await person(['volunteer']),
			await person(['volunteer'])
		];
		expect(await requestPlace(test.db, a!, id, audiences, now)).toMatchObject({ ok: true, status: 'booked' });
		expect(await requestPlace(test.db, b!, id, audiences, now)).toMatchObject({ ok: true, status: 'booked' });
		expect(await requestPlace(test.db, c!, id, audiences, now)).toEqual({
			ok: true,
			status: 'waitlisted',
			position: 1
		});
		expect(await requestPlace(test.db, d!, id, audiences, now)).toEqual({
			ok: true,
			status: 'waitlisted',
			position: 2
		});
		// Asking twice changes nothing.
		expect(await requestPlace(test.db, a!, id, audiences, now)).toMatchObject({ ok: true, status: 'booked' });

		const [mine] = await cohortsFor(test.db, a!, now, id);
		expect(mine!.counts).toEqual({ booked: 2, steeringBooked: 0, pending: 0, waitlisted: 2 });
		expect(await decidePlace(test.db, b!, mine!.mine!.id, 'cancel', null, service, now)).toEqual({
			ok: false,
			message: 'You can only cancel your own place'
		});
		expect(
			await decidePlace(test.db, a!, mine!.mine!.id, 'cancel', null, service, new Date('2027-03-10T10:00:00Z'))
		).toEqual({
			ok: false,
			message: 'The course has already started: ask the coordinator if your place needs to change'
		});
		expect(await decidePlace(test.db, a!, mine!.mine!.id, 'cancel', null, service, now)).toEqual({
			ok: true,
			status: 'cancelled'
		});
		expect(await statusOf(id, c!)).toEqual(['booked']);
		expect(await statusOf(id, d!)).toEqual(['waitlisted']);
		const told = await test.db
			.selectFrom('outboxMessage')
			.select(['toAddress', 'subject'])
			.where('toAddress', '=', c!.email)
			.execute();
		expect(told).toEqual([{ toAddress: c!.email, subject: 'You have a place: Spring 2027' }]);
		expect((await cohortsFor(test.db, d!, now, id))[0]!.mine).toMatchObject({ status: 'waitlisted', position: 1 });
	});

	it('holds places for steering members until their date, and lets only them take those places', async () => {
		const id = await cohort({ capacity: 3, steeringPlaces: 2, steeringHoldUntil: '2027-01-20' });
		const [v1, v2, s1] = [await person(['volunteer']), await person(['volunteer']), await person(['steering'])];
		expect(await requestPlace(test.db, v1!, id, audiences, now)).toMatchObject({ status: 'booked' });
		expect(await requestPlace(test.db, v2!, id, audiences, now)).toMatchObject({ status: 'waitlisted' });
		expect(await requestPlace(test.db, s1!, id, audiences, now)).toMatchObject({ status: 'booked' });
		const register = await cohortRegister(test.db, id);
		expect(register.find((r) => r.personId === s1!.id)!.steeringPlace).toBe(true);
		// After the hold date the last held place is anyone's.
		const later = new Date('2027-01-21T09:00:00Z');
		expect((await cohortsFor(test.db, v2!, later, id))[0]!.placesLeft).toBe(1);
		expect((await cohortsFor(test.db, v2!, now, id))[0]!.placesLeft).toBe(0);
	});

	it('asks for approval where the cohort needs it, and declines what is still pending when registration closes', async () => {
		const id = await cohort({ capacity: 1, needsApproval: true, closes: '2027-01-10' });
		const [a, b, c] = [await person(['volunteer']), await person(['volunteer']), await person(['volunteer'])];
		for (const p of [a, b, c])
			expect(await requestPlace(test.db, p!, id, audiences, now)).toMatchObject({ status: 'pending' });
		const register = await cohortRegister(test.db, id);
		const place = (p: SessionPerson) => register.find((r) => r.personId === p.id)!.placeId;
		expect(await decidePlace(test.db, coordinator, place(a!), 'approve', 'Joined in September', service, now)).toEqual({
			ok: true,
			status: 'booked'
		});
		expect(await decidePlace(test.db, coordinator, place(b!), 'approve', 'Next in line', service, now)).toEqual({
			ok: true,
			status: 'waitlisted'
		});
		expect(await declineUnapprovedAfterClosing(test.db, service, new Date('2027-01-10T12:00:00Z'))).toBe(0);
		expect(await declineUnapprovedAfterClosing(test.db, service, new Date('2027-01-11T08:00:00Z'))).toBe(1);
		expect(await declineUnapprovedAfterClosing(test.db, service, new Date('2027-01-11T09:00:00Z'))).toBe(0);
		expect(await statusOf(id, a!)).toEqual(['booked']);
		expect(await statusOf(id, b!)).toEqual(['waitlisted']);
		expect(await statusOf(id, c!)).toEqual(['declined']);
		expect(await requestPlace(test.db, c!, id, audiences, new Date('2027-01-11T09:00:00Z'))).toEqual({
			ok: false,
			message: 'Registration for this cohort has closed'
		});
		const audit = await test.db
			.selectFrom('auditEvent')
			.select(['action', 'detail'])
			.where('recordId', '=', id)
			.where('action', '=', 'course.place.approve')
			.execute();
		expect(audit).toHaveLength(2);
		expect(audit[0]!.detail).toMatchObject({ reason: 'Joined in September' });
	});

	it('lets a coordinator allocate, move and remove, and fills a freed place from the waitlist', async () => {
		const first = await cohort({ capacity: 1, title: 'Autumn A' });
		const second = await cohort({ capacity: 1, title: 'Autumn B' });
		const [a, b] = [await person(['volunteer']), await person(['volunteer'])];
		expect(await allocatePlace(test.db, coordinator, first, a!.id, 'Starts casework next month', service, now)).toEqual(
			{ ok: true }
		);
		expect(await allocatePlace(test.db, coordinator, first, b!.id, 'Also urgent', service, now)).toEqual({
			ok: false,
			message: 'The cohort is full: remove someone or move them to another cohort first'
		});
		expect(await requestPlace(test.db, b!, first, audiences, now)).toMatchObject({ status: 'waitlisted' });
		const placeOfA = (await cohortRegister(test.db, first)).find((r) => r.personId === a!.id)!.placeId;
		expect(
			await movePlace(test.db, coordinator, placeOfA, second, 'Cannot make the first dates', service, now)
		).toEqual({ ok: true });
		expect(await statusOf(first, a!)).toEqual(['moved']);
		expect(await statusOf(second, a!)).toEqual(['booked']);
		expect(await statusOf(first, b!)).toEqual(['booked']);
		const placeOfB = (await cohortRegister(test.db, first)).find(
			(r) => r.personId === b!.id && r.status === 'booked'
		)!.placeId;
		expect(await decidePlace(test.db, coordinator, placeOfB, 'remove', 'Left the service', service, now)).toEqual({
			ok: true,
			status: 'removed'
		});
		expect(await decidePlace(test.db, coordinator, placeOfB, 'remove', 'Twice', service, now)).toEqual({
			ok: false,
			message: 'This place has already been cancelled or decided'
		});
	});

	it('completes the course for those who attended every session, and no one else', async () => {
		const id = await cohort({ capacity: 5, sessions: 2 });
		const [a, b] = [await person(['volunteer']), await person(['volunteer'])];
		for (const p of [a, b]) await requestPlace(test.db, p!, id, audiences, now);
		const sessions = (await cohortsFor(test.db, a!, now, id))[0]!.sessions;
		expect(
			await recordAttendance(test.db, coordinator, sessions[0]!.id, { [a!.id]: 'attended', [b!.id]: 'partly' })
		).toEqual({ ok: true, completed: 0 });
		expect(
			await recordAttendance(test.db, coordinator, sessions[1]!.id, { [a!.id]: 'attended', [b!.id]: 'attended' })
		).toEqual({ ok: true, completed: 1 });
		// Correcting a mark later completes it then; marking again changes nothing.
		expect(await recordAttendance(test.db, coordinator, sessions[0]!.id, { [b!.id]: 'attended' })).toEqual({
			ok: true,
			completed: 1
		});
		expect(await recordAttendance(test.db, coordinator, sessions[0]!.id, { [b!.id]: 'attended' })).toEqual({
			ok: true,
			completed: 0
		});
		const completed = await test.db
			.selectFrom('courseCompletion')
			.select('personId')
			.where('cohortId', '=', id)
			.execute();
		expect(completed.map((c) => c.personId).sort()).toEqual([a!.id, b!.id].sort());
		expect(await recordAttendance(test.db, coordinator, sessions[0]!.id, { [coordinator.id]: 'attended' })).toEqual({
			ok: false,
			message: 'Mark at least one person booked on this cohort'
		});
	});

	it('gives the last place to exactly one of 50 simultaneous requests and waitlists the rest', async () => {
		const id = await cohort({ capacity: 3 });
		for (let i = 0; i < 2; i++) await requestPlace(test.db, await person(['volunteer']), id, audiences, now);
		const racers = await Promise.all(Array.from({ length: 50 }, () => person(['volunteer'])));
		// On PostgreSQL the requests come over separate connections, as from separate server processes.
		const pools = test.url
			? Array.from({ length: 5 }, () => createDatabase({ url: test.url!, poolSize: 10 }))
			: [test.db];
		try {
			const results = await Promise.all(
				racers.map((p, i) => requestPlace(pools[i % pools.length]!, p, id, audiences, now))
			);
			expect(results.filter((r) => r.ok && r.status === 'booked')).toHaveLength(1);
			expect(results.filter((r) => r.ok && r.status === 'waitlisted')).toHaveLength(49);
		} finally {
			if (test.url) await Promise.all(pools.map((p) => p.destroy()));
		}
		const [view] = await cohortsFor(test.db, coordinator, now, id);
		expect(view!.counts).toMatchObject({ booked: 3, waitlisted: 49 });
	});
});
