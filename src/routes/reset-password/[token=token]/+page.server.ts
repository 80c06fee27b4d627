import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { resetPassword } from '$lib/server/auth/account';
import { findAccountLink, linkProblemMessages } from '$lib/server/auth/links';
import { parseForm, rejectForm } from '$lib/server/forms';
import { resetPasswordSchema } from '$lib/server/people/schemas';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const link = await findAccountLink(db(), params.token, 'password-reset');
	if (!link.ok) return { problem: linkProblemMessages[link.problem] };
	return { problem: null, email: link.person.email };
};

export const actions: Actions = {
	default: async ({ request, params }) => {
		const form = parseForm(resetPasswordSchema, await request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		const result = await resetPassword(db(), params.token, form.data.password);
		if (!result.ok) return rejectForm(form.values, { form: result.message });
		redirect(303, '/sign-in?reset');
	}
};
