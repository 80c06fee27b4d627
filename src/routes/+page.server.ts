import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { homeSummary } from '$lib/server/home';
import { can } from '$lib/server/auth/permissions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.person) return { summary: null, signInSecurity: false };
	return {
		summary: await homeSummary(db(), locals.person, content()),
		signInSecurity: can(locals.person, 'mfa.use')
	};
};
