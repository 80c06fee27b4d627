import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/app';
import { clientAddress } from '$lib/server/address';
import { requirePermission } from '$lib/server/auth/guard';
import { parseForm, rejectForm, textField } from '$lib/server/forms';
import { startDocument } from '$lib/server/authoring';
import { kindNames } from '$lib/content-kinds';
import type { Actions, PageServerLoad } from './$types';

const startSchema = z.object({
	title: textField('The title', 120).min(3, 'Enter a title of at least 3 characters'),
	slug: z
		.string()
		.trim()
		.toLowerCase()
		.min(3, 'Enter a short name of at least 3 characters, like supporting-at-meetings')
		.max(60, 'The short name must be 60 characters or fewer')
		.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use only lower-case letters, numbers and single hyphens, like supporting-at-meetings')
		.refine((slug) => slug !== 'new', 'Choose another short name: "new" is the address of this page')
});

export const load: PageServerLoad = ({ locals, url, params }) => {
	requirePermission(locals, url, 'content.edit');
	return { kind: params.kind, kindName: kindNames[params.kind].one };
};

export const actions: Actions = {
	default: async (event) => {
		const person = requirePermission(event.locals, event.url, 'content.edit');
		const form = parseForm(startSchema, await event.request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		const result = await startDocument(db(), {
			kind: event.params.kind,
			...form.data,
			authorId: person.id,
			address: clientAddress(event)
		});
		if (!result.started) return rejectForm(form.values, { [result.field]: result.message });
		redirect(303, `/content/${event.params.kind}/${result.slug}?done=started`);
	}
};
