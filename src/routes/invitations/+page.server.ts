import { db } from '$lib/server/app';
import { acceptInvitation } from '$lib/server/auth/account';
import { finishLink, linkInBrowser, linkSecret } from '$lib/server/auth/link-route';
import { parseForm, rejectForm } from '$lib/server/forms';
import { acceptInvitationSchema } from '$lib/server/people/schemas';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, url }) => {
	const link = await linkInBrowser(db(), 'invitation', cookies, url);
	if (!link.ok) return { problem: link.message };
	return { problem: null, name: link.person.name, email: link.person.email };
};

export const actions: Actions = {
	default: async ({ request, cookies }) => {
		const form = parseForm(acceptInvitationSchema, await request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		const result = await acceptInvitation(db(), linkSecret('invitation', cookies), form.data);
		if (!result.ok) return rejectForm(form.values, { form: result.message });
		finishLink('invitation', cookies, '/sign-in?welcome');
	}
};
