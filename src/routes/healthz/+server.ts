import { json } from '@sveltejs/kit';
import { checkDatabase } from '$lib/server/health';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
	const health = await checkDatabase();
	return json(health, { status: health.status === 'ok' ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
};
