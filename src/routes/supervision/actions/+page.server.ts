import { error, redirect } from '@sveltejs/kit';
import { isUuid } from '$lib/uuid';
import { db } from '$lib/server/app';
import { requirePermission, requireSignedIn } from '$lib/server/auth/guard';
import { rejectForm } from '$lib/server/forms';
import { actionById, closeAction, openActionsOwnedBy } from '$lib/server/supervision';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const viewer = requireSignedIn(locals, url);
	return { actions: await openActionsOwnedBy(db(), viewer.id), selfId: viewer.id, done: url.searchParams.get('done') };
};

export const actions: Actions = {
	close: async ({ locals, url, request }) => {
		const viewer = requireSignedIn(locals, url);
		const actionId = String((await request.formData()).get('actionId') ?? '');
		const action = isUuid(actionId) ? await actionById(db(), actionId) : undefined;
		// Only your own actions are listed here; anything else is as if it did not exist.
		if (!action || action.ownerId !== viewer.id) error(404, 'Page not found');
		requirePermission(locals, url, 'supervision.close-action', {
			subjectId: action.subjectId,
			subjectSupervisorId: action.supervisorId,
			status: action.status
		});
		const result = await closeAction(db(), viewer, actionId);
		if (!result.ok) return rejectForm({}, { form: result.message }, 409);
		redirect(303, '/supervision/actions?done=closed');
	}
};
