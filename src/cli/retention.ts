// npm run retention: deletes or anonymises what has passed the retention periods in
// content/service.yml, keeping what the reports count. `npm run retention -- --dry-run` shows
// what would change and changes nothing; add `--list` to print the id of each record.
import { retentionPeriods } from '../lib/server/content/service';
import { runRetention, type RetentionCounts } from '../lib/server/retention';
import { readArgs } from './args';
import { openMigratedDatabase } from './database';
import { loadContentOrExit } from './content';

const labels: Record<keyof RetentionCounts, string> = {
	supervisionRecordsAnonymised:
		'supervision, observation, review and casework sample records of leavers, reduced to what reports count',
	recordNotesDeleted: 'comments and addenda on them, deleted',
	agreedActionsDeleted: 'actions agreed in them, deleted',
	caseworkDrawsDeleted: 'casework sample draws, deleted',
	sampledCasesAnonymised: 'sampled cases, kept for their grades without reference, comment or setting',
	quizAttemptsAnonymised: 'quiz attempts, kept with their answers but no longer linked to the person',
	auditEventsDeleted: 'audit log entries, deleted',
	peopleAnonymised: 'people who left, anonymised',
	auditEntriesRedacted: 'audit log entries with their email address taken out',
	feedbackCommentsDeleted: "families' comments past their retention period, deleted"
};

const args = readArgs();
const dryRun = args['dry-run'] === 'true';
const content = loadContentOrExit();
const { db, description } = await openMigratedDatabase('retention');
try {
	const run = await runRetention(db, retentionPeriods(content.service), { dryRun });
	console.log(
		`${description}: ${dryRun ? 'dry run, nothing changed. A real run would change:' : 'retention applied:'}`
	);
	for (const [key, label] of Object.entries(labels) as [keyof RetentionCounts, string][])
		console.log(`  ${String(run.counts[key]).padStart(7)}  ${label}`);
	if (args.list === 'true') for (const item of run.items) console.log(`${item.type} ${item.id}`);
} finally {
	await db.destroy();
}
