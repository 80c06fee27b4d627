import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { resetPassword } from '$lib/server/auth/account';
import { finishLink, linkInBrowser, linkSecret } from '$lib/server/auth/link-route';
import { parseForm, rejectForm } from '$lib/server/forms';
import { resetPasswordSchema } from '$lib/server/people/schemas';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, url }) => {
	const link = await linkInBrowser(db(), 'password-reset', cookies, url);
	if (!link.ok) return { problem: link.message };
	return { problem: null, email: link.person.email };
};

export const actions: Actions = {
	default: async ({ request, cookies }) => {
		const form = parseForm(resetPasswordSchema, await request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		const secret = linkSecret('password-reset', cookies);
		const result = await resetPassword(db(), secret, form.data.password, content().service);
		if (!result.ok) return rejectForm(form.values, { form: result.message });
		finishLink('password-reset', cookies, '/sign-in?reset');
	}
};
