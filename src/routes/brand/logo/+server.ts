import { error } from '@sveltejs/kit';
import { content } from '$lib/server/content';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () => {
	const logo = content().service.logo;
	if (!logo) error(404, 'Page not found');
	return new Response(new Uint8Array(logo.body), {
		headers: {
			'Content-Type': logo.contentType,
			'Cache-Control': 'public, max-age=300',
			// An SVG opened on its own must not run anything.
			'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'"
		}
	});
};
