import { db } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth/guard';
import { listOutbox, mailMode } from '$lib/server/mail';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requirePermission(locals, url, 'outbox.read');
	return { messages: await listOutbox(db()), mode: mailMode() };
};
