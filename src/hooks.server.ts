// Every request: refuse a form the service cannot read, identify the person from their session
// cookie, add security headers, and log one line: its id, method, route, status and time.
import {
	error,
	isHttpError,
	type Handle,
	type HandleServerError,
	type RequestEvent,
	type ServerInit
} from '@sveltejs/kit';
import { dev } from '$app/environment';
import { randomUUID } from 'node:crypto';
import { appReady, countRequest, db, followPublications, startApp } from '$lib/server/app';
import { content } from '$lib/server/content';
import { sessionCookieName, validateSessionToken } from '$lib/server/auth/sessions';
import { secondStepAllows, secondStepDue } from '$lib/server/mfa/second-step';
import { errorFields, log } from '$lib/server/log';

export const init: ServerInit = async () => {
	await startApp({ production: !dev });
};

export const handle: Handle = ({ event, resolve }) =>
	countRequest(async () => {
		const started = performance.now();
		event.locals.requestId = requestIdFrom(event.request.headers);
		let status = 500;
		try {
			// Until the database answers, only the health check (which says 503 itself) is worked out.
			const response = !appReady()
				? event.url.pathname === '/healthz'
					? await resolve(event)
					: unavailable()
				: await refuseUnreadableForm(event).then(() => identifyAndRespond({ event, resolve }));
			status = response.status;
			response.headers.set('X-Request-Id', event.locals.requestId);
			return response;
		} catch (err) {
			if (isHttpError(err)) status = err.status;
			throw err;
		} finally {
			// The route, never the path: a path can hold a link's token or a person's id.
			log.info(
				{
					req: event.locals.requestId,
					method: event.request.method,
					route: event.route.id,
					status,
					ms: Math.round((performance.now() - started) * 10) / 10
				},
				'request'
			);
		}
	});

/** The proxy's request id when it sends a plausible one, so its log and ours line up; else a new one. */
function requestIdFrom(headers: Headers): string {
	const given = headers.get('x-request-id');
	return given && /^[\w.:-]{8,64}$/.test(given) ? given : randomUUID();
}

function unavailable(): Response {
	return new Response(
		'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Service unavailable</title></head><body><h1>Sorry, the service is unavailable</h1><p>It is starting, or cannot reach its database. Try again in a minute.</p></body></html>',
		{
			status: 503,
			headers: { 'Content-Type': 'text/html; charset=utf-8', 'Retry-After': '10', 'Cache-Control': 'no-store' }
		}
	);
}

const formTypes = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

/**
 * Everything the service accepts by POST is a form. Any other body (text/plain, which browsers may
 * send to another site's form, JSON, or a form that does not parse) is refused here with a
 * message, so that no form action meets it and fails with a 500.
 */
async function refuseUnreadableForm(event: RequestEvent): Promise<void> {
	const { method, headers } = event.request;
	if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return;
	const type = (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
	if (!formTypes.has(type))
		error(
			415,
			'The service could not read what was sent, so nothing was saved. Go back and send the form from its page.'
		);
	let form: FormData;
	try {
		form = await event.request.formData();
	} catch (err) {
		// Too large (413, from the body limit) says so itself.
		if (isHttpError(err) || (err as { status?: unknown }).status === 413) throw err;
		error(400, 'The form arrived damaged, so nothing was saved. Go back and send it again.');
	}
	// The body is read once: the action is handed the form read here, rather than a copy of the
	// request being made for this check and parsed twice.
	Object.defineProperty(event.request, 'formData', { value: () => Promise.resolve(form) });
}

const identifyAndRespond: Handle = async ({ event, resolve }) => {
	event.locals.person = null;
	event.locals.sessionToken = null;
	event.locals.secondStep = null;
	const token = event.cookies.get(sessionCookieName);
	// The content is brought up to date before anything is worked out from it: from the id the
	// session's statement read, or with a read of its own for a request with no session.
	const session = token ? await validateSessionToken(db(), token, content().service.sessionDays) : null;
	await followPublications(session ? session.publicationId : undefined);
	if (token) {
		if (session) {
			const step = secondStepDue(session.person, session.secondFactor, content().service);
			if (step === 'none') event.locals.person = session.person;
			else event.locals.secondStep = { person: session.person, step };
			event.locals.sessionToken = token;
			// The cookie carries the session's expiry, so it is sent again only when that moves.
			if (session.renewed) {
				event.cookies.set(sessionCookieName, token, {
					path: '/',
					httpOnly: true,
					sameSite: 'lax',
					secure: !dev && event.url.protocol === 'https:',
					expires: session.expiresAt
				});
			}
		} else {
			event.cookies.delete(sessionCookieName, { path: '/' });
		}
	}
	// Half signed in (a second factor owed) reaches the second step and nothing else.
	const response =
		event.locals.secondStep && !secondStepAllows(event.route.id) ? secondStepRedirect(event.url) : await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	// A page may ask for less (the emailed links send no Referer at all).
	if (!response.headers.has('Referrer-Policy')) response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
	// Personal records must not linger in shared caches.
	if ((event.locals.person || event.locals.secondStep) && !response.headers.has('Cache-Control')) {
		response.headers.set('Cache-Control', 'private, no-store');
	}
	return response;
};

function secondStepRedirect(url: URL): Response {
	const next = encodeURIComponent(url.pathname + url.search);
	return new Response(null, { status: 303, headers: { Location: `/sign-in/second-factor?next=${next}` } });
}

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status === 404) return { message: 'Page not found' };
	if (status === 413 && event.route.id?.startsWith('/leaflets')) {
		return {
			message:
				'The file you chose is too large for the service to accept, so nothing was saved. Go back and choose a smaller PDF.'
		};
	}
	if (status === 413) {
		return {
			message:
				'What you sent is too large for the service to accept, so nothing was saved. Go back, shorten the longest answer and try again.'
		};
	}
	if (status < 500) return { message };
	// The reference shown to the person is in the log line, so the operator can find what went wrong.
	const reference = randomUUID().slice(0, 8);
	log.error(
		{ req: event.locals.requestId, errorId: reference, route: event.route.id, status, err: errorFields(error) },
		'request failed'
	);
	return { message: 'Sorry, there is a problem with the service', reference };
};
