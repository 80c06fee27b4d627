// The database: Kysely over pg when DATABASE_URL is set, else over embedded PGlite.
import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { parse as parseConnectionString } from 'pg-connection-string';
import type { DB } from './schema';
import { preparingPool } from './prepared';
import { kyselyWithSnakeCaseNames } from './names';
import { errorFields, log } from '../log';

export type Database = Kysely<DB>;
export type Tx = Transaction<DB>;

export interface DatabaseOptions {
	/** A PostgreSQL connection string; when absent the embedded database is used. */
	url?: string;
	/** The owner's connection, for migrations (MIGRATION_DATABASE_URL); `url` when absent. */
	migrationUrl?: string;
	/** The retention role's connection (RETENTION_DATABASE_URL); `url` when absent. */
	retentionUrl?: string;
	/** Folder for the embedded database; `memory://` keeps it in memory. */
	pgliteDir?: string;
	/** Pool size for PostgreSQL. */
	poolSize?: number;
	/** An archive of an embedded database's files to start from (see `dumpEmbedded`). */
	pgliteLoad?: Blob;
}

export const defaultPgliteDir = './data/pglite';

export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseOptions {
	return {
		url: env.DATABASE_URL || undefined,
		migrationUrl: env.MIGRATION_DATABASE_URL || undefined,
		retentionUrl: env.RETENTION_DATABASE_URL || undefined,
		pgliteDir: env.PGLITE_DIR || defaultPgliteDir,
		poolSize: env.DATABASE_POOL_SIZE ? Number(env.DATABASE_POOL_SIZE) : undefined
	};
}

export function createDatabase(options: DatabaseOptions): Database {
	if (options.url) {
		const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
		// An idle client losing its connection must not take the whole process down.
		pool.on('error', (err) => log.error({ err: errorFields(err) }, 'database pool error'));
		pool.on('connect', (client) => {
			// PostgreSQL compiles a query to machine code when its plan looks costly (jit, on by
			// default). For the reports and the compliance table that compiling took 1.5 s on each
			// run, far longer than running them; the app's queries are read from indexes, so it never
			// pays. And it prices reading a row through an index at four times reading the next one of
			// a table, as on a spinning disk; on memory or an SSD it is about the same, and at that
			// price a report joining a few hundred records to their people read all 20,000 people
			// instead (36 ms, against 2 ms through the index). Sent first on each new connection,
			// before any query of the app's.
			client
				.query('set jit = off; set random_page_cost = 1.1')
				.catch((err: unknown) => log.warn({ err: errorFields(err) }, 'could not set the planner settings'));
		});
		return kyselyWithSnakeCaseNames<DB>(new PostgresDialect({ pool: preparingPool(pool) }));
	}
	const dir = options.pgliteDir ?? defaultPgliteDir;
	if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
	// pg_trgm indexes the people search, as it does on a PostgreSQL server.
	const pglite = new PGlite(dir, { extensions: { pg_trgm }, loadDataDir: options.pgliteLoad });
	const db = kyselyWithSnakeCaseNames<DB>(new PGliteDialect(pglite));
	embedded.set(db, pglite);
	return db;
}

const embedded = new WeakMap<Database, PGlite>();

/** An embedded database's files as one compressed archive, for `pgliteLoad` to start another from. */
export async function dumpEmbedded(db: Database): Promise<Blob> {
	const pglite = embedded.get(db);
	if (!pglite) throw new Error('only an embedded database can be dumped');
	return pglite.dumpDataDir('gzip');
}

/**
 * Where the database is, for the log: the host (or socket folder) and database, never the password.
 * Read the way pg reads it, so any connection string pg accepts is described (one through a Unix
 * socket has no host in the URL sense: `postgres://impartial_app@/impartial?host=/run/postgresql`).
 */
export function describeDatabase(options: DatabaseOptions): string {
	if (options.url) {
		const { host, port, database } = parseConnectionString(options.url);
		const place = host?.startsWith('/') ? `the socket in ${host}` : `${host || 'localhost'}${port ? `:${port}` : ''}`;
		return `PostgreSQL at ${place}${database ? `, database ${database}` : ''}`;
	}
	return `embedded PostgreSQL in ${options.pgliteDir ?? defaultPgliteDir}`;
}
