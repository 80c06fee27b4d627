import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { acceptInvitation } from '$lib/server/auth/account';
import { findAccountLink, linkProblemMessages } from '$lib/server/auth/links';
import { parseForm, rejectForm } from '$lib/server/forms';
import { acceptInvitationSchema } from '$lib/server/people/schemas';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const link = await findAccountLink(db(), params.token, 'invitation');
	if (!link.ok) return { problem: linkProblemMessages[link.problem] };
	return { problem: null, name: link.person.name, email: link.person.email };
};

export const actions: Actions = {
	default: async ({ request, params }) => {
		const form = parseForm(acceptInvitationSchema, await request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		const result = await acceptInvitation(db(), params.token, form.data);
		if (!result.ok) return rejectForm(form.values, { form: result.message });
		redirect(303, '/sign-in?welcome');
	}
};
