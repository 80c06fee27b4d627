import { db, publicOrigin } from '$lib/server/app';
import { content } from '$lib/server/content';
import { ownCertificateFor } from '$lib/server/certificates/route';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { certificate } = await ownCertificateFor(db(), event);
	return {
		certificate,
		brandColour: content().service.brandColour,
		verifyAddress: `${publicOrigin()}/verify`
	};
};
