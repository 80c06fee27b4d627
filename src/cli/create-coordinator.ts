// npm run create-coordinator -- --email E --name N: makes the first account of a new service.
import { createInterface } from 'node:readline/promises';
import { z } from 'zod';
import { createCoordinator } from '../lib/server/auth/account';
import { newPasswordSchema } from '../lib/server/auth/password';
import { emailField, nameField } from '../lib/server/people/schemas';
import { readArgs } from './args';
import { openMigratedDatabase } from './database';

const schema = z.object({ email: emailField(), name: nameField, password: newPasswordSchema });

async function askPassword(): Promise<string> {
	if (process.env.COORDINATOR_PASSWORD) return process.env.COORDINATOR_PASSWORD;
	// Without a terminal there is no one to ask: say so, rather than wait or end in silence.
	if (!process.stdin.isTTY) {
		console.error(
			'No password given: set COORDINATOR_PASSWORD (at least 10 characters), or run this in a terminal to be asked for it.'
		);
		process.exit(2);
	}
	const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
	const answer = await rl.question('Password for the new coordinator (at least 10 characters): ');
	rl.close();
	return answer;
}

const args = readArgs();
if (!args.email || !args.name) {
	console.error('Usage: npm run create-coordinator -- --email you@example.org --name "Your Name"');
	console.error('The password is asked for, or read from COORDINATOR_PASSWORD.');
	process.exit(2);
}
const parsed = schema.safeParse({ email: args.email, name: args.name, password: await askPassword() });
if (!parsed.success) {
	for (const issue of parsed.error.issues) console.error(`${String(issue.path[0])}: ${issue.message}`);
	process.exit(2);
}
const { db, description } = await openMigratedDatabase();
try {
	const id = await createCoordinator(db, parsed.data);
	console.log(`Created coordinator ${parsed.data.name} <${parsed.data.email}> (${id}) in ${description}.`);
} catch (err) {
	const message = (err as Error).message;
	console.error(
		/unique|duplicate/i.test(message) ? `Someone with ${parsed.data.email} already has an account.` : message
	);
	process.exitCode = 1;
} finally {
	await db.destroy();
}
