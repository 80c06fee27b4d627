// npm run content:init -- /srv/impartial/content: starts the service's own content folder as a copy
// of the library shipped with the app, to edit and keep under the service's own version control.
// The app's content/ is the library and the demo: an upgrade replaces it, and never the copy.
import { cpSync, existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Two folders up from this file, built (build/cli/) or not (src/cli/), is the app's own folder.
const library = fileURLToPath(new URL('../../content', import.meta.url));
const target = process.argv[2];
if (!target || target.startsWith('--')) {
	console.error('Usage: npm run content:init -- /path/to/the/service/content');
	console.error('Copies the content shipped with Impartial there; then set CONTENT_DIR to that folder.');
	process.exit(2);
}
const folder = resolve(target);
if (folder === resolve(library) || folder.startsWith(`${resolve(library)}/`)) {
	console.error(
		`${folder} is inside the app's own content/, which an upgrade replaces. Choose a folder outside the app.`
	);
	process.exit(2);
}
if (existsSync(folder) && readdirSync(folder).length > 0) {
	console.error(`${folder} already has files in it: nothing was copied, so nothing of yours was overwritten.`);
	process.exit(1);
}
cpSync(library, folder, { recursive: true });
console.log(`Copied the shipped content to ${folder}.`);
console.log('Edit service.yml there (name, logo, colour, contact address, sender, time zone), then:');
console.log(`  CONTENT_DIR=${folder} npm run content:check`);
console.log('and set CONTENT_DIR for the server and the commands.');
