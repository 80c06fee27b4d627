// What the certificate pages and the PDF share: the signed-in person's own certificate, or 404.
import { error, type RequestEvent } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { requirePermission } from '../auth/guard';
import { ownCertificate } from './index';

export async function ownCertificateFor(
	db: Kysely<DB>,
	event: Pick<RequestEvent, 'locals' | 'url'> & { params: { id: string } }
) {
	const viewer = requirePermission(event.locals, event.url, 'certificates.own');
	const certificate = await ownCertificate(db, viewer.id, event.params.id);
	if (!certificate) error(404, 'Page not found');
	return { viewer, certificate };
}
