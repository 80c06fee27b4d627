import { db } from '$lib/server/app';
import { takeFlash } from '$lib/server/flash';
import { cohortRegister } from '$lib/server/courses';
import { cohortForRequest } from '$lib/server/courses/route';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, locals, url, params }) => {
	const { cohort, course } = await cohortForRequest(db(), locals, url, params.id, 'courses.manage');
	const register = await cohortRegister(db(), cohort.id);
	return {
		cohort: {
			id: cohort.id,
			title: cohort.title,
			capacity: cohort.capacity,
			counts: cohort.counts,
			sessions: cohort.sessions
		},
		course: { title: course.title },
		register: register,
		done: takeFlash(cookies)
	};
};
