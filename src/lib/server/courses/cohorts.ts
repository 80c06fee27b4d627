// Cohorts of a course: creating them with their sessions, and reading them with their places for
// the course list, a cohort's page and its register.
import { sql, type Kysely } from 'kysely';
import type { DB, PlaceStatus, AttendanceMark } from '../db/schema';
import type { SessionPerson } from '../auth/sessions';
import { can } from '../auth/permissions';
import { recordAudit } from '../audit';
import type { Course } from '../content/courses';
import {
	cohortColumns,
	heldForSteering,
	isoDay,
	offeredTo,
	placesLeft,
	registrationState,
	type Cohort,
	type CohortCounts,
	type CohortSession,
	type RegistrationState
} from './places';
import { courseStandingFor } from './attendance';

export interface CohortCreated {
	id: string;
}

/** A coordinator creates a cohort of a course with its sessions. */
export async function createCohort(
	db: Kysely<DB>,
	actor: SessionPerson,
	input: Omit<Cohort, 'id'> & { sessions: { startsAt: Date; endsAt: Date; venue: string }[] }
): Promise<CohortCreated> {
	return db.transaction().execute(async (trx) => {
		const { sessions, ...cohort } = input;
		const { id } = await trx
			.insertInto('cohort')
			.values({ ...cohort, createdBy: actor.id })
			.returning('id')
			.executeTakeFirstOrThrow();
		await trx
			.insertInto('cohortSession')
			.values(sessions.map((s, i) => ({ cohortId: id, position: i + 1, ...s })))
			.execute();
		await recordAudit(trx, {
			actorId: actor.id,
			action: 'course.cohort.created',
			recordType: 'cohort',
			recordId: id,
			detail: { title: cohort.title, capacity: cohort.capacity }
		});
		return { id };
	});
}

export async function sessionsOf(db: Kysely<DB>, cohortIds: string[]): Promise<Map<string, CohortSession[]>> {
	const map = new Map<string, CohortSession[]>();
	if (!cohortIds.length) return map;
	const rows = await db
		.selectFrom('cohortSession')
		.select(['id', 'cohortId', 'position', 'startsAt', 'endsAt', 'venue'])
		.where('cohortId', 'in', cohortIds)
		.orderBy('position')
		.execute();
	for (const { cohortId, ...s } of rows) {
		if (!map.has(cohortId)) map.set(cohortId, []);
		map.get(cohortId)!.push(s);
	}
	return map;
}

export interface CohortView extends Cohort {
	counts: CohortCounts;
	sessions: CohortSession[];
	registration: RegistrationState;
	/** The first session has begun: places can no longer be cancelled by their holders. */
	started: boolean;
	placesLeft: number;
	heldForSteering: number;
	mine: { id: string; status: PlaceStatus; position: number | null } | null;
}

/** Cohorts with their places and the viewer's own request: for the course list and a cohort's page. */
export async function cohortsFor(
	db: Kysely<DB>,
	viewer: SessionPerson,
	now = new Date(),
	only?: string
): Promise<CohortView[]> {
	const today = isoDay(now);
	const { rows } = await sql<{
		cohort: Cohort;
		booked: string;
		steeringBooked: string;
		pending: string;
		waitlisted: string;
		mineId: string | null;
		mineStatus: PlaceStatus | null;
		position: string | null;
	}>`
		select ${cohortColumns} as cohort,
			count(p.id) filter (where p.status = 'booked') as booked,
			count(p.id) filter (where p.status = 'booked' and p.steering_place) as steering_booked,
			count(p.id) filter (where p.status = 'pending') as pending,
			count(p.id) filter (where p.status = 'waitlisted') as waitlisted,
			(array_agg(p.id) filter (where p.person_id = ${viewer.id} and p.status in ('booked', 'pending', 'waitlisted')))[1] as mine_id,
			(array_agg(p.status) filter (where p.person_id = ${viewer.id} and p.status in ('booked', 'pending', 'waitlisted')))[1] as mine_status,
			(select count(*) from course_place w join course_place m on m.cohort_id = w.cohort_id and m.person_id = ${viewer.id} and m.status = 'waitlisted'
				where w.cohort_id = c.id and w.status = 'waitlisted' and (w.requested_at, w.id) <= (m.requested_at, m.id)) as position
		from cohort c left join course_place p on p.cohort_id = c.id
		where ${only ? sql`c.id = ${only}` : sql`c.registration_closes >= ${today}::date - 365`}
		group by c.id
		order by c.registration_closes, c.title`.execute(db);
	const sessions = await sessionsOf(
		db,
		rows.map((r) => r.cohort.id)
	);
	const steering = viewer.roles.includes('steering');
	return rows.map((r) => {
		const counts = {
			booked: Number(r.booked),
			steeringBooked: Number(r.steeringBooked),
			pending: Number(r.pending),
			waitlisted: Number(r.waitlisted)
		};
		return {
			...r.cohort,
			counts,
			sessions: sessions.get(r.cohort.id) ?? [],
			registration: registrationState(r.cohort, today),
			started: (sessions.get(r.cohort.id)?.[0]?.startsAt.getTime() ?? Infinity) <= now.getTime(),
			placesLeft: placesLeft(r.cohort, counts, today, steering),
			heldForSteering: heldForSteering(r.cohort, counts, today),
			mine: r.mineId
				? { id: r.mineId, status: r.mineStatus!, position: r.mineStatus === 'waitlisted' ? Number(r.position) : null }
				: null
		};
	});
}

export interface RegisterRow {
	placeId: string;
	personId: string;
	name: string;
	email: string;
	roles: string[];
	status: PlaceStatus;
	steeringPlace: boolean;
	requestedAt: Date;
	message: string | null;
	marks: Record<string, AttendanceMark>;
}

/** Everyone who has held or asked for a place on a cohort, with their attendance at each session. */
export async function cohortRegister(db: Kysely<DB>, cohortId: string): Promise<RegisterRow[]> {
	const { rows } = await sql<RegisterRow>`
		select p.id as place_id, p.person_id, person.name, person.email, person.roles, p.status, p.steering_place, p.requested_at, p.message,
			coalesce((select json_object_agg(a.session_id, a.mark) from session_attendance a join cohort_session s on s.id = a.session_id
				where s.cohort_id = p.cohort_id and a.person_id = p.person_id), '{}') as marks
		from course_place p join person on person.id = p.person_id
		where p.cohort_id = ${cohortId}
		order by case p.status when 'booked' then 0 when 'pending' then 1 when 'waitlisted' then 2 else 3 end, p.requested_at, p.id`.execute(
		db
	);
	return rows;
}

/**
 * The courses a person is offered (coordinators, who run them, see every one), each with the
 * person's completion or live place: for the course list and the induction task list.
 */
export async function coursesFor(db: Kysely<DB>, person: SessionPerson, courses: Course[]) {
	const standing = await courseStandingFor(db, person.id);
	return courses
		.map((c) => ({ course: c, offered: offeredTo(c.audiences, person.roles) }))
		.filter(({ offered }) => offered || can(person, 'courses.manage'))
		.map(({ course: c, offered }) => {
			const completed = standing.completions.find((s) => s.courseSlug === c.slug) ?? null;
			const place = standing.places.find((p) => p.courseSlug === c.slug) ?? null;
			return {
				slug: c.slug,
				title: c.title,
				summary: c.summary,
				sessions: c.sessions,
				induction: c.induction,
				offered,
				completed,
				place,
				status: completed ? ('completed' as const) : (place?.status ?? ('none' as const))
			};
		});
}

/** Cohorts of the same course someone could be moved to. */
export async function otherCohorts(db: Kysely<DB>, cohort: Pick<Cohort, 'id' | 'courseSlug'>) {
	return db
		.selectFrom('cohort')
		.select(['id', 'title'])
		.where('courseSlug', '=', cohort.courseSlug)
		.where('id', '!=', cohort.id)
		.orderBy('registrationCloses')
		.execute();
}

/** A booked person's sessions, for their calendar file. */
export async function bookedSessions(db: Kysely<DB>, personId: string, cohortId: string) {
	const place = await db
		.selectFrom('coursePlace')
		.select('id')
		.where('cohortId', '=', cohortId)
		.where('personId', '=', personId)
		.where('status', '=', 'booked')
		.executeTakeFirst();
	if (!place) return null;
	return (await sessionsOf(db, [cohortId])).get(cohortId) ?? [];
}
