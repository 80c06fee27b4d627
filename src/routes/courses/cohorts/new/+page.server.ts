import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { setFlash } from '$lib/server/flash';
import { content } from '$lib/server/content';
import { requirePermission } from '$lib/server/auth/guard';
import { parseForm, rejectForm } from '$lib/server/forms';
import { cohortSchema, createCohort } from '$lib/server/courses';
import type { Actions, PageServerLoad } from './$types';

function courseFor(url: URL) {
	const { courses, courseBySlug } = content();
	const course = url.searchParams.has('course') ? courseBySlug.get(url.searchParams.get('course')!) : courses[0];
	if (!course) error(404, 'Page not found');
	return course;
}

export const load: PageServerLoad = ({ locals, url }) => {
	requirePermission(locals, url, 'courses.manage');
	const course = courseFor(url);
	return { course: { slug: course.slug, title: course.title, sessions: course.sessions } };
};

export const actions: Actions = {
	default: async ({ cookies, locals, url, request }) => {
		const person = requirePermission(locals, url, 'courses.manage');
		const course = courseFor(url);
		const form = parseForm(cohortSchema(course.sessions), await request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		const { id } = await createCohort(db(), person, { courseSlug: course.slug, ...form.data });
		{
			setFlash(cookies, 'The cohort is created.');
			redirect(303, `/courses/cohorts/${id}`);
		}
	}
};
