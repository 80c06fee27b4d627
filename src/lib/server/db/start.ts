// Opening the database at start-up, again and again while it does not answer. Behind an
// orchestrator the app may well start before its database; it waits, backing off, rather than
// exiting, and serves as soon as the database answers. A database that answers but refuses (a
// wrong password, a migration that fails) is not going to change its mind: that stops start-up.
import pg from 'pg';

export interface Waiting {
	/** Settles after the first try, whether it opened the database or will try again. */
	firstTry: Promise<void>;
	/** Settles once the database is open. */
	ready: Promise<void>;
	/** Stops trying (shutting down). */
	stop(): void;
}

export interface WaitOptions {
	/** What the database is, for messages. */
	describe: string;
	/** Whether to try again at all (the embedded database either opens or does not). */
	retry: boolean;
	/** Called, once, when the database cannot be opened and trying again will not help. */
	onFatal: (message: string) => void;
	/** The wait before try n + 1, in milliseconds. */
	delay?: (n: number) => number;
}

/** 1, 2, 4, 8, 16 seconds, then every 30 seconds. */
export const backOff = (n: number) => Math.min(30_000, 1_000 * 2 ** (n - 1));

/** Connection failures from Node and PostgreSQL that say the server is not there (yet), not that it said no. */
const unreachableCodes = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EPIPE',
	// PostgreSQL: starting up, shutting down, too many connections, the database not created yet.
	'57P01',
	'57P02',
	'57P03',
	'53300',
	'3D000'
]);

export function isUnreachable(err: unknown): boolean {
	for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
		const code = String((e as { code?: unknown }).code ?? '');
		if (unreachableCodes.has(code) || code.startsWith('08')) return true;
		const message = String((e as { message?: unknown }).message ?? '');
		if (/Connection terminated|connection timeout|timeout exceeded when trying to connect/i.test(message)) return true;
		for (const inner of (e as { errors?: unknown[] }).errors ?? []) if (isUnreachable(inner)) return true;
	}
	return false;
}

export function untilDatabaseAnswers(open: () => Promise<void>, options: WaitOptions): Waiting {
	const delay = options.delay ?? backOff;
	let stopped = false;
	let timer: ReturnType<typeof setTimeout> | undefined;
	let firstDone: () => void = () => {};
	const firstTry = new Promise<void>((resolve) => (firstDone = resolve));
	const ready = new Promise<void>((resolve) => {
		const attempt = async (n: number) => {
			try {
				await open();
				if (n > 1) console.log(`The database (${options.describe}) answers: serving.`);
				resolve();
			} catch (err) {
				if (stopped) return;
				const reason = (err as Error).message || String((err as { code?: unknown }).code ?? err);
				if (!options.retry || !isUnreachable(err)) {
					options.onFatal(`The database (${options.describe}) could not be prepared: ${reason}`);
					return;
				}
				const wait = delay(n);
				console.error(
					`The database (${options.describe}) does not answer (${reason}); trying again in ${Math.round(wait / 1000)} s. Until it answers, every page says the service is unavailable.`
				);
				timer = setTimeout(() => void attempt(n + 1), wait);
			} finally {
				firstDone();
			}
		};
		void attempt(1);
	});
	return {
		firstTry,
		ready,
		stop() {
			stopped = true;
			clearTimeout(timer);
		}
	};
}

/** Asks the server for one answer within `timeoutMs`: a server that swallows connections is not there. */
export async function probeDatabase(url: string, timeoutMs = 5_000): Promise<void> {
	const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
	try {
		await client.connect();
		await client.query('select 1');
	} finally {
		await client.end().catch(() => {});
	}
}
