import { passkeyScript } from '$lib/server/passkey-script';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () =>
	new Response(passkeyScript.body, {
		headers: {
			'Content-Type': 'text/javascript; charset=utf-8',
			'Cache-Control': 'public, max-age=31536000, immutable'
		}
	});
