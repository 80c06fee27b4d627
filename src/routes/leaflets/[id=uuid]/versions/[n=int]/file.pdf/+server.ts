import { error } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth/guard';
import { leafletPdf } from '$lib/server/leaflets';
import type { RequestHandler } from './$types';

/** A safe file name from the item's title and version: letters, digits and hyphens. */
const fileName = (title: string, label: string) =>
	`${
		`${title}-version-${label}`
			.normalize('NFKD')
			.replace(/[^A-Za-z0-9]+/g, '-')
			.replace(/^-|-$/g, '')
			.slice(0, 100) || 'leaflet'
	}.pdf`;

export const GET: RequestHandler = async ({ locals, url, params }) => {
	requirePermission(locals, url, 'leaflets.view');
	const found = await leafletPdf(db(), params.id, Number(params.n));
	if (!found?.pdf) error(404, 'Page not found');
	const disposition = url.searchParams.has('download') ? 'attachment' : 'inline';
	return new Response(new Uint8Array(found.pdf), {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Disposition': `${disposition}; filename="${fileName(found.title, found.label)}"`,
			'Content-Length': String(found.pdf.length),
			// Only ever a PDF: every stored file was checked to be one, and nosniff (set for every
			// response) keeps a browser from reading it as anything else.
			'Cache-Control': 'private, no-store'
		}
	});
};
