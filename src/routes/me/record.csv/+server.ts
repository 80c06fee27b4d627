import { db } from '$lib/server/app';
import { downloadHeaders, recordCsv } from '$lib/server/records';
import { ownRecord } from '$lib/server/records/route';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { record } = await ownRecord(db(), event);
	return new Response(recordCsv(record), { headers: downloadHeaders(record, 'csv') });
};
