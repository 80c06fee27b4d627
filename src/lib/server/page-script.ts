// Scripts a page runs, served from this origin (pages do not hydrate, and the CSP allows no inline
// script) at an address that changes with the script, so browsers may keep each for good.
import { createHash } from 'node:crypto';

export interface PageScript {
	body: string;
	/** The address with the script's version in it. */
	href: string;
}

export function pageScript(path: string, body: string): PageScript {
	const version = createHash('sha256').update(body).digest('hex').slice(0, 12);
	return { body, href: `${path}?v=${version}` };
}

/** The script as its route answers it. */
export function serveScript(script: PageScript): Response {
	return new Response(script.body, {
		headers: {
			'Content-Type': 'text/javascript; charset=utf-8',
			'Cache-Control': 'public, max-age=31536000, immutable'
		}
	});
}
