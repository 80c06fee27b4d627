// npm run reminders: sends the policy reminders that are due today. Safe to run as often as you like.
import { readOrigin } from '../lib/server/origin';
import { mailMode } from '../lib/server/mail';
import { sendPolicyReminders } from '../lib/server/policies/reminders';
import { openMigratedDatabase } from './database';
import { servedContentOrExit } from './content';

// Reminders link to the service, so the service's public address must be known before anything is sent.
const origin = readOrigin(process.env);
if (!origin.ok) {
	console.error(`Reminders were not sent. ${origin.problem}\nSet it as the server has it, and run this again.`);
	process.exit(2);
}
const { db, description } = await openMigratedDatabase();
try {
	// Policies published in the service's own authoring area, not only the shipped files.
	const content = await servedContentOrExit(db);
	const run = await sendPolicyReminders(db, content, origin.origin);
	const mode = mailMode();
	const where =
		mode === 'smtp'
			? 'by email (the outbox shows any the mail server did not take)'
			: mode === 'off'
				? 'to the outbox only (MAIL_DISABLED is set)'
				: 'to the outbox (SMTP_URL is not set)';
	console.log(
		`${description}: ${run.reminders} reminder(s) in ${run.emails} email(s) sent ${where}; ${run.waiting} waiting for tomorrow.`
	);
} finally {
	await db.destroy();
}
