import { serverOnly } from '$lib/server-only';
import { theirRecord } from '$lib/server/records/route';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { record } = await theirRecord(event, 'viewed', '/me/record');
	return { record: serverOnly(record) };
};

// Read-only: served as plain HTML, with no script to hydrate; its data stays on the server.
export const csr = false;
