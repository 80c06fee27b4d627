// npm run reminders: sends the policy reminders that are due today. Safe to run as often as you like.
import { sendPolicyReminders } from '../lib/server/policies/reminders';
import { openMigratedDatabase } from './database';
import { loadContentOrExit } from './content';

const content = loadContentOrExit();
const { db, description } = await openMigratedDatabase();
try {
	const run = await sendPolicyReminders(db, content, process.env.ORIGIN ?? 'http://localhost:3000');
	const where = process.env.SMTP_URL ? 'by email' : 'to the outbox (SMTP_URL is not set)';
	console.log(
		`${description}: ${run.reminders} reminder(s) in ${run.emails} email(s) sent ${where}; ${run.waiting} waiting for tomorrow.`
	);
} finally {
	await db.destroy();
}
