import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { signOut } from '$lib/server/auth/account';
import { sessionCookieName } from '$lib/server/auth/sessions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (!locals.person && !locals.secondStep) redirect(303, '/sign-in');
};

export const actions: Actions = {
	default: async ({ locals, cookies }) => {
		// Half signed in (a second factor owed) signs out the same way.
		const person = locals.person ?? locals.secondStep?.person;
		if (person && locals.sessionToken) await signOut(db(), locals.sessionToken, person.id);
		cookies.delete(sessionCookieName, { path: '/' });
		redirect(303, '/signed-out');
	}
};
