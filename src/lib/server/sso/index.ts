// Single sign-on through an OpenID provider (Microsoft Entra ID, Google Workspace or any other):
// the authorization code flow with PKCE, state and nonce, the ID token checked by openid-client,
// and the rules for which person a provider's identity signs in.
import * as client from 'openid-client';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { ServiceConfig, SingleSignOnRules } from '../content/service';
import { recordAudit } from '../audit';
import { generateToken, hashToken } from '../auth/tokens';
import { createSession } from '../auth/sessions';
import { log, errorFields } from '../log';

/** Everything a sign-in through the provider needs: the service's rules and the client's registration. */
export interface SingleSignOn extends SingleSignOnRules {
	issuer: URL;
	clientId: string;
	clientSecret: string;
	redirectUri: string;
}

/** The cookie that carries a sign-in's secret from the start to the provider's answer. */
export const signOnCookieName = 'impartial_sso';

/** The path the provider sends people back to; registered with the provider as ORIGIN plus this. */
export const callbackPath = '/sign-in/sso/callback';

/** How long a sign-in sent to the provider may take before it must be started again. */
const requestMinutes = 10;

const localHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** OIDC_ISSUER as a URL, or why it cannot be used: https, or http only on this machine. */
function readIssuer(value: string): URL | string {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return `OIDC_ISSUER=${value} is not a web address; set it to the provider's issuer, like https://login.microsoftonline.com/<tenant id>/v2.0`;
	}
	if (url.protocol === 'https:' || (url.protocol === 'http:' && localHosts.has(url.hostname))) return url;
	return `OIDC_ISSUER=${value} must start with https://`;
}

/**
 * Single sign-on as this instance is set up for it, from service.yml and the environment; undefined
 * when either leaves it out. A half set-up (service.yml asks for it but the environment does not
 * name the provider, or the other way round) is a problem that stops start-up: see singleSignOnProblem.
 */
export function singleSignOnFrom(
	env: NodeJS.ProcessEnv,
	service: Pick<ServiceConfig, 'singleSignOn'>,
	origin: string
): SingleSignOn | undefined {
	const rules = service.singleSignOn;
	const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } = env;
	if (!rules || !OIDC_ISSUER || !OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET) return undefined;
	const issuer = readIssuer(OIDC_ISSUER);
	if (typeof issuer === 'string') return undefined;
	return {
		...rules,
		issuer,
		clientId: OIDC_CLIENT_ID,
		clientSecret: OIDC_CLIENT_SECRET,
		redirectUri: new URL(callbackPath, origin).toString()
	};
}

/** Why the environment and service.yml do not agree on single sign-on, if they do not. */
export function singleSignOnProblem(
	env: NodeJS.ProcessEnv,
	service: Pick<ServiceConfig, 'singleSignOn'>
): string | undefined {
	const names = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;
	const missing = names.filter((n) => !env[n]?.trim());
	if (service.singleSignOn && missing.length)
		return `content/service.yml sets up single sign-on (sign_in.single_sign_on), but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set. Set them to the provider's issuer and this service's client id and secret (see the README), or take single_sign_on out of service.yml.`;
	if (!service.singleSignOn && missing.length < names.length)
		return `${names.filter((n) => !missing.includes(n)).join(', ')} ${names.length - missing.length === 1 ? 'is' : 'are'} set, but content/service.yml does not set up single sign-on: add sign_in.single_sign_on (its button label and email domains), or unset them.`;
	if (env.OIDC_ISSUER) {
		const issuer = readIssuer(env.OIDC_ISSUER.trim());
		if (typeof issuer === 'string') return issuer;
	}
	return undefined;
}

/** What the demo uses with DEMO_SSO=1 when its service.yml sets up no single sign-on of its own. */
const demoRules: SingleSignOnRules = {
	label: 'Continue with the demo organisation',
	emailDomains: ['demo.test'],
	requiredForStaff: false
};

/** The service's single sign-on rules, or the demo's when the demo runs its own provider. */
export function singleSignOnRules(service: Pick<ServiceConfig, 'singleSignOn'>): Pick<ServiceConfig, 'singleSignOn'> {
	if (service.singleSignOn || process.env.DEMO_MODE !== 'true' || process.env.DEMO_SSO !== '1') return service;
	return { singleSignOn: demoRules };
}

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/** Whether an email address is in one of the domains the provider serves. */
export const servesEmail = (sso: Pick<SingleSignOnRules, 'emailDomains'>, email: string) =>
	email.includes('@') && sso.emailDomains.includes(domainOf(email));

/**
 * When the service requires single sign-on for an email's domain, refuses the password sign-in
 * (audited) and says what to do instead; otherwise undefined.
 */
export async function refusePasswordSignIn(
	db: Kysely<DB>,
	sso: SingleSignOnRules | undefined,
	email: string,
	address: string
): Promise<string | undefined> {
	if (!sso?.requiredForStaff || !servesEmail(sso, email)) return undefined;
	await recordAudit(db, {
		actorId: null,
		action: 'auth.sign-in-refused',
		detail: { email: email.toLowerCase(), reason: 'single sign-on required' },
		address
	});
	return `Your service signs in everyone with an @${domainOf(email)} email address through its own sign-in. Use the "${sso.label}" button below instead of a password.`;
}

const configurations = new Map<string, Promise<client.Configuration>>();

/**
 * The provider's configuration, discovered once and kept; a failed discovery is forgotten, so the
 * next sign-in asks again once the provider is back.
 */
function configurationOf(sso: SingleSignOn): Promise<client.Configuration> {
	const key = `${sso.issuer.href}\n${sso.clientId}`;
	let found = configurations.get(key);
	if (!found) {
		found = client.discovery(sso.issuer, sso.clientId, undefined, client.ClientSecretPost(sso.clientSecret), {
			timeout: 10,
			// Plain http only for a provider on this machine (the demo's, or the tests').
			execute: sso.issuer.protocol === 'http:' ? [client.allowInsecureRequests] : []
		});
		found.catch(() => configurations.delete(key));
		configurations.set(key, found);
	}
	return found;
}

/** Whether an error means the provider could not be reached or failed, rather than refused. */
function providerUnavailable(err: unknown): boolean {
	if (err instanceof client.ResponseBodyError) return err.status >= 500;
	if (err instanceof client.AuthorizationResponseError)
		return ['server_error', 'temporarily_unavailable'].includes(err.error);
	if (err instanceof TypeError) return true;
	if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return true;
	if (err instanceof client.ClientError && err.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM') {
		const cause = err.cause as { status?: number } | undefined;
		return !cause?.status || cause.status >= 500;
	}
	return false;
}

export type StartResult = { ok: true; url: URL; secret: string } | { ok: false; problem: 'unavailable' };

/**
 * Sends the browser to the provider. The state, nonce and PKCE verifier wait in the database under
 * the hash of a secret that only this browser holds (in a cookie), for the provider's answer.
 */
export async function startSignOn(db: Kysely<DB>, sso: SingleSignOn, next: string): Promise<StartResult> {
	let config: client.Configuration;
	try {
		config = await configurationOf(sso);
	} catch (err) {
		log.warn({ err: errorFields(err), issuer: sso.issuer.href }, 'single sign-on provider did not answer');
		return { ok: false, problem: 'unavailable' };
	}
	const codeVerifier = client.randomPKCECodeVerifier();
	const state = client.randomState();
	const nonce = client.randomNonce();
	const secret = generateToken();
	// Requests never finished are cleared as new ones start; there are never many.
	await db
		.deleteFrom('oidcRequest')
		.where('createdAt', '<', new Date(Date.now() - requestMinutes * 60_000))
		.execute();
	await db
		.insertInto('oidcRequest')
		.values({ id: hashToken(secret), state, nonce, codeVerifier, next })
		.execute();
	const url = client.buildAuthorizationUrl(config, {
		redirect_uri: sso.redirectUri,
		scope: 'openid email profile',
		response_type: 'code',
		code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
		code_challenge_method: 'S256',
		state,
		nonce
	});
	return { ok: true, url, secret };
}

/** Authentication methods (RFC 8176) and classes that mean the provider asked for a second factor. */
const multiFactorMethods = new Set(['mfa', 'otp', 'hwk', 'sms', 'swk', 'fpt', 'face', 'iris', 'retina', 'vbm']);
const multiFactorClasses = new Set([
	'http://schemas.openid.net/pape/policies/2007/06/multi-factor',
	'http://schemas.openid.net/pape/policies/2007/06/multi-factor-physical',
	'phr',
	'phrh'
]);

/**
 * Whether the ID token says the person used more than a password: `amr` names mfa (as Entra ID
 * does) or a second factor beside the password, or `acr` names a multi-factor class.
 */
export function providerAssertedMfa(claims: Record<string, unknown>): boolean {
	const amr = Array.isArray(claims.amr) ? claims.amr.filter((m): m is string => typeof m === 'string') : [];
	if (amr.includes('mfa')) return true;
	if (amr.some((m) => m !== 'pwd' && multiFactorMethods.has(m)) && amr.length > 1) return true;
	return typeof claims.acr === 'string' && multiFactorClasses.has(claims.acr);
}

/** Why a sign-in through the provider was refused, each with what the person should do. */
export type SignOnRefusal =
	| 'unavailable'
	| 'no-request'
	| 'provider-refused'
	| 'invalid-response'
	| 'email-unverified'
	| 'email-domain'
	| 'unmatched'
	| 'inactive'
	| 'already-linked';

export const refusalMessages: Record<SignOnRefusal, string> = {
	unavailable:
		'The sign-in service your organisation uses is not answering. Try again in a few minutes, or sign in with your email address and password if you have one.',
	'no-request':
		'This sign-in has already been used, has expired, or was started in another browser. Start again from the sign-in page.',
	'provider-refused':
		'Your organisation’s sign-in did not let you in, or you cancelled it. Start again from the sign-in page.',
	'invalid-response':
		'The answer from your organisation’s sign-in could not be trusted, so you have not been signed in. Start again from the sign-in page; if it happens again, tell your coordinator.',
	'email-unverified':
		'Your organisation’s sign-in did not confirm your email address, so it cannot be matched to an account here. Ask your coordinator.',
	'email-domain':
		'Your email address is not one this service signs in through your organisation. Sign in with your email address and password, or ask your coordinator.',
	unmatched:
		'There is no account here for the email address your organisation’s sign-in gave. Ask your coordinator to invite you with that address, then sign in again.',
	inactive: 'Your account here is no longer active. If you think it should be, contact your coordinator.',
	'already-linked':
		'Your account here is already linked to a different account at your organisation’s sign-in. Ask your coordinator to check which one should be used.'
};

export type FinishResult =
	| { ok: true; personId: string; token: string; expiresAt: Date; next: string; linked: boolean }
	| { ok: false; refusal: SignOnRefusal; message: string };

/**
 * Finishes a sign-in when the provider sends the browser back: exchanges the code once (the
 * waiting request is taken, so a replay finds none), lets openid-client check state, nonce,
 * PKCE and the ID token's signature, issuer, audience and times, then signs in the person linked
 * to that identity, or links it to the invited or active person with that verified email.
 */
export async function finishSignOn(
	db: Kysely<DB>,
	sso: SingleSignOn,
	input: { secret: string | undefined; currentUrl: URL; address: string; sessionDays: number }
): Promise<FinishResult> {
	const refuse = async (refusal: SignOnRefusal, detail: Record<string, unknown> = {}, personId?: string) => {
		await recordAudit(db, {
			actorId: null,
			action: 'auth.sso-refused',
			recordType: personId ? 'person' : undefined,
			recordId: personId,
			detail: { reason: refusal, ...detail },
			address: input.address
		});
		return { ok: false as const, refusal, message: refusalMessages[refusal] };
	};

	const request = input.secret
		? await db.deleteFrom('oidcRequest').where('id', '=', hashToken(input.secret)).returningAll().executeTakeFirst()
		: undefined;
	if (!request || request.createdAt.getTime() < Date.now() - requestMinutes * 60_000)
		return refuse('no-request', { hadCookie: !!input.secret });

	let config: client.Configuration;
	try {
		config = await configurationOf(sso);
	} catch (err) {
		log.warn({ err: errorFields(err), issuer: sso.issuer.href }, 'single sign-on provider did not answer');
		return refuse('unavailable');
	}
	let claims: client.IDToken;
	try {
		// The registered callback with the answer's parameters: never the address the request came in on.
		const answer = new URL(sso.redirectUri);
		answer.search = input.currentUrl.search;
		const tokens = await client.authorizationCodeGrant(config, answer, {
			pkceCodeVerifier: request.codeVerifier,
			expectedState: request.state,
			expectedNonce: request.nonce,
			idTokenExpected: true
		});
		claims = tokens.claims()!;
	} catch (err) {
		if (providerUnavailable(err)) {
			log.warn({ err: errorFields(err), issuer: sso.issuer.href }, 'single sign-on provider did not answer');
			return refuse('unavailable');
		}
		if (err instanceof client.AuthorizationResponseError)
			return refuse('provider-refused', { error: err.error, description: err.error_description?.slice(0, 200) });
		const code = err instanceof client.ClientError || err instanceof client.ResponseBodyError ? err.code : undefined;
		const error = err instanceof client.ResponseBodyError ? err.error : undefined;
		return refuse('invalid-response', {
			code,
			error,
			problem: err instanceof Error ? err.message.slice(0, 200) : undefined
		});
	}

	const issuer = claims.iss;
	const subject = claims.sub;
	const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
	const providerMfa = providerAssertedMfa(claims);

	const linked = await db
		.selectFrom('oidcIdentity')
		.innerJoin('person', 'person.id', 'oidcIdentity.personId')
		.select(['oidcIdentity.id', 'oidcIdentity.email', 'person.id as personId', 'person.status'])
		.where('oidcIdentity.issuer', '=', issuer)
		.where('oidcIdentity.subject', '=', subject)
		.executeTakeFirst();

	let personId: string;
	if (linked) {
		personId = linked.personId;
		if (linked.status !== 'active') return refuse('inactive', { email }, personId);
		await db
			.updateTable('oidcIdentity')
			.set({ lastSignedInAt: new Date(), ...(email && email !== linked.email && { email }) })
			.where('id', '=', linked.id)
			.execute();
		if (email && email !== linked.email)
			// The identity, not the email, is what signs a person in; a new address is noted for the coordinator.
			await recordAudit(db, {
				actorId: personId,
				action: 'auth.sso-email-changed',
				recordType: 'person',
				recordId: personId,
				detail: { email, issuer },
				address: input.address
			});
	} else {
		// Entra ID sends no email_verified; its optional xms_edov says the email's domain owner vouches for it.
		const verified = claims.email_verified === true || claims.xms_edov === true;
		if (!email || !verified) return refuse('email-unverified', { issuer, email: email || undefined });
		if (!servesEmail(sso, email)) return refuse('email-domain', { issuer, email });
		const person = await db
			.selectFrom('person')
			.select(['id', 'status'])
			.where(sql<boolean>`lower(email) = ${email}`)
			.executeTakeFirst();
		if (!person) return refuse('unmatched', { issuer, email });
		if (person.status === 'deactivated') return refuse('inactive', { issuer, email }, person.id);
		const outcome = await db.transaction().execute(async (trx) => {
			const inserted = await trx
				.insertInto('oidcIdentity')
				.values({ personId: person.id, issuer, subject, email })
				.onConflict((oc) => oc.doNothing())
				.returning('id')
				.executeTakeFirst();
			if (!inserted) return 'already-linked' as const;
			if (person.status === 'invited') {
				// Signing in through the organisation accepts the invitation: no password is needed.
				await trx
					.updateTable('person')
					.set({ status: 'active', activatedAt: new Date() })
					.where('id', '=', person.id)
					.where('status', '=', 'invited')
					.execute();
				// The invitation's link is used up, as if it had been followed.
				await trx
					.updateTable('accountLink')
					.set({ usedAt: new Date() })
					.where('personId', '=', person.id)
					.where('purpose', '=', 'invitation')
					.where('usedAt', 'is', null)
					.execute();
				await recordAudit(trx, {
					actorId: person.id,
					action: 'person.invitation-accepted',
					recordType: 'person',
					recordId: person.id,
					detail: { via: 'single sign-on' }
				});
			}
			await recordAudit(trx, {
				actorId: person.id,
				action: 'auth.sso-linked',
				recordType: 'person',
				recordId: person.id,
				detail: { email, issuer },
				address: input.address
			});
			return 'linked' as const;
		});
		if (outcome === 'already-linked') return refuse('already-linked', { issuer, email }, person.id);
		personId = person.id;
	}

	const session = await createSession(db, personId, input.sessionDays, { authMethod: 'oidc', providerMfa });
	await recordAudit(db, {
		actorId: personId,
		action: 'auth.signed-in',
		recordType: 'person',
		recordId: personId,
		detail: { via: 'single sign-on', providerMfa },
		address: input.address
	});
	return { ok: true, personId, ...session, next: request.next, linked: !linked };
}
