import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { clientAddress } from '$lib/server/address';
import { formatCode, normaliseCode, verifyCertificate } from '$lib/server/certificates';
import type { PageServerLoad } from './$types';

// Public: whoever holds a code sees the name, the achievement, its date and whether it stands.
export const load: PageServerLoad = async (event) => {
	const code = normaliseCode(event.params.code);
	// A code typed in another form (lower case, spaces) goes to its canonical address.
	if (code && formatCode(code) !== event.params.code) redirect(303, `/verify/${formatCode(code)}`);
	const result = await verifyCertificate(db(), event.params.code, clientAddress(event));
	event.setHeaders({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
	if (result.status === 'limited')
		error(
			429,
			`Too many codes checked from here found no certificate. Try again in ${result.retryMinutes} ${result.retryMinutes === 1 ? 'minute' : 'minutes'}.`
		);
	if (result.status === 'unknown')
		error(404, 'No certificate has this code. Check it was typed exactly as printed on the certificate.');
	return { certificate: result.certificate, code: formatCode(code!) };
};
