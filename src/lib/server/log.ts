// The one logger: a JSON line per event on standard output, with its time and level, for an
// operator's log collector. Nothing personal goes in a line: no email address, no token, no text
// a person typed. Errors are logged by kind and code, with a short stack, never their free text.
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** A logger writing to `destination` (standard output by default), at LOG_LEVEL (default info). */
export function createLogger(destination?: DestinationStream, level = process.env.LOG_LEVEL || 'info'): Logger {
	return pino(
		{
			level,
			base: { pid: process.pid },
			timestamp: pino.stdTimeFunctions.isoTime,
			formatters: { level: (label) => ({ level: label }) }
		},
		destination
	);
}

let write = (line: string) => void process.stdout.write(line);

// Tests write nothing unless they capture the log: their output is the test runner's.
export const log: Logger = createLogger(
	{ write: (line: string) => write(line) },
	process.env.VITEST ? process.env.LOG_LEVEL || 'silent' : undefined
);

/** Collects the log's lines, parsed, until `stop` (for tests that check what is logged). */
export function captureLog(): { lines: Record<string, unknown>[]; stop(): void } {
	const lines: Record<string, unknown>[] = [];
	const [previousWrite, previousLevel] = [write, log.level];
	write = (line) => void lines.push(JSON.parse(line) as Record<string, unknown>);
	log.level = 'info';
	return {
		lines,
		stop: () => {
			write = previousWrite;
			log.level = previousLevel;
		}
	};
}

const emailPattern = /[^\s@"'<>()]+@[^\s@"'<>()]+\.[^\s@"'<>()]+/g;
// Tokens (base64url, 32 bytes and up) and anything quoted, which is where messages echo input.
const tokenPattern = /[A-Za-z0-9_-]{32,}/g;
const quotedPattern = /"[^"]*"|'[^']*'|\([^)]*=\)|=\([^)]*\)/g;

/** A message with anything that could be personal taken out: addresses, tokens and quoted values. */
export function scrub(text: string): string {
	return text.replace(emailPattern, '<email>').replace(tokenPattern, '<token>').replace(quotedPattern, '<value>');
}

/** The parts of an error that are safe to log: its kind, codes, a scrubbed message and a short stack. */
export function errorFields(err: unknown): Record<string, unknown> {
	if (!(err instanceof Error)) return { type: typeof err };
	const e = err as Error & {
		code?: unknown;
		responseCode?: unknown;
		command?: unknown;
		constraint?: unknown;
		table?: unknown;
		routine?: unknown;
		status?: unknown;
	};
	const fields: Record<string, unknown> = { type: e.name };
	for (const key of ['code', 'responseCode', 'command', 'constraint', 'table', 'routine', 'status'] as const) {
		if (typeof e[key] === 'string' || typeof e[key] === 'number') fields[key] = e[key];
	}
	// PostgreSQL's own messages repeat the values that broke a rule; its code and constraint say
	// what happened without them.
	if (typeof e.code !== 'string' || !/^[0-9A-Z]{5}$/.test(e.code)) fields.message = scrub(e.message);
	if (e.stack) {
		fields.stack = e.stack
			.split('\n')
			.slice(1)
			.map((line) => line.trim())
			.filter((line) => line.startsWith('at ') && !line.includes('node:internal'))
			.slice(0, 5)
			.map(scrub);
	}
	return fields;
}
