import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { requirePermission } from '$lib/server/auth/guard';
import { clientAddress } from '$lib/server/address';
import { parseForm, rejectForm, showingRefusal } from '$lib/server/forms';
import { confirmApp, passSecondStep, pendingAppSecret } from '$lib/server/mfa';
import { confirmAppSchema } from '$lib/server/mfa/schemas';
import { groupedSecret, totpQrSvg, totpUri } from '$lib/server/mfa/totp';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const person = requirePermission(event.locals, event.url, 'mfa.use');
	const secret = await pendingAppSecret(db(), person.id);
	if (!secret) {
		// Just confirmed: the page shows the recovery codes the action returned.
		if (showingRefusal(event)) return { setup: null };
		redirect(303, '/me/security');
	}
	const qr = await totpQrSvg(totpUri(secret, person.email, content().service.shortName));
	return { setup: { qr, secret: groupedSecret(secret) } };
};

export const actions: Actions = {
	default: async (event) => {
		const person = requirePermission(event.locals, event.url, 'mfa.use');
		const form = parseForm(confirmAppSchema, await event.request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		const result = await confirmApp(db(), person.id, form.data.code, clientAddress(event));
		if (!result.ok) return rejectForm(form.values, { code: result.message });
		// This session proved the app just now; the person's other sessions will be asked for it.
		if (event.locals.sessionToken) await passSecondStep(db(), event.locals.sessionToken);
		return { recoveryCodes: result.recoveryCodes };
	}
};
