import { db, publicOrigin } from '$lib/server/app';
import { content } from '$lib/server/content';
import { requestPasswordReset } from '$lib/server/auth/account';
import { clientAddress } from '$lib/server/address';
import { parseForm, rejectForm } from '$lib/server/forms';
import { forgottenPasswordSchema } from '$lib/server/people/schemas';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async (event) => {
		const { request } = event;
		const form = parseForm(forgottenPasswordSchema, await request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		const result = await requestPasswordReset(
			db(),
			form.data.email,
			content().service,
			publicOrigin(),
			clientAddress(event)
		);
		if (!result.ok) return rejectForm(form.values, { email: result.message }, 429);
		return { sent: true, email: form.data.email };
	}
};
