// A confirmation shown once, on the page an action sends the person to ("Your place is booked").
// It travels in a short-lived cookie set by the action, never in the address: a link someone
// else made cannot put words of theirs in the service's green banner.
import type { Cookies } from '@sveltejs/kit';

const name = 'impartial_done';

export function setFlash(cookies: Cookies, message: string): void {
	cookies.set(name, message, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 });
}

/** The confirmation waiting for this page, if any, taken so that it shows once. */
export function takeFlash(cookies: Cookies): string | null {
	const message = cookies.get(name);
	if (message === undefined) return null;
	cookies.delete(name, { path: '/' });
	return message.slice(0, 300);
}
