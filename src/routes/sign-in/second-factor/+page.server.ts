import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { safeNext } from '$lib/server/auth/guard';
import { clientAddress } from '$lib/server/address';
import { parseForm, rejectForm } from '$lib/server/forms';
import { checkCode, confirmApp, passSecondStep, pendingAppSecret } from '$lib/server/mfa';
import { authenticationOptions, checkPasskey, relyingParty } from '$lib/server/mfa/passkeys';
import { passkeyScript } from '$lib/server/passkey-script';
import { codeSchema, confirmAppSchema, passkeySignInSchema } from '$lib/server/mfa/schemas';
import { groupedSecret, totpQrSvg, totpUri } from '$lib/server/mfa/totp';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const nextOf = (url: URL) => safeNext(url.searchParams.get('next'), url.origin);

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.person) redirect(303, nextOf(url));
	const pending = locals.secondStep;
	if (!pending || !locals.sessionToken) redirect(303, '/sign-in');
	const { service } = content();
	const base = { name: pending.person.name, next: nextOf(url) };
	if (pending.step === 'enrol') {
		const secret = await pendingAppSecret(db(), pending.person.id);
		// Confirmed in this very request: the page shows the recovery codes instead.
		if (!secret) return { ...base, step: 'enrol' as const, setup: null, passkeyOptions: null };
		const qr = await totpQrSvg(totpUri(secret, pending.person.email, service.shortName));
		return { ...base, step: 'enrol' as const, setup: { qr, secret: groupedSecret(secret) }, passkeyOptions: null };
	}
	const passkeyOptions = await authenticationOptions(
		db(),
		locals.sessionToken,
		pending.person.id,
		relyingParty(url, service.shortName)
	);
	return { ...base, step: 'verify' as const, setup: null, passkeyOptions, passkeyScript: passkeyScript.href };
};

/** The half-signed-in session an action is for; anyone else goes where the page would send them. */
function pendingSession(event: RequestEvent) {
	const { locals, url } = event;
	if (locals.person) redirect(303, nextOf(url));
	if (!locals.secondStep || !locals.sessionToken) redirect(303, '/sign-in');
	return { ...locals.secondStep, token: locals.sessionToken };
}

export const actions: Actions = {
	code: async (event) => {
		const pending = pendingSession(event);
		if (pending.step !== 'verify') redirect(303, event.url.pathname + event.url.search);
		const form = parseForm(codeSchema, await event.request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		const result = await checkCode(db(), pending.person.id, form.data.code, clientAddress(event));
		if (!result.ok) return rejectForm({}, { code: result.message }, result.limited ? 429 : 400);
		await passSecondStep(db(), pending.token);
		redirect(303, nextOf(event.url));
	},
	passkey: async (event) => {
		const pending = pendingSession(event);
		if (pending.step !== 'verify') redirect(303, event.url.pathname + event.url.search);
		const form = parseForm(passkeySignInSchema, await event.request.formData());
		if (!form.ok)
			return rejectForm({}, { passkey: form.errors.credential ?? 'Your passkey did not answer. Try again' });
		const result = await checkPasskey(
			db(),
			pending.token,
			pending.person.id,
			form.data.credential,
			relyingParty(event.url, content().service.shortName),
			clientAddress(event)
		);
		if (!result.ok) return rejectForm({}, { passkey: result.message }, result.limited ? 429 : 400);
		await passSecondStep(db(), pending.token);
		redirect(303, nextOf(event.url));
	},
	enrol: async (event) => {
		const pending = pendingSession(event);
		if (pending.step !== 'enrol') redirect(303, event.url.pathname + event.url.search);
		const form = parseForm(confirmAppSchema, await event.request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		const result = await confirmApp(db(), pending.person.id, form.data.code, clientAddress(event));
		if (!result.ok) return rejectForm(form.values, { code: result.message });
		await passSecondStep(db(), pending.token);
		return { recoveryCodes: result.recoveryCodes };
	}
};
