// The running app: content and database opened once at start-up, closed on shutdown.
import { building } from '$app/environment';
import { content as currentContent, defaultContentDir, loadContent, setContent, type Content } from './content';
import { folderSource } from './content/source';
import { latestPublicationId, loadPublishedContent, syncShippedContent } from './authoring';
import { withChosenLogo } from './files/logo';
import { ContentError } from './content/problems';
import { createDatabase, databaseOptionsFromEnv, describeDatabase, type Database, type DatabaseOptions } from './db';
import { bundledMigrations, prepareDatabase } from './db/migrate';
import { probeDatabase, untilDatabaseAnswers, type Waiting } from './db/start';
import { forgetOldStanding } from './db/standing';
import { serviceDay } from '../format';
import { registerModuleVersions } from './induction';
import { registerQuizVersions } from './quizzes';
import { registerPolicyVersions } from './policies';
import { sendPolicyReminders } from './policies/reminders';
import { declineUnapprovedAfterClosing } from './courses';
import { retentionPeriods } from './content/service';
import { runRetention } from './retention';
import { errorFields, log } from './log';
import { readOrigin } from './origin';
import { closeMail, mailMode, retryEmails } from './mail';
import { singleSignOnProblem, singleSignOnRules } from './sso';

let database: Database | undefined;
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
	// Told plainly on standard error for the person starting it, and as one line for the log.
	console.error(`\nImpartial cannot start.\n${message}\n`);
	log.fatal({ reason: message.split('\n')[0] }, 'cannot start');
	process.exit(1);
}

let origin: string | undefined;

/** The address people use, which links in emails start with (ORIGIN; checked at start-up). */
export function publicOrigin(): string {
	if (!origin) throw new Error('the public address is not known yet');
	return origin;
}

/** In production ORIGIN is required; `vite dev` links to its own address when it is unset. */
function setOrigin(production: boolean) {
	const read = readOrigin(process.env);
	if (read.ok) origin = read.origin;
	else if (production) refuseToStart(read.problem);
	else origin = 'http://localhost:5173';
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
	setOrigin(options.production);
	const ssoProblem = singleSignOnProblem(process.env, singleSignOnRules(content.service));
	if (ssoProblem)
		(options.production ? refuseToStart : (m: string) => log.warn({ problem: m }, 'single sign-on is off'))(ssoProblem);
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
	try {
		const applied = await prepareDatabase(opened, dbOptions, bundledMigrations());
		if (applied.length) log.info({ migrations: applied, database: describeDatabase(dbOptions) }, 'migrations applied');
		// The service's content lives in its database, filled from the shipped library on first
		// start and brought up to date with it on every start after (see authoring/).
		await syncShippedContent(opened, folderSource(process.env.CONTENT_DIR || defaultContentDir));
		try {
			const published = await loadPublishedContent(opened);
			content = published.content;
			await adoptContent(opened, content, published.publicationId);
		} catch (err) {
			if (err instanceof ContentError) refuseToStart(`The service's published content has problems:\n${err.message}`);
			throw err;
		}
		if (process.env.DEMO_MODE === 'true') {
			// Loaded only here, so a production server never loads the demo's people and passwords.
			const { seedDemo, demoSignIns } = await import('./demo/seed');
			if (await seedDemo(opened, content)) console.log('Seeded the demo service.');
			console.log(demoSignIns());
		}
	} catch (err) {
		await opened.destroy();
		throw err;
	}
	// Shut down while opening: nothing is to start now.
	if (closed) {
		await opened.destroy();
		return;
	}
	database = opened;
	const mode = mailMode();
	log.info(
		{ mail: mode, ...(mode === 'smtp' && { host: new URL(process.env.SMTP_URL!).host }) },
		mode === 'smtp'
			? 'email is sent through SMTP_URL'
			: mode === 'off'
				? 'MAIL_DISABLED is set: this instance sends no email'
				: 'SMTP_URL is not set: emails wait in the outbox'
	);
	startHourlyJobs();
	startDailyJobs(dbOptions);
}

let publicationInUse: number | null = null;
let reloading: Promise<void> | undefined;

/** Registers the versions of this content, then makes it the content every page is served from. */
export async function adoptContent(db: Database, next: Content, publicationId: number | null): Promise<void> {
	const [modules, quizzes, policies] = [
		await registerModuleVersions(db, next.modules),
		await registerQuizVersions(db, next.quizzes),
		await registerPolicyVersions(db, next.policies)
	];
	moduleVersionIds = modules;
	quizVersionIds = quizzes;
	policyVersionIds = policies;
	// A logo chosen in the browser is part of what is served, though not a file of the tree.
	setContent(await withChosenLogo(db, next));
	publicationInUse = publicationId;
}

/**
 * When another instance has published since, loads and serves the new content. Called once per
 * request, with the latest publication's id when the request has already read it (the session's
 * statement reads it too); otherwise it asks the database (one indexed read).
 */
export async function followPublications(known?: number | null): Promise<void> {
	const db = database;
	if (!db) return;
	const latest = known === undefined ? await latestPublicationId(db) : known;
	if (latest === publicationInUse) return;
	reloading ??= loadPublishedContent(db)
		.then(({ content, publicationId }) => adoptContent(db, content, publicationId))
		.catch((err) => {
			// Publishing checks the whole tree first, so this is not expected; keep serving what is held.
			log.error({ err: errorFields(err) }, 'the published content did not load');
			publicationInUse = latest;
		})
		.finally(() => (reloading = undefined));
	await reloading;
}

let running: Promise<unknown> | undefined;
let firstRun: ReturnType<typeof setTimeout> | undefined;
let hourly: NodeJS.Timeout | undefined;

/** Reminders run every hour; each run is idempotent, so several instances may all run them. */
function startHourlyJobs() {
	const run = () => {
		if (running || !database) return;
		const db = database;
		running = Promise.all([
			sendPolicyReminders(db, currentContent(), publicOrigin())
				.then((r) => r.emails && log.info({ reminders: r.reminders, emails: r.emails }, 'policy reminders sent'))
				.catch((err) => log.error({ err: errorFields(err) }, 'policy reminders failed')),
			declineUnapprovedAfterClosing(db, currentContent().service)
				.then((n) => n && log.info({ declined: n }, 'unapproved course requests declined at closing'))
				.catch((err) => log.error({ err: errorFields(err) }, 'closing course registrations failed')),
			// Notes of changes pile up between reports; those every kept figure has seen go.
			forgetOldStanding(db, serviceDay()).catch((err) =>
				log.error({ err: errorFields(err) }, 'clearing old notes of changes failed')
			)
		]).finally(() => (running = undefined));
	};
	hourly = setInterval(run, 60 * 60 * 1000);
	hourly.unref();
	firstRun = setTimeout(run, 30_000);
	firstRun.unref();
	// Emails the mail server could not take are tried again as their waits run out.
	mailRetries = setInterval(() => {
		if (retrying || !database || mailMode() !== 'smtp') return;
		retrying = retryEmails(database, currentContent().service, publicOrigin())
			.then((r) => (r.sent || r.failed) && log.info(r, 'email retries'))
			.catch((err) => log.error({ err: errorFields(err) }, 'email retries failed'))
			.finally(() => (retrying = undefined));
	}, 30_000);
	mailRetries.unref();
}

let mailRetries: NodeJS.Timeout | undefined;
let retrying: Promise<unknown> | undefined;

let retaining: Promise<unknown> | undefined;
let stopRetention: AbortController | undefined;
let firstRetention: ReturnType<typeof setTimeout> | undefined;
let daily: NodeJS.Timeout | undefined;

/**
 * Retention runs once a day, a few minutes after start-up and then every 24 hours. A run is one
 * transaction and idempotent: several instances may all run it, and one stopped by shutdown is
 * rolled back whole and done again next time.
 */
function startDailyJobs(dbOptions: DatabaseOptions) {
	const run = () => {
		if (retaining || !database) return;
		const stop = (stopRetention = new AbortController());
		// The retention role is the only one the guards let through; without one, the app's own
		// connection (the one-role setup) does the work.
		const own = dbOptions.retentionUrl ? createDatabase({ url: dbOptions.retentionUrl, poolSize: 1 }) : undefined;
		retaining = runRetention(own ?? database, retentionPeriods(currentContent().service), { signal: stop.signal })
			.then(({ counts }) => {
				const changed = Object.entries(counts).filter(([, n]) => n > 0);
				if (changed.length) log.info({ counts: Object.fromEntries(changed) }, 'retention applied');
			})
			.catch((err) => {
				if (!stop.signal.aborted) log.error({ err: errorFields(err) }, 'retention failed');
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
	clearInterval(mailRetries);
	clearInterval(daily);
	clearTimeout(firstRetention);
	// A retention run in progress is stopped at its next statement and rolled back: it loses
	// nothing, and tomorrow's run does the work. Requests still being worked on, a reminders run
	// (it is idempotent, so cutting it short would only delay emails) and that rollback finish
	// first, but never hold up shutdown past the 3 s a deployment allows.
	stopRetention?.abort();
	const requestsDone = inFlight ? new Promise<void>((resolve) => (drained = resolve)) : Promise.resolve();
	await Promise.race([Promise.all([requestsDone, running, retaining, retrying]), within(2_000)]);
	const closing = database;
	database = undefined;
	await Promise.all([closing?.destroy(), closeMail()]);
}
