import { govukFrontendScript } from '$lib/server/govuk-frontend';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () =>
	new Response(govukFrontendScript.body, {
		headers: {
			'Content-Type': 'text/javascript; charset=utf-8',
			'Cache-Control': 'public, max-age=31536000, immutable'
		}
	});
