import { redirect } from '@sveltejs/kit';
import { dev } from '$app/environment';
import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { signIn } from '$lib/server/auth/account';
import { sessionCookieName } from '$lib/server/auth/sessions';
import { safeNext } from '$lib/server/auth/guard';
import { clientAddress } from '$lib/server/address';
import { parseForm, rejectForm, showingRefusal } from '$lib/server/forms';
import { signInSchema } from '$lib/server/people/schemas';
import { refusePasswordSignIn } from '$lib/server/sso';
import { configuredSingleSignOn } from '$lib/server/sso/configured';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { locals, url } = event;
	// Someone already signed in goes on; but a refused sign-in (as someone else) says why, here.
	if (locals.person && !showingRefusal(event)) redirect(303, safeNext(url.searchParams.get('next'), url.origin));
	const sso = configuredSingleSignOn();
	return {
		reset: url.searchParams.has('reset'),
		welcome: url.searchParams.has('welcome'),
		singleSignOn: sso ? { label: sso.label, next: url.searchParams.get('next') } : null
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { request, cookies, url } = event;
		const form = parseForm(signInSchema, await request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		const refusal = await refusePasswordSignIn(db(), configuredSingleSignOn(), form.data.email, clientAddress(event));
		if (refusal) return rejectForm(form.values, { email: refusal });
		const result = await signIn(
			db(),
			{ email: form.data.email, password: form.data.password, address: clientAddress(event) },
			content().service
		);
		if (!result.ok) {
			return rejectForm(form.values, { email: result.message }, result.limited ? 429 : 400);
		}
		cookies.set(sessionCookieName, result.token, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: !dev && url.protocol === 'https:',
			expires: result.expiresAt
		});
		redirect(303, safeNext(url.searchParams.get('next'), url.origin));
	}
};
