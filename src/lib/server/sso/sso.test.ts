import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import { hashToken } from '../auth/tokens';
import { startDemoProvider, type DemoProvider } from './demo-provider';
import {
	finishSignOn,
	providerAssertedMfa,
	refusePasswordSignIn,
	singleSignOnFrom,
	singleSignOnProblem,
	startSignOn,
	type SingleSignOn
} from './index';

const origin = 'http://localhost:5999';
const redirectUri = `${origin}/sign-in/sso/callback`;
const rules = {
	label: 'Sign in with Northshire Council',
	emailDomains: ['northshire.example'],
	requiredForStaff: true
};
const address = '198.51.100.7';

/** A browser's visit to the provider: follows its redirects with its cookies, signs in, and stops at the service's callback. */
async function signInAtProvider(
	authorizationUrl: URL,
	form: { email: string; account?: string; verified?: boolean; mfa?: boolean },
	cookies = new Map<string, string>()
): Promise<URL> {
	const visit = async (url: string, init: RequestInit = {}) => {
		const res = await fetch(url, {
			...init,
			redirect: 'manual',
			headers: {
				...(init.headers as Record<string, string>),
				cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ')
			}
		});
		for (const c of res.headers.getSetCookie()) {
			const [pair] = c.split(';');
			const at = pair!.indexOf('=');
			cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
		}
		return res;
	};
	let res = await visit(authorizationUrl.href);
	let location = new URL(res.headers.get('location')!, authorizationUrl);
	expect(location.pathname).toMatch(/^\/interaction\//);
	res = await visit(location.href);
	expect(await res.text()).toContain('Demo organisation sign-in');
	const body = new URLSearchParams({ email: form.email, account: form.account ?? '' });
	if (form.verified !== false) body.set('verified', 'yes');
	if (form.mfa) body.set('mfa', 'yes');
	res = await visit(location.href, {
		method: 'POST',
		body,
		headers: { 'content-type': 'application/x-www-form-urlencoded' }
	});
	// Back through the provider's authorization endpoint, which sends the browser to the service.
	while (res.status >= 300 && res.status < 400) {
		location = new URL(res.headers.get('location')!, location);
		if (location.href.startsWith(redirectUri)) return location;
		res = await visit(location.href);
	}
	throw new Error(`the provider answered ${res.status}: ${await res.text()}`);
}

describe('single sign-on settings', () => {
	it('is on only when service.yml and the environment both name it', () => {
		const env = { OIDC_ISSUER: 'https://login.example.com/tenant/v2.0', OIDC_CLIENT_ID: 'id', OIDC_CLIENT_SECRET: 's' };
		expect(singleSignOnFrom(env, { singleSignOn: rules }, 'https://training.example.org')).toMatchObject({
			clientId: 'id',
			redirectUri: 'https://training.example.org/sign-in/sso/callback'
		});
		expect(singleSignOnFrom(env, {}, 'https://training.example.org')).toBeUndefined();
		expect(singleSignOnFrom({}, { singleSignOn: rules }, 'https://training.example.org')).toBeUndefined();
	});

	it('says what is missing when service.yml and the environment disagree', () => {
		expect(singleSignOnProblem({ OIDC_ISSUER: 'https://login.example.com' }, { singleSignOn: rules })).toBe(
			"content/service.yml sets up single sign-on (sign_in.single_sign_on), but OIDC_CLIENT_ID, OIDC_CLIENT_SECRET are not set. Set them to the provider's issuer and this service's client id and secret (see the README), or take single_sign_on out of service.yml."
		);
		expect(singleSignOnProblem({ OIDC_CLIENT_ID: 'id' }, {})).toMatch(
			/^OIDC_CLIENT_ID is set, but content\/service.yml does not set up single sign-on/
		);
		const env = { OIDC_ISSUER: 'http://login.example.com', OIDC_CLIENT_ID: 'id', OIDC_CLIENT_SECRET: 's' };
		expect(singleSignOnProblem(env, { singleSignOn: rules })).toBe(
			'OIDC_ISSUER=http://login.example.com must start with https://'
		);
		expect(
			singleSignOnProblem({ ...env, OIDC_ISSUER: 'http://localhost:9000' }, { singleSignOn: rules })
		).toBeUndefined();
		expect(singleSignOnProblem({}, {})).toBeUndefined();
	});

	it('counts the provider’s second factor from amr or acr, not a password alone', () => {
		expect(providerAssertedMfa({ amr: ['pwd', 'mfa'] })).toBe(true);
		expect(providerAssertedMfa({ amr: ['pwd', 'otp'] })).toBe(true);
		expect(providerAssertedMfa({ amr: ['pwd'] })).toBe(false);
		expect(providerAssertedMfa({ amr: ['otp'] })).toBe(false);
		expect(providerAssertedMfa({ acr: 'http://schemas.openid.net/pape/policies/2007/06/multi-factor' })).toBe(true);
		expect(providerAssertedMfa({ acr: '1', amr: 'mfa' })).toBe(false);
		expect(providerAssertedMfa({})).toBe(false);
	});
});

describe.each(testDatabaseKinds)('single sign-on against a real OpenID provider, on %s', (kind) => {
	let test: TestDatabase;
	let provider: DemoProvider;
	let sso: SingleSignOn;
	let other: SingleSignOn;
	let invited: string;
	let active: string;
	let former: string;

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		provider = await startDemoProvider({
			port: 0,
			clients: [
				{ clientId: 'impartial', clientSecret: 'impartial-secret', redirectUri },
				{ clientId: 'another-service', clientSecret: 'another-secret', redirectUri }
			]
		});
		const env = { OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: 'impartial', OIDC_CLIENT_SECRET: 'impartial-secret' };
		sso = singleSignOnFrom(env, { singleSignOn: rules }, origin)!;
		other = singleSignOnFrom(
			{ ...env, OIDC_CLIENT_ID: 'another-service', OIDC_CLIENT_SECRET: 'another-secret' },
			{ singleSignOn: rules },
			origin
		)!;
		const people = await test.db
			.insertInto('person')
			.values([
				{ email: 'Ivy.Invited@northshire.example', name: 'Ivy Invited', roles: ['volunteer'], status: 'invited' },
				{ email: 'sam.staff@northshire.example', name: 'Sam Staff', roles: ['staff'], status: 'active' },
				{ email: 'fran.former@northshire.example', name: 'Fran Former', roles: ['staff'], status: 'deactivated' }
			])
			.returning('id')
			.execute();
		[invited, active, former] = people.map((p) => p.id) as [string, string, string];
		await test.db
			.insertInto('accountLink')
			.values({
				tokenHash: hashToken('invitation'),
				personId: invited,
				purpose: 'invitation',
				expiresAt: new Date(Date.now() + 86_400_000)
			})
			.execute();
	});
	afterAll(async () => {
		await provider?.close();
		await test?.close();
	});

	/** Starts a sign-in at the service, signs in at the provider, and brings the answer back. */
	async function signInThrough(form: Parameters<typeof signInAtProvider>[1], via = sso, cookies?: Map<string, string>) {
		const started = await startSignOn(test.db, via, '/people');
		if (!started.ok) throw new Error('the provider did not answer');
		const callback = await signInAtProvider(started.url, form, cookies);
		return { secret: started.secret, callback };
	}

	const finish = (secret: string | undefined, callback: URL) =>
		finishSignOn(test.db, sso, { secret, currentUrl: callback, address, sessionDays: 14 });

	const auditOf = (action: string) =>
		test.db
			.selectFrom('auditEvent')
			.select(['actorId', 'recordId', 'detail', 'address'])
			.where('action', '=', action)
			.orderBy('id')
			.execute();

	const sessionsOf = (personId: string) =>
		test.db.selectFrom('session').select(['authMethod', 'providerMfa']).where('personId', '=', personId).execute();

	it('sends the browser to the provider with PKCE, state and nonce', async () => {
		const started = await startSignOn(test.db, sso, '/');
		expect(started.ok).toBe(true);
		if (!started.ok) return;
		const params = started.url.searchParams;
		expect(started.url.origin).toBe(provider.issuer);
		expect(params.get('client_id')).toBe('impartial');
		expect(params.get('redirect_uri')).toBe(redirectUri);
		expect(params.get('scope')).toBe('openid email profile');
		expect(params.get('code_challenge_method')).toBe('S256');
		const waiting = await test.db
			.selectFrom('oidcRequest')
			.selectAll()
			.where('id', '=', hashToken(started.secret))
			.executeTakeFirstOrThrow();
		expect(params.get('state')).toBe(waiting.state);
		expect(params.get('nonce')).toBe(waiting.nonce);
		// The cookie's secret itself is never stored.
		expect(waiting.id).not.toBe(started.secret);
	});

	it('links an invited person by their verified email on first sign-in, accepting the invitation', async () => {
		const { secret, callback } = await signInThrough({ email: 'ivy.invited@northshire.example', account: 'ivy-1' });
		const result = await finish(secret, callback);
		expect(result).toMatchObject({ ok: true, personId: invited, linked: true, next: '/people' });
		const person = await test.db
			.selectFrom('person')
			.select(['status'])
			.where('id', '=', invited)
			.executeTakeFirstOrThrow();
		expect(person.status).toBe('active');
		expect(await sessionsOf(invited)).toEqual([{ authMethod: 'oidc', providerMfa: false }]);
		const identity = await test.db
			.selectFrom('oidcIdentity')
			.selectAll()
			.where('personId', '=', invited)
			.executeTakeFirstOrThrow();
		expect(identity).toMatchObject({
			issuer: provider.issuer,
			subject: 'ivy-1',
			email: 'ivy.invited@northshire.example'
		});
		expect(await auditOf('auth.sso-linked')).toEqual([
			{
				actorId: invited,
				recordId: invited,
				detail: { email: 'ivy.invited@northshire.example', issuer: provider.issuer },
				address
			}
		]);
		expect((await auditOf('person.invitation-accepted')).map((e) => e.recordId)).toEqual([invited]);
		// Their invitation link can no longer set up the account a second time.
		const link = await test.db
			.selectFrom('accountLink')
			.select('usedAt')
			.where('personId', '=', invited)
			.executeTakeFirstOrThrow();
		expect(link.usedAt).toBeInstanceOf(Date);
	});

	it('signs the same person in by their identity after the provider changes their email, and audits the change', async () => {
		const { secret, callback } = await signInThrough({
			email: 'ivy.new-name@northshire.example',
			account: 'ivy-1',
			mfa: true
		});
		const result = await finish(secret, callback);
		expect(result).toMatchObject({ ok: true, personId: invited, linked: false });
		const identity = await test.db
			.selectFrom('oidcIdentity')
			.select(['email'])
			.where('personId', '=', invited)
			.executeTakeFirstOrThrow();
		expect(identity.email).toBe('ivy.new-name@northshire.example');
		expect(await auditOf('auth.sso-email-changed')).toEqual([
			{
				actorId: invited,
				recordId: invited,
				detail: { email: 'ivy.new-name@northshire.example', issuer: provider.issuer },
				address
			}
		]);
		// The provider said a second factor was used, and the session says so.
		expect(await sessionsOf(invited)).toContainEqual({ authMethod: 'oidc', providerMfa: true });
	});

	it('refuses an identity whose email matches no one, says what to do, and audits it', async () => {
		const before = await test.db.selectFrom('session').select('id').execute();
		const { secret, callback } = await signInThrough({ email: 'stranger@northshire.example' });
		const result = await finish(secret, callback);
		expect(result).toMatchObject({ ok: false, refusal: 'unmatched' });
		if (!result.ok) expect(result.message).toMatch(/Ask your coordinator to invite you/);
		expect(await test.db.selectFrom('session').select('id').execute()).toHaveLength(before.length);
		expect(
			await test.db.selectFrom('oidcIdentity').select('id').where('email', '=', 'stranger@northshire.example').execute()
		).toEqual([]);
		const refusals = await auditOf('auth.sso-refused');
		expect(refusals.at(-1)).toMatchObject({
			actorId: null,
			detail: { reason: 'unmatched', email: 'stranger@northshire.example', issuer: provider.issuer },
			address
		});
	});

	it('does not link by an email the provider has not verified, nor one outside the service’s domains', async () => {
		const unverified = await signInThrough({ email: 'sam.staff@northshire.example', verified: false });
		expect(await finish(unverified.secret, unverified.callback)).toMatchObject({
			ok: false,
			refusal: 'email-unverified'
		});
		const elsewhere = await signInThrough({ email: 'sam.staff@gmail.example' });
		expect(await finish(elsewhere.secret, elsewhere.callback)).toMatchObject({ ok: false, refusal: 'email-domain' });
		expect(await sessionsOf(active)).toEqual([]);
		expect(await test.db.selectFrom('oidcIdentity').select('id').where('personId', '=', active).execute()).toEqual([]);
		expect((await auditOf('auth.sso-refused')).slice(-2).map((e) => e.detail.reason)).toEqual([
			'email-unverified',
			'email-domain'
		]);
	});

	it('refuses someone whose account has been deactivated', async () => {
		const { secret, callback } = await signInThrough({ email: 'fran.former@northshire.example' });
		expect(await finish(secret, callback)).toMatchObject({ ok: false, refusal: 'inactive' });
		expect(await sessionsOf(former)).toEqual([]);
		expect((await auditOf('auth.sso-refused')).at(-1)).toMatchObject({
			recordId: former,
			detail: { reason: 'inactive' }
		});
	});

	it('refuses an answer whose state is not the one sent, and audits it', async () => {
		const { secret, callback } = await signInThrough({ email: 'sam.staff@northshire.example', account: 'sam-1' });
		const forged = new URL(callback);
		forged.searchParams.set('state', 'a-state-this-browser-never-sent');
		const result = await finish(secret, forged);
		expect(result).toMatchObject({ ok: false, refusal: 'invalid-response' });
		expect(await sessionsOf(active)).toEqual([]);
		expect((await auditOf('auth.sso-refused')).at(-1)).toMatchObject({ detail: { reason: 'invalid-response' } });
	});

	it('signs in once per answer: a replayed answer, or its code under a new sign-in, is refused', async () => {
		const { secret, callback } = await signInThrough({ email: 'sam.staff@northshire.example', account: 'sam-1' });
		expect(await finish(secret, callback)).toMatchObject({ ok: true, personId: active, linked: true });
		// The same answer again, from the same browser.
		expect(await finish(secret, callback)).toMatchObject({ ok: false, refusal: 'no-request' });
		// The same code, fitted to a sign-in started afresh: the provider will not exchange it twice.
		const fresh = await startSignOn(test.db, sso, '/');
		if (!fresh.ok) throw new Error('the provider did not answer');
		const replayed = new URL(callback);
		replayed.searchParams.set('state', fresh.url.searchParams.get('state')!);
		expect(await finish(fresh.secret, replayed)).toMatchObject({ ok: false, refusal: 'invalid-response' });
		// An answer with no sign-in waiting for it in this browser.
		expect(await finish(undefined, callback)).toMatchObject({ ok: false, refusal: 'no-request' });
		expect(await sessionsOf(active)).toHaveLength(1);
		expect((await auditOf('auth.sso-refused')).slice(-3).map((e) => e.detail.reason)).toEqual([
			'no-request',
			'invalid-response',
			'no-request'
		]);
	});

	it('lets one browser sign in as one person and then another at the provider', async () => {
		const browser = new Map<string, string>();
		const first = await signInThrough({ email: 'sam.staff@northshire.example', account: 'sam-1' }, sso, browser);
		expect(await finish(first.secret, first.callback)).toMatchObject({ ok: true, personId: active });
		const second = await signInThrough({ email: 'ivy.new-name@northshire.example', account: 'ivy-1' }, sso, browser);
		expect(await finish(second.secret, second.callback)).toMatchObject({ ok: true, personId: invited });
	});

	it('refuses a code the provider issued to another client (the wrong audience)', async () => {
		const elsewhere = await signInThrough({ email: 'sam.staff@northshire.example', account: 'sam-1' }, other);
		const mine = await startSignOn(test.db, sso, '/');
		if (!mine.ok) throw new Error('the provider did not answer');
		const swapped = new URL(elsewhere.callback);
		swapped.searchParams.set('state', mine.url.searchParams.get('state')!);
		expect(await finish(mine.secret, swapped)).toMatchObject({ ok: false, refusal: 'invalid-response' });
		expect((await auditOf('auth.sso-refused')).at(-1)).toMatchObject({ detail: { reason: 'invalid-response' } });
	});

	it('says so plainly when the provider is down, before and during a sign-in', async () => {
		const down = await startDemoProvider({
			port: 0,
			clients: [{ clientId: 'impartial', clientSecret: 'x', redirectUri }]
		});
		const env = { OIDC_ISSUER: down.issuer, OIDC_CLIENT_ID: 'impartial', OIDC_CLIENT_SECRET: 'x' };
		const flaky = singleSignOnFrom(env, { singleSignOn: rules }, origin)!;
		const started = await startSignOn(test.db, flaky, '/');
		expect(started.ok).toBe(true);
		await down.close();
		// The provider went away while the person was signing in there.
		const during = await finishSignOn(test.db, flaky, {
			secret: started.ok ? started.secret : undefined,
			currentUrl: new URL(
				`${redirectUri}?code=abc&state=${started.ok ? started.url.searchParams.get('state') : ''}&iss=${encodeURIComponent(down.issuer)}`
			),
			address,
			sessionDays: 14
		});
		expect(during).toMatchObject({ ok: false, refusal: 'unavailable' });
		if (!during.ok) expect(during.message).toMatch(/not answering/);
		// A provider never reached at all.
		const gone = singleSignOnFrom(
			{ ...env, OIDC_ISSUER: `http://localhost:${down.port}/never` },
			{ singleSignOn: rules },
			origin
		)!;
		expect(await startSignOn(test.db, gone, '/')).toEqual({ ok: false, problem: 'unavailable' });
	});

	it('refuses a password for an email the service signs in through its provider, and audits it', async () => {
		const message = await refusePasswordSignIn(test.db, rules, 'Sam.Staff@northshire.example', address);
		expect(message).toBe(
			'Your service signs in everyone with an @northshire.example email address through its own sign-in. Use the "Sign in with Northshire Council" button below instead of a password.'
		);
		expect((await auditOf('auth.sign-in-refused')).at(-1)).toMatchObject({
			detail: { email: 'sam.staff@northshire.example', reason: 'single sign-on required' }
		});
		expect(await refusePasswordSignIn(test.db, rules, 'someone@elsewhere.example', address)).toBeUndefined();
		expect(
			await refusePasswordSignIn(
				test.db,
				{ ...rules, requiredForStaff: false },
				'sam.staff@northshire.example',
				address
			)
		).toBeUndefined();
	});
});
