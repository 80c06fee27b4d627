import { db } from '$lib/server/app';
import { can } from '$lib/server/auth/permissions';
import { content } from '$lib/server/content';
import { requirePermission } from '$lib/server/auth/guard';
import { cohortsFor, coursesFor } from '$lib/server/courses';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const person = requirePermission(locals, url, 'courses.view');
	const [cohorts, courses] = await Promise.all([cohortsFor(db(), person), coursesFor(db(), person, content().courses)]);
	const coordinator = can(person, 'courses.manage');
	return {
		// Closed cohorts stay listed for those who hold a place on them, and for coordinators.
		courses: courses.map((c) => ({
			...c,
			cohorts: cohorts.filter((h) => h.courseSlug === c.slug && (h.registration !== 'closed' || h.mine || coordinator))
		})),
		canManage: coordinator
	};
};
