import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { requirePermission } from '$lib/server/auth/guard';
import { parseForm, rejectForm } from '$lib/server/forms';
import { achievementsOf, certificatesOf, issueCertificate, withdrawCertificate } from '$lib/server/certificates';
import { issueSchema, withdrawSchema } from '$lib/server/certificates/schemas';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const viewer = requirePermission(locals, url, 'certificates.own');
	const [achievements, certificates] = await Promise.all([
		achievementsOf(db(), viewer.id, content()),
		certificatesOf(db(), viewer.id)
	]);
	return { achievements, certificates, done: url.searchParams.get('done') };
};

export const actions: Actions = {
	issue: async ({ locals, url, request }) => {
		const viewer = requirePermission(locals, url, 'certificates.own');
		const form = parseForm(issueSchema, await request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		const issued = await issueCertificate(db(), viewer.id, form.data.achievement, content());
		if (!issued.ok) return rejectForm(form.values, { form: issued.message });
		redirect(303, `/me/certificates/${issued.id}`);
	},
	withdraw: async ({ locals, url, request }) => {
		const viewer = requirePermission(locals, url, 'certificates.own');
		const form = parseForm(withdrawSchema, await request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		if (!(await withdrawCertificate(db(), viewer.id, form.data.id))) error(404, 'Page not found');
		redirect(303, '/me/certificates?done=withdrawn');
	}
};
