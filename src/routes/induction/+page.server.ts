import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { requirePermission } from '$lib/server/auth/guard';
import { inductionFor } from '$lib/server/induction';
import { serverOnly } from '$lib/server-only';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const person = requirePermission(locals, url, 'induction.view');
	const induction = await inductionFor(db(), person, content().modules);
	return { ...induction, items: serverOnly(induction.items) };
};

// Read-only: served as plain HTML, with no script to hydrate; its data stays on the server.
export const csr = false;
