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
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { locals, url } = event;
	// Someone already signed in goes on; but a refused sign-in (as someone else) says why, here.
	if (locals.person && !showingRefusal(event)) redirect(303, safeNext(url.searchParams.get('next'), url.origin));
	return { reset: url.searchParams.has('reset'), welcome: url.searchParams.has('welcome') };
};

export const actions: Actions = {
	default: async (event) => {
		const { request, cookies, url } = event;
		const form = parseForm(signInSchema, await request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
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
