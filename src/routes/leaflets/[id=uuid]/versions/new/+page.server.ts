import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth/guard';
import { rejectForm } from '$lib/server/forms';
import { saveVersion, versionSchema } from '$lib/server/leaflets';
import { leafletOr404, readLeafletForm, rules } from '$lib/server/leaflets/route';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requirePermission(locals, url, 'leaflets.manage');
	const { leaflet, latest } = await leafletOr404(params.id);
	const draft = latest.status === 'draft';
	return {
		leaflet: { id: leaflet.id, title: leaflet.title, retired: !!leaflet.retiredAt },
		draft,
		inReview: latest.status === 'in-review',
		// A draft is changed in place, so the form starts from what it says now.
		start: draft ? { label: latest.label, dated: latest.dated, format: 'keep' } : { format: 'keep' },
		largestPdfKb: Math.floor(rules().largestPdfBytes / 1024)
	};
};

export const actions: Actions = {
	default: async ({ locals, url, params, request }) => {
		const person = requirePermission(locals, url, 'leaflets.manage');
		const form = await readLeafletForm(versionSchema, await request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		const result = await saveVersion(db(), person, params.id, form.data, form.pdf);
		if (!result.ok) return rejectForm(form.values, { [result.field ?? 'form']: result.message });
		redirect(303, `/leaflets/${params.id}?done=saved`);
	}
};
