// Attendance at a cohort's sessions, completion of the course, and what a person has completed or
// booked, for their record and their calendar.
import { sql, type Kysely } from 'kysely';
import type { DB, AttendanceMark } from '../db/schema';
import type { SessionPerson } from '../auth/sessions';
import { recordAudit } from '../audit';
import { livePlaceStatuses } from './places';

/** Marks attendance at one session; anyone who has now attended every session completes the course. */
export async function recordAttendance(
	db: Kysely<DB>,
	actor: SessionPerson,
	sessionId: string,
	marks: Record<string, AttendanceMark>
): Promise<{ ok: true; completed: number } | { ok: false; message: string }> {
	return db.transaction().execute(async (trx) => {
		const session = await trx
			.selectFrom('cohortSession')
			.innerJoin('cohort', 'cohort.id', 'cohortSession.cohortId')
			.select(['cohortSession.cohortId', 'cohort.courseSlug'])
			.where('cohortSession.id', '=', sessionId)
			.executeTakeFirst();
		if (!session) return { ok: false as const, message: 'This session no longer exists' };
		const booked = new Set(
			(
				await trx
					.selectFrom('coursePlace')
					.select('personId')
					.where('cohortId', '=', session.cohortId)
					.where('status', '=', 'booked')
					.execute()
			).map((r) => r.personId)
		);
		const entries = Object.entries(marks).filter(([personId]) => booked.has(personId));
		if (!entries.length) return { ok: false as const, message: 'Mark at least one person booked on this cohort' };
		const now = new Date();
		await trx
			.insertInto('sessionAttendance')
			.values(entries.map(([personId, mark]) => ({ sessionId, personId, mark, markedBy: actor.id, markedAt: now })))
			.onConflict((oc) =>
				oc.columns(['sessionId', 'personId']).doUpdateSet((eb) => ({
					mark: eb.ref('excluded.mark'),
					markedBy: eb.ref('excluded.markedBy'),
					markedAt: eb.ref('excluded.markedAt')
				}))
			)
			.execute();
		// Completing means a full "attended" at every session of the cohort.
		const { rows } = await sql<{ personId: string }>`
			insert into course_completion (person_id, course_slug, cohort_id)
			select a.person_id, ${session.courseSlug}, ${session.cohortId}::uuid
			from session_attendance a join cohort_session s on s.id = a.session_id
			where s.cohort_id = ${session.cohortId} and a.mark = 'attended' and a.person_id in (${sql.join(entries.map(([id]) => sql`${id}::uuid`))})
			group by a.person_id
			having count(*) = (select count(*) from cohort_session where cohort_id = ${session.cohortId})
			on conflict (person_id, course_slug) do nothing
			returning person_id`.execute(trx);
		await recordAudit(trx, {
			actorId: actor.id,
			action: 'course.attendance',
			recordType: 'cohort',
			recordId: session.cohortId,
			detail: { sessionId, marks: Object.fromEntries(entries), completed: rows.map((r) => r.personId) }
		});
		return { ok: true as const, completed: rows.length };
	});
}

/** Each course a person has completed, or the live place they hold, for their record and induction. */
export async function courseStandingFor(db: Kysely<DB>, personId: string) {
	const completions = await db
		.selectFrom('courseCompletion')
		.innerJoin('cohort', 'cohort.id', 'courseCompletion.cohortId')
		.select(['courseCompletion.courseSlug', 'courseCompletion.completedAt', 'cohort.title as cohortTitle'])
		.where('courseCompletion.personId', '=', personId)
		.execute();
	const places = await db
		.selectFrom('coursePlace')
		.innerJoin('cohort', 'cohort.id', 'coursePlace.cohortId')
		.select(['cohort.id as cohortId', 'cohort.courseSlug', 'cohort.title as cohortTitle', 'coursePlace.status'])
		.where('coursePlace.personId', '=', personId)
		.where('coursePlace.status', 'in', livePlaceStatuses)
		.orderBy('coursePlace.requestedAt', 'desc')
		.execute();
	return { completions, places };
}
