import { db } from '$lib/server/app';
import { cohortRegister } from '$lib/server/courses';
import { cohortForRequest } from '$lib/server/courses/route';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
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
		done: url.searchParams.get('done')
	};
};
