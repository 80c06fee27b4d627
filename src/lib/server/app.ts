// The running app: content and database opened once at start-up, closed on shutdown.
import { building } from '$app/environment';
import { loadContent, setContent, type Content } from './content';
import { ContentError } from './content/problems';
import { createDatabase, databaseOptionsFromEnv, describeDatabase, type Database, type DatabaseOptions } from './db';
import { bundledMigrations, prepareDatabase } from './db/migrate';
import { probeDatabase, untilDatabaseAnswers, type Waiting } from './db/start';
import { listenForChanges, type ChangeListener } from './db/changes';
import { seedDemo, demoSignIns } from './demo/seed';
import { registerModuleVersions } from './induction';
import { registerQuizVersions } from './quizzes';
import { registerPolicyVersions } from './policies';
import { sendPolicyReminders } from './policies/reminders';
import { declineUnapprovedAfterClosing } from './courses';
import { retentionPeriods } from './content/service';
import { runRetention } from './retention';

let database: Database | undefined;
let changeListener: ChangeListener | undefined;
let moduleVersionIds = new Map<string, string>();
let quizVersionIds = new Map<string, string>();
let policyVersionIds = new Map<string, string>();

/** The registered id of a policy version, by its content hash. */
export function policyVersionId(hash: string): string {
	const id = policyVersionIds.get(hash);
	if (!id) throw new Error('policy version is not registered');
	return id;
}

/** The registered version id of a quiz's current text. */
export function currentQuizVersionId(slug: string): string {
	const id = quizVersionIds.get(slug);
	if (!id) throw new Error(`quiz ${slug} is not registered`);
	return id;
}

/** The registered version id of a module's current text. */
export function currentModuleVersionId(slug: string): string {
	const id = moduleVersionIds.get(slug);
	if (!id) throw new Error(`module ${slug} is not registered`);
	return id;
}

export function db(): Database {
	if (!database) throw new Error('the database is not open yet');
	return database;
}

/** Stops start-up with a message a person can act on, rather than a stack trace. */
function refuseToStart(message: string): never {
	console.error(`\nImpartial cannot start.\n${message}\n`);
	process.exit(1);
}

function checkOrigin(env: NodeJS.ProcessEnv) {
	if (env.ORIGIN || env.PROTOCOL_HEADER || env.HOST_HEADER) return;
	refuseToStart(
		'ORIGIN is not set, so every form would be refused as cross-site.\n' +
			'Set it to the address people use, for example ORIGIN=https://training.example.org\n' +
			'(behind a reverse proxy you may set PROTOCOL_HEADER and HOST_HEADER instead).'
	);
}

export async function startApp(options: { production: boolean }): Promise<Content> {
	let content: Content;
	try {
		content = loadContent();
	} catch (err) {
		if (err instanceof ContentError) refuseToStart(`Fix these problems in content/ and start again:\n${err.message}`);
		throw err;
	}
	setContent(content);
	if (building) return content;
	if (options.production) checkOrigin(process.env);
	process.once('sveltekit:shutdown', () => void closeApp());

	const dbOptions = databaseOptionsFromEnv();
	// A database that does not answer yet (behind an orchestrator, it may start after the app) is
	// asked again and again, with back-off; meanwhile every page and /healthz answer 503. The first
	// try is awaited, so a server whose database is there serves only once it is ready.
	waiting = untilDatabaseAnswers(() => openDatabase(dbOptions, content), {
		describe: describeDatabase(dbOptions),
		retry: !!dbOptions.url,
		onFatal: (message) => refuseToStart(message)
	});
	await waiting.firstTry;
	return content;
}

let waiting: Waiting | undefined;

/** Whether the database is open and the app is ready to serve. */
export const appReady = () => database !== undefined;

/** Migrates, registers content and starts the jobs; only then is the database the app's to use. */
async function openDatabase(dbOptions: DatabaseOptions, content: Content): Promise<void> {
	if (dbOptions.url) await probeDatabase(dbOptions.url);
	const opened = createDatabase(dbOptions);
	let listener: ChangeListener | undefined;
	try {
		const applied = await prepareDatabase(opened, dbOptions, bundledMigrations());
		if (applied.length) console.log(`Applied ${applied.length} migration(s) to ${describeDatabase(dbOptions)}`);
		// On PostgreSQL, hear the changes other instances make, so kept values need no check per request.
		if (dbOptions.url) listener = await listenForChanges(opened, dbOptions.url);
		moduleVersionIds = await registerModuleVersions(opened, content.modules);
		quizVersionIds = await registerQuizVersions(opened, content.quizzes);
		policyVersionIds = await registerPolicyVersions(opened, content.policies);
		if (process.env.DEMO_MODE === 'true') {
			if (await seedDemo(opened, content)) console.log('Seeded the demo service.');
			console.log(demoSignIns());
		}
	} catch (err) {
		await Promise.all([listener?.close(), opened.destroy()]);
		throw err;
	}
	// Shut down while opening: nothing is to start now.
	if (closed) {
		await Promise.all([listener?.close(), opened.destroy()]);
		return;
	}
	database = opened;
	changeListener = listener;
	startHourlyJobs(content);
	startDailyJobs(content, dbOptions);
}

let running: Promise<unknown> | undefined;
let firstRun: ReturnType<typeof setTimeout> | undefined;
let hourly: NodeJS.Timeout | undefined;

/** Reminders run every hour; each run is idempotent, so several instances may all run them. */
function startHourlyJobs(content: Content) {
	const origin = process.env.ORIGIN ?? 'http://localhost:3000';
	const run = () => {
		if (running || !database) return;
		const db = database;
		running = Promise.all([
			sendPolicyReminders(db, content, origin)
				.then((r) => r.emails && console.log(`Sent ${r.reminders} policy reminder(s) in ${r.emails} email(s).`))
				.catch((err) => console.error('policy reminders failed:', (err as Error).message)),
			declineUnapprovedAfterClosing(db, content.service)
				.then((n) => n && console.log(`Declined ${n} course request(s) left unapproved when registration closed.`))
				.catch((err) => console.error('closing course registrations failed:', (err as Error).message))
		]).finally(() => (running = undefined));
	};
	hourly = setInterval(run, 60 * 60 * 1000);
	hourly.unref();
	firstRun = setTimeout(run, 30_000);
	firstRun.unref();
}

let retaining: Promise<unknown> | undefined;
let stopRetention: AbortController | undefined;
let firstRetention: ReturnType<typeof setTimeout> | undefined;
let daily: NodeJS.Timeout | undefined;

/**
 * Retention runs once a day, a few minutes after start-up and then every 24 hours. A run is one
 * transaction and idempotent: several instances may all run it, and one stopped by shutdown is
 * rolled back whole and done again next time.
 */
function startDailyJobs(content: Content, dbOptions: DatabaseOptions) {
	const run = () => {
		if (retaining || !database) return;
		const stop = (stopRetention = new AbortController());
		// The retention role is the only one the guards let through; without one, the app's own
		// connection (the one-role setup) does the work.
		const own = dbOptions.retentionUrl ? createDatabase({ url: dbOptions.retentionUrl, poolSize: 1 }) : undefined;
		retaining = runRetention(own ?? database, retentionPeriods(content.service), { signal: stop.signal })
			.then(({ counts }) => {
				const changed = Object.entries(counts).filter(([, n]) => n > 0);
				if (changed.length) console.log(`Retention: ${changed.map(([what, n]) => `${n} ${what}`).join(', ')}.`);
			})
			.catch((err) => {
				if (!stop.signal.aborted) console.error('retention failed:', (err as Error).message);
			})
			.finally(() => {
				retaining = undefined;
				void own?.destroy();
			});
	};
	daily = setInterval(run, 24 * 60 * 60 * 1000);
	daily.unref();
	firstRetention = setTimeout(run, 5 * 60_000);
	firstRetention.unref();
}

let inFlight = 0;
let drained: (() => void) | undefined;

/**
 * Runs one request's work while counting it, so that shutdown can wait for it. The HTTP server
 * stops waiting once a client hangs up, but the page's work goes on and still needs the database.
 */
export async function countRequest<T>(work: () => Promise<T>): Promise<T> {
	inFlight++;
	try {
		return await work();
	} finally {
		if (--inFlight === 0) drained?.();
	}
}

const within = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

let closed = false;

export async function closeApp(): Promise<void> {
	closed = true;
	waiting?.stop();
	clearInterval(hourly);
	clearTimeout(firstRun);
	clearInterval(daily);
	clearTimeout(firstRetention);
	// A retention run in progress is stopped at its next statement and rolled back: it loses
	// nothing, and tomorrow's run does the work. Requests still being worked on, a reminders run
	// (it is idempotent, so cutting it short would only delay emails) and that rollback finish
	// first, but never hold up shutdown past the 3 s a deployment allows.
	stopRetention?.abort();
	const requestsDone = inFlight ? new Promise<void>((resolve) => (drained = resolve)) : Promise.resolve();
	await Promise.race([Promise.all([requestsDone, running, retaining]), within(2_000)]);
	const closing = database;
	database = undefined;
	await Promise.all([changeListener?.close(), closing?.destroy()]);
	changeListener = undefined;
}
