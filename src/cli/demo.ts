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
// Room for a 10 MB file of people to import, with the form around it.
process.env.BODY_SIZE_LIMIT ??= '11M';
if (process.env.DATABASE_URL && !process.env.DEMO_ALLOW_DATABASE_URL) {
	console.error(
		'npm run demo uses the embedded database. Unset DATABASE_URL, or set DEMO_ALLOW_DATABASE_URL=1 to seed a PostgreSQL database that has no people in it yet.'
	);
	process.exit(1);
}
console.log(`Starting the demo on ${process.env.ORIGIN} ...`);
// The built server starts listening when imported.
await import(new URL('../../build/index.js', import.meta.url).href);
