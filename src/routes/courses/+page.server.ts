import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { requirePermission } from '$lib/server/auth/guard';
import { cohortsFor, courseStandingFor } from '$lib/server/courses';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const person = requirePermission(locals, url, 'courses.view');
	const [cohorts, standing] = await Promise.all([cohortsFor(db(), person), courseStandingFor(db(), person.id)]);
	const { courses } = content();
	return {
		courses: courses
			.filter((c) => c.audiences.some((a) => person.roles.includes(a)) || person.roles.includes('coordinator'))
			.map((c) => ({
				slug: c.slug,
				title: c.title,
				summary: c.summary,
				sessions: c.sessions,
				completed: standing.completions.find((s) => s.courseSlug === c.slug) ?? null,
				cohorts: cohorts.filter((h) => h.courseSlug === c.slug && (h.registration !== 'closed' || h.mine || person.roles.includes('coordinator')))
			})),
		canManage: person.roles.includes('coordinator'),
		done: url.searchParams.get('done')
	};
};

// Read-only: served as plain HTML, with no script to hydrate.
export const csr = false;
