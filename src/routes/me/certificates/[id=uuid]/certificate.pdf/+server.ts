import { db, publicOrigin } from '$lib/server/app';
import { content } from '$lib/server/content';
import { ownCertificateFor } from '$lib/server/certificates/route';
import { certificatePdf } from '$lib/server/certificates/pdf';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { certificate } = await ownCertificateFor(db(), event);
	const pdf = await certificatePdf({
		facts: certificate.facts,
		code: certificate.code,
		issuedAt: certificate.issuedAt,
		verifyAddress: `${publicOrigin()}/verify`,
		logo: content().service.logo
	});
	const name =
		certificate.facts.title
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '') || 'certificate';
	return new Response(new Uint8Array(pdf), {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Disposition': `attachment; filename="${name}-certificate.pdf"`,
			'Cache-Control': 'private, no-store'
		}
	});
};
