import { redirect } from '@sveltejs/kit';
import { parseForm, rejectForm } from '$lib/server/forms';
import { verifySchema } from '$lib/server/certificates/schemas';
import { formatCode } from '$lib/server/certificates';
import type { Actions } from './$types';

// Anyone may check a code, signed in or not: the page only sends them to the code's own address.
export const actions: Actions = {
	default: async ({ request }) => {
		const form = parseForm(verifySchema, await request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		redirect(303, `/verify/${formatCode(form.data.code)}`);
	}
};
