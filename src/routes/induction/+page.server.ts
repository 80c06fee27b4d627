import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { requirePermission } from '$lib/server/auth/guard';
import { inductionFor } from '$lib/server/induction';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const person = requirePermission(locals, url, 'induction.view');
	return inductionFor(db(), person, content().modules);
};

// Read-only: served as plain HTML, with no page data or script to hydrate.
export const csr = false;
