import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { requirePermission } from '$lib/server/auth/guard';
import { parseForm, rejectForm } from '$lib/server/forms';
import { addEntry, entrySchema, hoursByYear, trainingLogOf } from '$lib/server/training-log';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const viewer = requirePermission(locals, url, 'training.own');
	const entries = await trainingLogOf(db(), viewer.id);
	return {
		entries,
		hoursByYear: hoursByYear(entries),
		caseExample: content().service.caseReference.example,
		done: url.searchParams.get('done')
	};
};

export const actions: Actions = {
	add: async ({ locals, url, request }) => {
		const viewer = requirePermission(locals, url, 'training.own');
		const form = parseForm(entrySchema(content().service.caseReference), await request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		await addEntry(db(), viewer, form.data);
		redirect(303, '/me/training?done=added');
	}
};
