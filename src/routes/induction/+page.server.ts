import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { requirePermission } from '$lib/server/auth/guard';
import { inductionFor } from '$lib/server/induction';
import { courseStandingFor } from '$lib/server/courses';
import { serverOnly } from '$lib/server-only';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const person = requirePermission(locals, url, 'induction.view');
	const [induction, standing] = await Promise.all([inductionFor(db(), person, content().modules), courseStandingFor(db(), person.id)]);
	// Courses the service counts as part of induction sit at the end of the task list.
	const courses = content()
		.courses.filter((c) => c.induction && c.audiences.some((a) => person.roles.includes(a)))
		.map((c) => {
			const completed = standing.completions.find((s) => s.courseSlug === c.slug);
			const place = standing.places.find((p) => p.courseSlug === c.slug);
			return { slug: c.slug, title: c.title, summary: c.summary, status: completed ? 'completed' : (place?.status ?? 'none'), cohortId: place?.cohortId ?? null };
		});
	return { ...induction, items: serverOnly(induction.items), courses: serverOnly(courses) };
};

// Read-only: served as plain HTML, with no script to hydrate; its data stays on the server.
export const csr = false;
