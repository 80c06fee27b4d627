import { error, redirect } from '@sveltejs/kit';
import { dev } from '$app/environment';
import { db } from '$lib/server/app';
import { safeNext } from '$lib/server/auth/guard';
import { refusalMessages, signOnCookieName, startSignOn } from '$lib/server/sso';
import { configuredSingleSignOn } from '$lib/server/sso/configured';
import type { PageServerLoad } from './$types';

// Started by a link, not a form: a form's redirect to the provider would be blocked by form-action 'self'.
export const load: PageServerLoad = async ({ locals, url, cookies }) => {
	const sso = configuredSingleSignOn();
	if (!sso) error(404, 'Not found');
	const next = safeNext(url.searchParams.get('next'), url.origin);
	if (locals.person) redirect(303, next);
	const started = await startSignOn(db(), sso, next);
	if (!started.ok) return { problem: refusalMessages.unavailable };
	cookies.set(signOnCookieName, started.secret, {
		path: '/sign-in/sso',
		httpOnly: true,
		sameSite: 'lax',
		secure: !dev && url.protocol === 'https:',
		maxAge: 10 * 60
	});
	redirect(303, started.url.href);
};
