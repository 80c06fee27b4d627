import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { requirePermission } from '$lib/server/auth/guard';
import { parseForm, rejectForm } from '$lib/server/forms';
import { fromUkTime } from '$lib/format';
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
	default: async ({ locals, url, request }) => {
		const person = requirePermission(locals, url, 'courses.manage');
		const course = courseFor(url);
		const form = parseForm(cohortSchema(course.sessions), await request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		const v = form.data as Record<string, string> & typeof form.data;
		const { id } = await createCohort(db(), person, {
			courseSlug: course.slug,
			title: form.data.title,
			capacity: form.data.capacity,
			steeringPlaces: form.data.steeringPlaces,
			steeringHoldUntil: form.data.steeringHoldUntil,
			registrationOpens: form.data.registrationOpens,
			registrationCloses: form.data.registrationCloses,
			needsApproval: form.data.needsApproval,
			sessions: Array.from({ length: course.sessions }, (_, i) => ({
				startsAt: fromUkTime(v[`session${i + 1}Date`]!, v[`session${i + 1}Start`]!),
				endsAt: fromUkTime(v[`session${i + 1}Date`]!, v[`session${i + 1}End`]!),
				venue: v[`session${i + 1}Venue`]!
			}))
		});
		redirect(303, `/courses/cohorts/${id}?done=${encodeURIComponent('The cohort is created.')}`);
	}
};
