import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth/guard';
import { rejectForm } from '$lib/server/forms';
import { leafletSchema, recordLeaflet } from '$lib/server/leaflets';
import { readLeafletForm, rules } from '$lib/server/leaflets/route';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	requirePermission(locals, url, 'leaflets.manage');
	return { largestPdfKb: Math.floor(rules().largestPdfBytes / 1024) };
};

export const actions: Actions = {
	default: async ({ locals, url, request }) => {
		const person = requirePermission(locals, url, 'leaflets.manage');
		const form = await readLeafletForm(leafletSchema, await request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		const result = await recordLeaflet(db(), person, form.data, form.pdf);
		if (!result.ok) return rejectForm(form.values, { [result.field ?? 'form']: result.message });
		redirect(303, `/leaflets/${result.id}?done=recorded`);
	}
};
