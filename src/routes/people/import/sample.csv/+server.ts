import { requirePermission } from '$lib/server/auth/guard';
import { downloadHeaders } from '$lib/server/csv';
import { sampleCsv } from '$lib/server/import';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, url }) => {
	requirePermission(locals, url, 'people.import');
	return new Response(sampleCsv(), { headers: downloadHeaders('people-import-sample.csv') });
};
