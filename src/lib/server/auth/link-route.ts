// The two steps of an emailed link, shared by invitations and password resets. The emailed
// address is opened once: its token is exchanged for a secret in a cookie and the browser is sent
// on to the same page without the token, where the form is filled in.
import { redirect, type Cookies, type RequestHandler } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { AccountLinkPurpose, DB } from '../db/schema';
import { findOpenedLink, linkProblemMessages, openAccountLink, type LinkProblem } from './links';

export const linkPage: Record<AccountLinkPurpose, string> = {
	invitation: '/invitations',
	'password-reset': '/reset-password'
};

const cookieName: Record<AccountLinkPurpose, string> = {
	invitation: 'invitation-link',
	'password-reset': 'password-reset-link'
};

/**
 * The emailed address: GET exchanges its token and continues on the page without it. The
 * handlers are made when the route is loaded, before the database opens, so they are given the
 * way to reach it.
 */
export function openLink(
	db: () => Kysely<DB>,
	purpose: AccountLinkPurpose
): { GET: RequestHandler; HEAD: RequestHandler } {
	return {
		GET: async ({ params, cookies, url }) => {
			const opened = await openAccountLink(db(), params.token!, purpose);
			const page = linkPage[purpose];
			if (opened.ok) {
				cookies.set(cookieName[purpose], opened.secret, {
					path: page,
					httpOnly: true,
					sameSite: 'lax',
					secure: url.protocol === 'https:',
					expires: opened.expiresAt
				});
			}
			// No Referer from here: the address with the token goes nowhere else.
			return new Response(null, {
				status: 303,
				headers: {
					Location: opened.ok ? page : `${page}?problem=${opened.problem}`,
					'Referrer-Policy': 'no-referrer',
					'Cache-Control': 'no-store'
				}
			});
		},
		// A mail scanner checking that the address exists must not use the link up.
		HEAD: () => new Response(null, { status: 200, headers: { 'Cache-Control': 'no-store' } })
	};
}

/** The link this browser opened, or what to tell the person instead. */
export async function linkInBrowser(
	db: Kysely<DB>,
	purpose: AccountLinkPurpose,
	cookies: Cookies,
	url: URL
): Promise<{ ok: true; person: { name: string; email: string } } | { ok: false; message: string }> {
	const problem = url.searchParams.get('problem');
	if (problem && problem in linkProblemMessages)
		return { ok: false, message: linkProblemMessages[problem as LinkProblem] };
	const secret = cookies.get(cookieName[purpose]);
	if (!secret)
		return {
			ok: false,
			message: 'Open the link in the email you were sent. If you have already used it, ask for a new one.'
		};
	const link = await findOpenedLink(db, secret, purpose);
	return link.ok ? link : { ok: false, message: linkProblemMessages[link.problem] };
}

/** The secret this browser holds for the link it opened, if any. */
export const linkSecret = (purpose: AccountLinkPurpose, cookies: Cookies) => cookies.get(cookieName[purpose]) ?? '';

function forgetLink(purpose: AccountLinkPurpose, cookies: Cookies): void {
	cookies.delete(cookieName[purpose], { path: linkPage[purpose] });
}

/** Sends the browser on after using the link, dropping its secret. */
export function finishLink(purpose: AccountLinkPurpose, cookies: Cookies, to: string): never {
	forgetLink(purpose, cookies);
	redirect(303, to);
}
