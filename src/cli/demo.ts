// npm run demo: serves the built app with a seeded demo service on the embedded database.
import { existsSync } from 'node:fs';

if (!existsSync('build/index.js')) {
	console.error('The app is not built yet: run `npm run build` first (npm run demo does both).');
	process.exit(1);
}
const port = process.env.PORT ?? '3000';
process.env.PORT = port;
process.env.ORIGIN ??= `http://localhost:${port}`;
process.env.DEMO_MODE = 'true';
if (process.env.DATABASE_URL && !process.env.DEMO_ALLOW_DATABASE_URL) {
	console.error(
		'npm run demo uses the embedded database. Unset DATABASE_URL, or set DEMO_ALLOW_DATABASE_URL=1 to seed a PostgreSQL database that has no people in it yet.'
	);
	process.exit(1);
}
if (process.env.DEMO_SSO === '1') {
	// A real OpenID provider in this process, standing in for an organisation's Entra ID or Google
	// Workspace; loaded only here, since the provider package is for development only.
	const { randomBytes } = await import('node:crypto');
	const { startDemoProvider } = await import('../lib/server/sso/demo-provider');
	const clientSecret = randomBytes(24).toString('base64url');
	const provider = await startDemoProvider({
		port: Number(process.env.DEMO_SSO_PORT ?? Number(port) + 1000),
		clients: [
			{
				clientId: 'impartial-demo',
				clientSecret,
				redirectUri: new URL('/sign-in/sso/callback', process.env.ORIGIN).href
			}
		]
	});
	Object.assign(process.env, {
		OIDC_ISSUER: provider.issuer,
		OIDC_CLIENT_ID: 'impartial-demo',
		OIDC_CLIENT_SECRET: clientSecret
	});
	process.once('sveltekit:shutdown', () => void provider.close());
	console.log(`A demo OpenID provider is at ${provider.issuer}: sign in with any @demo.test address.`);
}
console.log(`Starting the demo on ${process.env.ORIGIN} ...`);
// The built server starts listening when imported.
await import(new URL('../../build/index.js', import.meta.url).href);
