// Route-side helpers around `can`: send the signed-out to sign in (and back again afterwards), and
// refuse the rest with 403.
import { error, redirect } from '@sveltejs/kit';
import { can, type Action, type AudienceResource, type PersonResource, type RecordResource } from './permissions';
import type { SessionPerson } from './sessions';

export function requireSignedIn(locals: App.Locals, url: URL): SessionPerson {
	if (!locals.person) {
		const next = url.pathname + url.search;
		redirect(303, `/sign-in?next=${encodeURIComponent(next)}`);
	}
	return locals.person;
}

export function requirePermission(
	locals: App.Locals,
	url: URL,
	action: Action,
	resource?: PersonResource | AudienceResource | RecordResource
): SessionPerson {
	const person = requireSignedIn(locals, url);
	if (!can(person, action, resource)) error(403, 'You do not have permission to see this page');
	return person;
}

/** Anything that is not a plain character of a path: controls, spaces of every kind, invisible formatting. */
const notInPath = /[\p{Cc}\p{Cf}\p{Z}\\]/u;

/**
 * Where to go after signing in: the address asked for, only when it is a path on this site that
 * reads the same to the browser as to us. "/\t/evil.example" (which a browser follows to
 * //evil.example), "//evil.example", "/\\evil.example", a CR, LF or ideographic space, or a full
 * address elsewhere all go to the home page instead.
 */
export function safeNext(next: string | null, origin: string): string {
	if (!next || !next.startsWith('/') || next.startsWith('//') || notInPath.test(next)) return '/';
	let url: URL;
	try {
		url = new URL(next, origin);
	} catch {
		return '/';
	}
	// Resolving drops dot segments, so /.//evil.example becomes //evil.example: look again.
	const target = url.pathname + url.search + url.hash;
	if (url.origin !== origin || target.startsWith('//')) return '/';
	return target;
}
