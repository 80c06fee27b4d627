// npm run retention: removes what has passed the retention periods in content/service.yml, and
// anonymises people who left long enough ago. `npm run retention -- --dry-run` shows what would
// go and changes nothing; add `--list` to print the id of each record.
import { loadContent } from '../lib/server/content';
import { ContentError } from '../lib/server/content/problems';
import { retentionPeriods } from '../lib/server/content/service';
import { runRetention, type RetentionCounts } from '../lib/server/retention';
import { readArgs } from './args';
import { openMigratedDatabase } from './database';

const labels: Record<keyof RetentionCounts, string> = {
	supervisionRecords: 'supervision, observation and review records and casework samples',
	recordNotes: 'comments and addenda on them',
	agreedActions: 'actions agreed in them',
	caseworkSamples: 'casework sample draws',
	sampledCases: 'sampled cases',
	quizAttempts: 'quiz attempts',
	quizAnswers: 'quiz answers',
	auditEvents: 'audit log entries',
	peopleAnonymised: 'people who left, anonymised',
	auditEntriesRedacted: 'audit log entries with their email address taken out'
};

const args = readArgs();
const dryRun = args['dry-run'] === 'true';
let content;
try {
	content = loadContent();
} catch (err) {
	if (err instanceof ContentError) {
		console.error(`Fix these problems in content/ first:\n${err.message}`);
		process.exit(1);
	}
	throw err;
}
const { db, description } = await openMigratedDatabase();
try {
	const run = await runRetention(db, retentionPeriods(content.service), { dryRun });
	console.log(`${description}: ${dryRun ? 'dry run, nothing changed. A real run would remove or anonymise:' : 'retention applied. Removed or anonymised:'}`);
	for (const [key, label] of Object.entries(labels) as [keyof RetentionCounts, string][]) console.log(`  ${String(run.counts[key]).padStart(7)}  ${label}`);
	if (args.list === 'true') for (const item of run.items) console.log(`${item.type} ${item.id}`);
} finally {
	await db.destroy();
}
