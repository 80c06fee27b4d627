import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { requirePermission, requireSignedIn } from '$lib/server/auth/guard';
import { clientAddress } from '$lib/server/address';
import { findPerson } from '$lib/server/people';
import { factorSummary, resetFactors } from '$lib/server/mfa';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireSignedIn(locals, url);
	const found = await findPerson(db(), params.id);
	if (!found) error(404, 'Page not found');
	requirePermission(locals, url, 'mfa.reset', found);
	const factors = await factorSummary(db(), found.id);
	return {
		subject: { id: found.id, name: found.name },
		factors: { app: factors.app, passkeys: factors.passkeys.length, recoveryCodesLeft: factors.recoveryCodesLeft },
		reset: url.searchParams.has('reset')
	};
};

export const actions: Actions = {
	reset: async (event) => {
		const { locals, url, params } = event;
		requireSignedIn(locals, url);
		const found = await findPerson(db(), params.id);
		if (!found) error(404, 'Page not found');
		const actor = requirePermission(locals, url, 'mfa.reset', found);
		await resetFactors(db(), actor, found, content().service, clientAddress(event));
		redirect(303, `/people/${found.id}/sign-in-methods?reset`);
	}
};
