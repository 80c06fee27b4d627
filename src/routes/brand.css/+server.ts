// The service's colour as a stylesheet, so that no inline style is needed under the CSP. GOV.UK
// Frontend sets its own blue on :root; `html:root` is more specific, so the service's colour wins
// wherever the two stylesheets stand in the page.
import { content } from '$lib/server/content';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () => {
	const colour = content().service.brandColour;
	return new Response(`html:root{--govuk-brand-colour:${colour}}\n`, {
		headers: { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=300' }
	});
};
