import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { setFlash } from '$lib/server/flash';
import { parseForm, rejectForm } from '$lib/server/forms';
import { cohortRegister, decidePlace, movePlace, otherCohorts, moveSchema, reasonSchema } from '$lib/server/courses';
import { cohortForRequest, serviceInfo } from '$lib/server/courses/route';
import type { Actions, PageServerLoad } from './$types';

async function placeForRequest(locals: App.Locals, url: URL, params: { id: string; placeId: string }) {
	const found = await cohortForRequest(db(), locals, url, params.id, 'courses.manage');
	const place = (await cohortRegister(db(), found.cohort.id)).find((r) => r.placeId === params.placeId);
	if (!place) error(404, 'Page not found');
	return { ...found, place };
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const { cohort, course, place } = await placeForRequest(locals, url, params);
	return {
		cohort: { id: cohort.id, title: cohort.title },
		course: { title: course.title },
		place: { id: place.placeId, name: place.name, email: place.email, status: place.status, message: place.message },
		targets: await otherCohorts(db(), cohort)
	};
};

function decide(decision: 'approve' | 'decline' | 'remove') {
	return async ({
		cookies,
		locals,
		url,
		params,
		request
	}: Parameters<Actions[string]>[0] & { params: { id: string; placeId: string } }) => {
		const { person, cohort, place } = await placeForRequest(locals, url, params);
		const form = parseForm(reasonSchema, await request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		const result = await decidePlace(db(), person, place.placeId, decision, form.data.reason, serviceInfo());
		if (!result.ok) return rejectForm(form.values, { reason: result.message });
		const done = {
			approve: `${place.name}'s request is approved`,
			decline: `${place.name}'s request is declined`,
			remove: `${place.name} is removed from the cohort`
		}[decision];
		{
			setFlash(cookies, `${done}. They have been told by email.`);
			redirect(303, `/courses/cohorts/${cohort.id}/register`);
		}
	};
}

export const actions: Actions = {
	approve: decide('approve'),
	decline: decide('decline'),
	remove: decide('remove'),
	move: async ({ cookies, locals, url, params, request }) => {
		const { person, cohort, place } = await placeForRequest(locals, url, params);
		const form = parseForm(moveSchema, await request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		const result = await movePlace(db(), person, place.placeId, form.data.toCohortId, form.data.reason, serviceInfo());
		if (!result.ok) return rejectForm(form.values, { toCohortId: result.message });
		{
			setFlash(cookies, `${place.name} is moved. They have been told by email.`);
			redirect(303, `/courses/cohorts/${cohort.id}/register`);
		}
	}
};
