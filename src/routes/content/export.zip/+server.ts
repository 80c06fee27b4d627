import { zipSync } from 'fflate';
import { db } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth/guard';
import { recordAudit } from '$lib/server/audit';
import { clientAddress } from '$lib/server/address';
import { publishedTree } from '$lib/server/authoring';
import { serviceDay } from '$lib/format';
import type { RequestHandler } from './$types';

/** The service's published content as a content/ tree in a zip: what `npm run content:export` writes. */
export const GET: RequestHandler = async (event) => {
	const person = requirePermission(event.locals, event.url, 'content.edit');
	const tree = await publishedTree(db());
	const files = Object.fromEntries(
		[...tree].map(([path, file]) => [`content/${path}`, typeof file === 'string' ? new TextEncoder().encode(file) : file])
	);
	const zip = zipSync(files, { level: 6, mtime: new Date() });
	await recordAudit(db(), {
		actorId: person.id,
		action: 'content.exported',
		recordType: 'content',
		detail: { files: tree.size },
		address: clientAddress(event)
	});
	return new Response(new Uint8Array(zip), {
		headers: {
			'Content-Type': 'application/zip',
			'Content-Disposition': `attachment; filename="content-${serviceDay()}.zip"`,
			'Content-Length': String(zip.length),
			'Cache-Control': 'private, no-store'
		}
	});
};
