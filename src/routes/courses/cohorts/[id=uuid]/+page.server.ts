import { redirect } from '@sveltejs/kit';
import { can } from '$lib/server/auth/permissions';
import { db } from '$lib/server/app';
import { setFlash, takeFlash } from '$lib/server/flash';
import { rejectForm } from '$lib/server/forms';
import { decidePlace, offeredTo, requestPlace } from '$lib/server/courses';
import { cohortForRequest, serviceInfo } from '$lib/server/courses/route';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, locals, url, params }) => {
	const { person, cohort, course } = await cohortForRequest(db(), locals, url, params.id);
	return {
		cohort,
		course: {
			slug: course.slug,
			title: course.title,
			summary: course.summary,
			html: course.html,
			completes: course.completes
		},
		forYou: offeredTo(course.audiences, person.roles),
		canManage: can(person, 'courses.manage'),
		done: takeFlash(cookies)
	};
};

const messages: Record<string, string> = {
	booked: 'Your place is booked. You can add the sessions to your calendar below.',
	pending: 'Your request is sent. The coordinator will confirm it by email.',
	waitlisted: 'The cohort is full, so you are on the waitlist. We will email you if a place comes free.'
};

export const actions: Actions = {
	request: async ({ cookies, locals, url, params }) => {
		const { person, cohort, course } = await cohortForRequest(db(), locals, url, params.id);
		const result = await requestPlace(db(), person, cohort.id, course.audiences);
		if (!result.ok) return rejectForm({}, { request: result.message });
		{
			setFlash(cookies, messages[result.status] ?? 'Your request is recorded.');
			redirect(303, `/courses/cohorts/${cohort.id}`);
		}
	},
	cancel: async ({ cookies, locals, url, params }) => {
		const { person, cohort } = await cohortForRequest(db(), locals, url, params.id);
		if (!cohort.mine) return rejectForm({}, { cancel: 'You do not have a place or request on this cohort' });
		const result = await decidePlace(db(), person, cohort.mine.id, 'cancel', null, serviceInfo());
		if (!result.ok) return rejectForm({}, { cancel: result.message });
		{
			setFlash(cookies, 'Your place is cancelled.');
			redirect(303, `/courses/cohorts/${cohort.id}`);
		}
	}
};
