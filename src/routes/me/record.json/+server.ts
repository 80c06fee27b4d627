import { db } from '$lib/server/app';
import { downloadHeaders } from '$lib/server/records';
import { ownRecord } from '$lib/server/records/route';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { record } = await ownRecord(db(), event);
	return new Response(JSON.stringify(record, null, 2), { headers: downloadHeaders(record, 'json') });
};
