import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { requirePermission } from '$lib/server/auth/guard';
import { inductionFor } from '$lib/server/induction';
import { coursesFor } from '$lib/server/courses';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const person = requirePermission(locals, url, 'induction.view');
	const [induction, courses] = await Promise.all([
		inductionFor(db(), person, content().modules),
		coursesFor(db(), person, content().courses)
	]);
	// Courses the service counts as part of induction sit at the end of the task list.
	const inInduction = courses
		.filter((c) => c.induction && c.offered)
		.map((c) => ({
			slug: c.slug,
			title: c.title,
			summary: c.summary,
			status: c.status,
			cohortId: c.place?.cohortId ?? null
		}));
	return { ...induction, items: induction.items, courses: inInduction };
};
