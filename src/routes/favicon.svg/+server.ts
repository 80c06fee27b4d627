// The service's icon for browser tabs and bookmarks: the first letter of its short name, in white
// on its own colour (white on that colour is checked for contrast when the content loads).
import { content } from '$lib/server/content';
import type { RequestHandler } from './$types';

const escapeXml = (text: string) =>
	text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

export const GET: RequestHandler = () => {
	const { shortName, brandColour } = content().service;
	const letter = escapeXml(Array.from(shortName.trim())[0]?.toUpperCase() ?? '');
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="${brandColour}"/><text x="16" y="23" text-anchor="middle" font-family="system-ui, Arial, sans-serif" font-size="20" font-weight="bold" fill="#fff">${letter}</text></svg>\n`;
	return new Response(svg, {
		headers: {
			'Content-Type': 'image/svg+xml',
			'Cache-Control': 'public, max-age=300',
			'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'"
		}
	});
};
