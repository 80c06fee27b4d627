import { error, redirect } from '@sveltejs/kit';
import { dev } from '$app/environment';
import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { clientAddress } from '$lib/server/address';
import { safeNext } from '$lib/server/auth/guard';
import { sessionCookieName } from '$lib/server/auth/sessions';
import { finishSignOn, signOnCookieName } from '$lib/server/sso';
import { configuredSingleSignOn } from '$lib/server/sso/configured';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { cookies, url } = event;
	const sso = configuredSingleSignOn();
	if (!sso) error(404, 'Not found');
	const secret = cookies.get(signOnCookieName);
	// The sign-in this browser started is used up whatever the answer.
	cookies.delete(signOnCookieName, { path: '/sign-in/sso' });
	const result = await finishSignOn(db(), sso, {
		secret,
		currentUrl: url,
		address: clientAddress(event),
		sessionDays: content().service.sessionDays
	});
	if (!result.ok) return { problem: result.message };
	cookies.set(sessionCookieName, result.token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: !dev && url.protocol === 'https:',
		expires: result.expiresAt
	});
	redirect(303, safeNext(result.next, url.origin));
};
