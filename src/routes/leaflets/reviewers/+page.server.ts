import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth/guard';
import { parseForm, rejectForm } from '$lib/server/forms';
import { reviewersSchema, setSubGroup, subGroupChoices } from '$lib/server/leaflets';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requirePermission(locals, url, 'leaflets.manage');
	return { choices: await subGroupChoices(db()), done: url.searchParams.has('done') };
};

export const actions: Actions = {
	default: async ({ locals, url, request }) => {
		const person = requirePermission(locals, url, 'leaflets.manage');
		const form = parseForm(reviewersSchema, await request.formData(), ['reviewers']);
		if (!form.ok) return rejectForm(form.values, form.errors);
		const result = await setSubGroup(db(), person, form.data.reviewers);
		if (!result.ok) return rejectForm(form.values, { [result.field ?? 'form']: result.message });
		redirect(303, '/leaflets/reviewers?done');
	}
};
