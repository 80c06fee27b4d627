// Route-side helpers around `can`: send the signed-out to sign in, and refuse the rest with 403.
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
