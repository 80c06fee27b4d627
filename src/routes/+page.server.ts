import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { homeSummary } from '$lib/server/home';
import { serverOnly } from '$lib/server-only';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.person) return { summary: null };
	return { summary: serverOnly(await homeSummary(db(), locals.person, content())) };
};

// Read-only: served as plain HTML, with no script to hydrate; its data stays on the server.
export const csr = false;
