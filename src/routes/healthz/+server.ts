import { json } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { checkDatabase } from '$lib/server/health';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
	const health = await checkDatabase(db);
	return json(health, { status: health.status === 'ok' ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
};
