import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { setFlash } from '$lib/server/flash';
import { parseForm, rejectForm } from '$lib/server/forms';
import { findPersonByEmail } from '$lib/server/people';
import { allocatePlace, allocateSchema } from '$lib/server/courses';
import { cohortForRequest, serviceInfo } from '$lib/server/courses/route';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const { cohort, course } = await cohortForRequest(db(), locals, url, params.id, 'courses.manage');
	return {
		cohort: { id: cohort.id, title: cohort.title, capacity: cohort.capacity, booked: cohort.counts.booked },
		course: { title: course.title }
	};
};

export const actions: Actions = {
	default: async ({ cookies, locals, url, params, request }) => {
		const { person, cohort } = await cohortForRequest(db(), locals, url, params.id, 'courses.manage');
		const form = parseForm(allocateSchema, await request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		const found = await findPersonByEmail(db(), form.data.email);
		if (!found) return rejectForm(form.values, { email: 'No one with an active account has this email address' });
		const result = await allocatePlace(db(), person, cohort.id, found.id, form.data.reason, serviceInfo());
		if (!result.ok) return rejectForm(form.values, { email: result.message });
		{
			setFlash(cookies, `${form.data.email} has a place. They have been told by email.`);
			redirect(303, `/courses/cohorts/${cohort.id}/register`);
		}
	}
};
