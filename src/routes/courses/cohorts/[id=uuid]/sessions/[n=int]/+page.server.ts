import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { setFlash } from '$lib/server/flash';
import { readForm, rejectForm } from '$lib/server/forms';
import { attendanceMarks, cohortRegister, recordAttendance } from '$lib/server/courses';
import { cohortForRequest } from '$lib/server/courses/route';
import type { Actions, PageServerLoad } from './$types';
import type { AttendanceMark } from '$lib/server/db/schema';

async function sessionForRequest(locals: App.Locals, url: URL, params: { id: string; n: string }) {
	const found = await cohortForRequest(db(), locals, url, params.id, 'courses.manage');
	const session = found.cohort.sessions.find((s) => s.position === Number(params.n));
	if (!session) error(404, 'Page not found');
	const booked = (await cohortRegister(db(), found.cohort.id)).filter((r) => r.status === 'booked');
	return { ...found, session, booked };
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const { cohort, course, session, booked } = await sessionForRequest(locals, url, params);
	return {
		cohort: { id: cohort.id, title: cohort.title, sessions: cohort.sessions.length },
		course: { title: course.title },
		session,
		people: booked.map((r) => ({ id: r.personId, name: r.name, mark: r.marks[session.id] ?? null }))
	};
};

export const actions: Actions = {
	default: async ({ cookies, locals, url, params, request }) => {
		const { person, cohort, session, booked } = await sessionForRequest(locals, url, params);
		const values = readForm(await request.formData());
		const marks: Record<string, AttendanceMark> = {};
		for (const r of booked) {
			const mark = values[`mark-${r.personId}`];
			if (typeof mark === 'string' && (attendanceMarks as readonly string[]).includes(mark))
				marks[r.personId] = mark as AttendanceMark;
		}
		if (!Object.keys(marks).length) return rejectForm(values, { form: 'Mark the attendance of at least one person' });
		const result = await recordAttendance(db(), person, session.id, marks);
		if (!result.ok) return rejectForm(values, { form: result.message });
		const done = `Attendance recorded for session ${session.position}${result.completed ? `; ${result.completed} ${result.completed === 1 ? 'person has' : 'people have'} now completed the course` : ''}.`;
		{
			setFlash(cookies, done);
			redirect(303, `/courses/cohorts/${cohort.id}/register`);
		}
	}
};
