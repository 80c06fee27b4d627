import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { requirePermission } from '$lib/server/auth/guard';
import { clientAddress } from '$lib/server/address';
import { parseForm, rejectForm } from '$lib/server/forms';
import { factorSummary, mfaPolicy, removeApp, removePasskey, renewRecoveryCodes } from '$lib/server/mfa';
import { addPasskey, registrationOptions, relyingParty } from '$lib/server/mfa/passkeys';
import { passkeyScript } from '$lib/server/passkey-script';
import { addPasskeySchema, removePasskeySchema } from '$lib/server/mfa/schemas';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const person = requirePermission(locals, url, 'mfa.use');
	const { service } = content();
	const [factors, passkeyOptions] = await Promise.all([
		factorSummary(db(), person.id),
		locals.sessionToken
			? registrationOptions(db(), locals.sessionToken, person, relyingParty(url, service.shortName))
			: null
	]);
	return {
		factors,
		required: mfaPolicy(service) === 'required',
		passkeyOptions,
		passkeyScript: passkeyScript.href,
		done: url.searchParams.get('done')
	};
};

export const actions: Actions = {
	removeApp: async (event) => {
		const person = requirePermission(event.locals, event.url, 'mfa.use');
		const result = await removeApp(db(), person, content().service, clientAddress(event));
		if (!result.ok) return rejectForm({}, { app: result.message });
		return { done: 'app-removed' as const };
	},
	removePasskey: async (event) => {
		const person = requirePermission(event.locals, event.url, 'mfa.use');
		const form = parseForm(removePasskeySchema, await event.request.formData());
		if (!form.ok) return rejectForm({}, { passkeys: form.errors.id ?? 'Choose a passkey to remove' });
		const result = await removePasskey(db(), person, form.data.id, content().service, clientAddress(event));
		if (!result.ok) return rejectForm({}, { passkeys: result.message });
		return { done: 'passkey-removed' as const };
	},
	addPasskey: async (event) => {
		const person = requirePermission(event.locals, event.url, 'mfa.use');
		const form = parseForm(addPasskeySchema, await event.request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		const result = await addPasskey(
			db(),
			event.locals.sessionToken!,
			person,
			{ name: form.data.name, credential: form.data.credential },
			relyingParty(event.url, content().service.shortName),
			clientAddress(event)
		);
		if (!result.ok) return rejectForm(form.values, { name: result.message });
		return { done: 'passkey-added' as const, recoveryCodes: result.recoveryCodes };
	},
	renewRecoveryCodes: async (event) => {
		const person = requirePermission(event.locals, event.url, 'mfa.use');
		const codes = await renewRecoveryCodes(db(), person.id, clientAddress(event));
		if (!codes) return rejectForm({}, { recovery: 'Set up an app or a passkey first' });
		return { done: 'codes-renewed' as const, recoveryCodes: codes };
	}
};
