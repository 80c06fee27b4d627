import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { homeSummary } from '$lib/server/home';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.person) return { summary: null };
	return { summary: await homeSummary(db(), locals.person, content()) };
};
