import { db, publicOrigin } from '$lib/server/app';
import { content } from '$lib/server/content';
import { requirePermission } from '$lib/server/auth/guard';
import { parseForm, rejectForm } from '$lib/server/forms';
import { invitePerson, listSupervisors } from '$lib/server/people';
import { inviteSchema } from '$lib/server/people/schemas';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requirePermission(locals, url, 'people.invite');
	return { supervisors: await listSupervisors(db()), invitationValidDays: content().service.invitationValidDays };
};

export const actions: Actions = {
	default: async ({ locals, url, request }) => {
		const actor = requirePermission(locals, url, 'people.invite');
		const form = parseForm(inviteSchema, await request.formData(), ['roles']);
		if (!form.ok) return rejectForm(form.values, form.errors);
		const result = await invitePerson(db(), actor, form.data, content().service, publicOrigin());
		if (!result.ok) return rejectForm(form.values, result.errors);
		return {
			invited: {
				personId: result.personId,
				email: form.data.email,
				name: form.data.name,
				delivered: result.delivered,
				status: result.status,
				reason: result.reason,
				link: result.link
			}
		};
	}
};
