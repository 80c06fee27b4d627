import { db } from '$lib/server/app';
import { cohortRegister } from '$lib/server/courses';
import { cohortForRequest } from '$lib/server/courses/route';
import { serverOnly } from '$lib/server-only';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const { cohort, course } = await cohortForRequest(locals, url, params.id, 'courses.manage');
	const register = await cohortRegister(db(), cohort.id);
	return {
		cohort: serverOnly({
			id: cohort.id,
			title: cohort.title,
			capacity: cohort.capacity,
			counts: cohort.counts,
			sessions: cohort.sessions
		}),
		course: { title: course.title },
		register: serverOnly(register),
		done: url.searchParams.get('done')
	};
};

// Read-only: served as plain HTML; each change has its own page.
export const csr = false;
