import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { requirePermission } from '$lib/server/auth/guard';
import { parseForm, rejectForm } from '$lib/server/forms';
import { deleteEntry, entrySchema, ownEntry, updateEntry } from '$lib/server/training-log';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const viewer = requirePermission(locals, url, 'training.own');
	const entry = await ownEntry(db(), viewer.id, params.id);
	if (!entry) error(404, 'Page not found');
	return { entry, caseExample: content().service.caseReference.example };
};

export const actions: Actions = {
	save: async ({ locals, url, params, request }) => {
		const viewer = requirePermission(locals, url, 'training.own');
		if (!(await ownEntry(db(), viewer.id, params.id))) error(404, 'Page not found');
		const form = parseForm(entrySchema(content().service.caseReference), await request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		if (!(await updateEntry(db(), viewer, params.id, form.data))) error(404, 'Page not found');
		redirect(303, '/me/training?done=changed');
	},
	delete: async ({ locals, url, params }) => {
		const viewer = requirePermission(locals, url, 'training.own');
		if (!(await deleteEntry(db(), viewer, params.id))) error(404, 'Page not found');
		redirect(303, '/me/training?done=deleted');
	}
};
