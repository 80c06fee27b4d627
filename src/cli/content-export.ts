// npm run content:export -- /path/to/folder: writes the content the service publishes (its own
// edits and the shipped library it follows) as a content/ tree, which content:check accepts and
// content:import loads again: for the service's own backups or version control.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { latestPublicationId, publishedTree } from '../lib/server/authoring';
import { openMigratedDatabase } from './database';

const target = process.argv[2];
if (!target || target.startsWith('--')) {
	console.error('Usage: npm run content:export -- /path/to/an/empty/folder');
	process.exit(2);
}
const folder = resolve(target);
if (existsSync(folder) && readdirSync(folder).length > 0) {
	console.error(`${folder} already has files in it: choose an empty or new folder, so nothing is overwritten.`);
	process.exit(1);
}
const { db } = await openMigratedDatabase();
try {
	if ((await latestPublicationId(db)) === null) {
		console.error('The database holds no content yet: start the server once, and it fills it from content/.');
		process.exit(1);
	}
	const tree = await publishedTree(db);
	for (const [path, file] of [...tree].sort(([a], [b]) => a.localeCompare(b))) {
		const to = join(folder, path);
		mkdirSync(dirname(to), { recursive: true });
		writeFileSync(to, file);
	}
	console.log(`Wrote ${tree.size} files to ${folder}.`);
	console.log(`Check them with: CONTENT_DIR=${folder} npm run content:check`);
} finally {
	await db.destroy();
}
