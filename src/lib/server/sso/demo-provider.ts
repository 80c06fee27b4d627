// A real OpenID provider (oidc-provider) on a local port, for the demo (DEMO_SSO=1) and the tests.
// Its sign-in page takes any email address: an account is made for a new one, and an account id
// typed beside an address changes that account's email, as an organisation's directory might.
// Never used by the service itself: oidc-provider is a development dependency.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Provider, { interactionPolicy } from 'oidc-provider';

export interface ProviderAccount {
	sub: string;
	email: string;
	emailVerified: boolean;
}

export interface ProviderClient {
	clientId: string;
	clientSecret: string;
	redirectUri: string;
}

export interface DemoProvider {
	issuer: string;
	port: number;
	/** Accounts by subject: a test may change one, as the organisation's directory would. */
	accounts: Map<string, ProviderAccount>;
	close(): Promise<void>;
}

const escapeHtml = (s: string) =>
	s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function signInPage(uid: string, problem?: string): string {
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo organisation sign-in</title>
<style>body{font-family:sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;line-height:1.5}label{display:block;margin-top:1rem;font-weight:bold}input[type=email],input[type=text]{width:100%;padding:.4rem;font-size:1rem;box-sizing:border-box}.check label{display:inline;font-weight:normal}button{margin-top:1.5rem;padding:.5rem 1rem;font-size:1rem}p.problem{color:#b00;font-weight:bold}</style>
</head><body><main>
<h1>Demo organisation sign-in</h1>
<p>This stands in for an organisation's own sign-in, such as Microsoft Entra ID or Google Workspace. No password is asked for.</p>
${problem ? `<p class="problem" role="alert">${escapeHtml(problem)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}">
<label for="email">Email address</label>
<input id="email" name="email" type="email" autocomplete="off" spellcheck="false">
<label for="account">Account id (optional)</label>
<p id="account-hint">To sign in to an existing account with a new email address, give its id.</p>
<input id="account" name="account" type="text" aria-describedby="account-hint" autocomplete="off">
<p class="check"><input id="verified" name="verified" type="checkbox" value="yes" checked> <label for="verified">The email address is verified</label></p>
<p class="check"><input id="mfa" name="mfa" type="checkbox" value="yes"> <label for="mfa">I used a second factor</label></p>
<button type="submit">Sign in</button>
</form></main></body></html>`;
}

async function readBody(req: IncomingMessage): Promise<URLSearchParams> {
	let body = '';
	for await (const chunk of req) {
		body += chunk;
		if (body.length > 10_000) break;
	}
	return new URLSearchParams(body);
}

/** Starts the provider on 127.0.0.1 at `port` (0 for any free one), with the clients given. */
export async function startDemoProvider(options: { port: number; clients: ProviderClient[] }): Promise<DemoProvider> {
	const accounts = new Map<string, ProviderAccount>();
	// The issuer must name the port, which is known only once listening when 0 is asked for.
	const server = createServer();
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	const issuer = `http://localhost:${port}`;

	const policy = interactionPolicy.base();
	// Every sign-in asks who is signing in, so that one browser can try several people in turn.
	policy
		.get('login')
		.checks.unshift(
			new interactionPolicy.Check('demo_always', 'the demo provider asks every time', (ctx) =>
				ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT
			)
		);

	const provider = new Provider(issuer, {
		clients: options.clients.map((c) => ({
			client_id: c.clientId,
			client_secret: c.clientSecret,
			redirect_uris: [c.redirectUri],
			token_endpoint_auth_method: 'client_secret_post',
			grant_types: ['authorization_code'],
			response_types: ['code']
		})),
		// Entra ID and Google put the email in the ID token; so does this provider.
		conformIdTokenClaims: false,
		claims: { openid: ['sub', 'amr', 'acr', 'auth_time', 'sid'], email: ['email', 'email_verified'] },
		features: { devInteractions: { enabled: false } },
		interactions: { policy, url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
		cookies: { keys: [randomBytes(32).toString('hex')] },
		// The service is the provider's own first-party client: no consent screen.
		async loadExistingGrant(ctx: import('oidc-provider').ProviderContext) {
			const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
			if (grantId) {
				const found = await ctx.oidc.provider.Grant.find(grantId);
				if (found) return found;
			}
			const grant = new ctx.oidc.provider.Grant({
				clientId: ctx.oidc.client.clientId,
				accountId: ctx.oidc.session.accountId
			});
			grant.addOIDCScope('openid email profile');
			await grant.save();
			return grant;
		},
		async findAccount(_ctx: unknown, sub: string) {
			const account = accounts.get(sub);
			if (!account) return undefined;
			return {
				accountId: sub,
				claims: async () => ({ sub, email: account.email, email_verified: account.emailVerified })
			};
		},
		ttl: { Session: 60, Interaction: 600, AuthorizationCode: 60, IdToken: 600, AccessToken: 600, Grant: 600 }
	});
	const handle = provider.callback();

	async function interaction(req: IncomingMessage, res: ServerResponse, uid: string) {
		const html = (status: number, body: string) => {
			res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
			res.end(body);
		};
		let details;
		try {
			details = await provider.interactionDetails(req, res);
		} catch {
			return html(
				400,
				'<!doctype html><html lang="en"><title>Sign-in expired</title><h1>This sign-in has expired</h1></html>'
			);
		}
		if (details.uid !== uid)
			return html(
				400,
				'<!doctype html><html lang="en"><title>Sign-in expired</title><h1>This sign-in has expired</h1></html>'
			);
		if (req.method !== 'POST') return html(200, signInPage(uid));
		const form = await readBody(req);
		const email = (form.get('email') ?? '').trim();
		const id = (form.get('account') ?? '').trim();
		if (!/^[^@\s]+@[^@\s]+$/.test(email)) return html(400, signInPage(uid, 'Enter an email address'));
		let account = id
			? accounts.get(id)
			: [...accounts.values()].find((a) => a.email.toLowerCase() === email.toLowerCase());
		if (!account) {
			account = { sub: id || `demo-${randomBytes(6).toString('hex')}`, email, emailVerified: true };
			accounts.set(account.sub, account);
		}
		account.email = email;
		account.emailVerified = form.get('verified') === 'yes';
		const mfa = form.get('mfa') === 'yes';
		await provider.interactionFinished(
			req,
			res,
			{ login: { accountId: account.sub, amr: mfa ? ['pwd', 'mfa'] : ['pwd'], remember: false } },
			{ mergeWithLastSubmission: false }
		);
	}

	server.on('request', (req, res) => {
		const match = /^\/interaction\/([\w-]+)$/.exec(req.url ?? '');
		if (match) {
			interaction(req, res, match[1]!).catch(() => {
				if (!res.headersSent) res.writeHead(500);
				res.end();
			});
			return;
		}
		// Each sign-in starts without the provider's earlier session, so that the next person signing
		// in on this browser is not first asked to sign the previous one out.
		if (/^\/auth(\/|\?|$)/.test(req.url ?? '') && req.headers.cookie)
			req.headers.cookie = req.headers.cookie
				.split(/;\s*/)
				.filter((c) => !c.startsWith('_session'))
				.join('; ');
		handle(req, res);
	});

	return {
		issuer,
		port,
		accounts,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}
