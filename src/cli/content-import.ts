// npm run content:import -- /path/to/folder --as coordinator@example.org: loads a content/ tree
// (an export, or the service's own folder under version control) into the service. It is checked
// whole first, with what is published around it, and refused with every problem as
// path:line: message if anything is wrong; otherwise every file that differs is published at once,
// in the name of the coordinator or editor given, and every instance serves it on its next page.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { importTree, treeOf } from '../lib/server/authoring';
import { folderSource } from '../lib/server/content/source';
import { can } from '../lib/server/auth/permissions';
import { findPerson, findPersonByEmail } from '../lib/server/people';
import { readArgs } from './args';
import { openMigratedDatabase } from './database';

const target = process.argv[2];
const args = readArgs(process.argv.slice(3));
if (!target || target.startsWith('--') || !args.as) {
	console.error('Usage: npm run content:import -- /path/to/content --as coordinator@example.org');
	process.exit(2);
}
const folder = resolve(target);
if (!existsSync(folder) || !statSync(folder).isDirectory()) {
	console.error(`${folder} is not a folder.`);
	process.exit(2);
}
const { db } = await openMigratedDatabase();
try {
	const found = await findPersonByEmail(db, args.as);
	const person = found && (await findPerson(db, found.id));
	const actor = person?.status === 'active' ? person : undefined;
	if (!actor || !can(actor, 'content.edit')) {
		console.error(`No active coordinator or editor has the email ${args.as}: nothing was imported.`);
		process.exit(1);
	}
	const result = await importTree(db, treeOf(folderSource(folder)), {
		actorId: actor.id,
		summary: args.summary ?? `Imported from a content folder by ${actor.name}`
	});
	if (!result.imported) {
		console.error('Nothing was imported. Fix these problems first:');
		for (const p of result.problems) console.error(`${p.file}:${p.line}: ${p.message}`);
		process.exit(1);
	}
	if (!result.changed.length) console.log('Every file is already as published: nothing changed.');
	else {
		console.log(`Published ${result.changed.length} changed files:`);
		for (const path of result.changed) console.log(`  ${path}`);
	}
} finally {
	await db.destroy();
}
