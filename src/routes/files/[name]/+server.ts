import { error } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { imageByName } from '$lib/server/files';
import type { RequestHandler } from './$types';

/**
 * An uploaded image, for anyone: modules, the sign-in page and printed certificates show them.
 * Its name is the hash of its bytes, so it never changes and may be kept by any cache.
 */
export const GET: RequestHandler = async ({ params }) => {
	const image = await imageByName(db(), params.name);
	if (!image) error(404, 'Page not found');
	return new Response(new Uint8Array(image.bytes), {
		headers: {
			'Content-Type': image.contentType,
			'Content-Length': String(image.bytes.length),
			'Cache-Control': 'public, max-age=31536000, immutable',
			// An SVG opened on its own runs nothing and reaches nothing, whatever slipped through.
			'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox"
		}
	});
};
