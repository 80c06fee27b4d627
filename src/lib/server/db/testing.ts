// Databases for tests: a fresh in-memory PGlite, and a fresh PostgreSQL database on the server at
// TEST_DATABASE_URL when it is set. Suites run the same tests on each. Neither is migrated again
// for every suite: on PostgreSQL a migrated database is copied from a template database, and an
// embedded one starts from an archive of a migrated one's files, each made once per set of
// migrations.
import pg from 'pg';
import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDatabase, dumpEmbedded, type Database } from './index';
import type { DB } from './schema';
import { bundledMigrations, migrateToLatest, prepareDatabase } from './migrate';
import { grantPrivileges } from './roles';

export type TestDatabaseKind = 'pglite' | 'postgres';

export const testDatabaseKinds: TestDatabaseKind[] = process.env.TEST_DATABASE_URL
	? ['pglite', 'postgres']
	: ['pglite'];

export interface TestDatabase {
	db: Database;
	/** A connection string for a second connection to the same database (PostgreSQL only). */
	url?: string;
	close(): Promise<void>;
}

async function adminQuery(url: string, text: string): Promise<void> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		await client.query(text);
	} finally {
		await client.end();
	}
}

/** A new, empty database with a fresh name, dropped again on close. */
export async function createEmptyTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
	if (kind === 'pglite') {
		const db = createDatabase({ pgliteDir: 'memory://' });
		return { db, close: () => db.destroy() };
	}
	const adminUrl = process.env.TEST_DATABASE_URL!;
	const name = `impartial_test_${randomBytes(6).toString('hex')}`;
	await adminQuery(adminUrl, `create database ${name}`);
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	const db = createDatabase({ url: url.toString(), poolSize: 5 });
	return {
		db,
		url: url.toString(),
		close: async () => {
			await db.destroy();
			await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
		}
	};
}

const databaseUrl = (adminUrl: string, name: string) => {
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return url.toString();
};

let template: Promise<string> | undefined;

/** A short hash of the migrations, which names each template: a changed migration makes a new one. */
function migrationsHash(): string {
	return createHash('sha256')
		.update(
			Object.entries(bundledMigrations())
				.map(([name, m]) => `${name}\n${String(m.up)}\n${String(m.down)}`)
				.join('\n')
		)
		.digest('hex')
		.slice(0, 16);
}

const archiveDir = join('node_modules', '.cache', 'impartial-tests');
let archive: Promise<Blob> | undefined;

/**
 * The files of an embedded database with every migration applied, as an archive kept on disk for
 * the current migrations. The first test process to need it builds it; one that finds it reads
 * it. It is written under another name and renamed, so a half-written archive is never read.
 */
function migratedArchive(): Promise<Blob> {
	archive ??= (async () => {
		const file = join(archiveDir, `pglite-${migrationsHash()}.tar.gz`);
		if (existsSync(file)) return new Blob([readFileSync(file)]);
		const db = createDatabase({ pgliteDir: 'memory://' });
		try {
			await migrateToLatest(db, bundledMigrations());
			const dump = await dumpEmbedded(db);
			mkdirSync(archiveDir, { recursive: true });
			const building = `${file}.${randomBytes(4).toString('hex')}`;
			writeFileSync(building, Buffer.from(await dump.arrayBuffer()));
			renameSync(building, file);
			return dump;
		} finally {
			await db.destroy();
		}
	})();
	archive.catch(() => (archive = undefined));
	return archive;
}

/**
 * The name of a database on the server with every migration applied, made once per set of
 * migrations (its name carries their hash) by whichever test process asks first; the others wait
 * on an advisory lock. It is built under another name and renamed when complete, so a half-built
 * template is never copied.
 */
function migratedTemplate(adminUrl: string): Promise<string> {
	template ??= (async () => {
		const migrations = bundledMigrations();
		const name = `impartial_template_${migrationsHash()}`;
		const client = new pg.Client({ connectionString: adminUrl });
		await client.connect();
		try {
			await client.query('select pg_advisory_lock(hashtext($1))', [name]);
			const found = await client.query('select 1 from pg_database where datname = $1', [name]);
			if (!found.rowCount) {
				const building = `${name}_${randomBytes(4).toString('hex')}`;
				await client.query(`create database ${building}`);
				const db = createDatabase({ url: databaseUrl(adminUrl, building), poolSize: 2 });
				try {
					await migrateToLatest(db, migrations);
				} finally {
					await db.destroy();
				}
				await client.query(`alter database ${building} rename to ${name}`);
			}
		} finally {
			await client.end();
		}
		return name;
	})();
	template.catch(() => (template = undefined));
	return template;
}

/** A fresh database with every migration applied. */
export async function createTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
	if (kind === 'pglite') {
		const db = createDatabase({ pgliteDir: 'memory://', pgliteLoad: await migratedArchive() });
		return { db, close: () => db.destroy() };
	}
	const adminUrl = process.env.TEST_DATABASE_URL!;
	const source = await migratedTemplate(adminUrl);
	const name = `impartial_test_${randomBytes(6).toString('hex')}`;
	await adminQuery(adminUrl, `create database ${name} template ${source}`);
	const url = databaseUrl(adminUrl, name);
	const db = createDatabase({ url, poolSize: 5 });
	return {
		db,
		url,
		close: async () => {
			await db.destroy();
			await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
		}
	};
}

export type RoleName = 'owner' | 'app' | 'retention';

export interface RoleTestDatabase {
	/** The role names, unique to this test database (roles are shared by every database on a server). */
	roles: Record<RoleName, string>;
	/**
	 * The database as `role`. On PostgreSQL each role signs in with its own connection, as in
	 * production. The embedded database has one session, so there the role is switched on it and
	 * holds until the next call.
	 */
	as(role: RoleName): Promise<Database>;
	/** Connection strings for each role (PostgreSQL only). */
	urls?: Record<RoleName, string>;
	close(): Promise<void>;
}

/**
 * A fresh database set up as production would be: owned and migrated by an owner role, which
 * grants the app's and the retention job's roles what they may do.
 */
export async function createRoleTestDatabase(kind: TestDatabaseKind): Promise<RoleTestDatabase> {
	const suffix = randomBytes(6).toString('hex');
	const roles: Record<RoleName, string> = {
		owner: `impartial_owner_${suffix}`,
		app: `impartial_app_${suffix}`,
		retention: `impartial_retention_${suffix}`
	};
	if (kind === 'pglite') {
		const db = createDatabase({ pgliteDir: 'memory://' });
		for (const role of Object.values(roles)) await sql`create role ${sql.id(role)}`.execute(db);
		const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
		await sql`alter database ${sql.id(rows[0]!.name)} owner to ${sql.id(roles.owner)}`.execute(db);
		await sql`set role ${sql.id(roles.owner)}`.execute(db);
		await migrateToLatest(db, bundledMigrations());
		await grantPrivileges(db, { app: roles.app, retention: roles.retention });
		return {
			roles,
			as: async (role) => {
				await sql`set role ${sql.id(roles[role])}`.execute(db);
				return db;
			},
			close: () => db.destroy()
		};
	}
	const adminUrl = process.env.TEST_DATABASE_URL!;
	const name = `impartial_test_${suffix}`;
	for (const role of Object.values(roles)) await adminQuery(adminUrl, `create role ${role} login`);
	await adminQuery(adminUrl, `create database ${name} owner ${roles.owner}`);
	const urlAs = (role: RoleName) => {
		const url = new URL(adminUrl);
		url.pathname = `/${name}`;
		url.username = roles[role];
		url.password = '';
		return url.toString();
	};
	const urls = { owner: urlAs('owner'), app: urlAs('app'), retention: urlAs('retention') };
	const dbs = new Map<RoleName, Database>();
	const connect = (role: RoleName) => {
		let db = dbs.get(role);
		if (!db) dbs.set(role, (db = createDatabase({ url: urls[role], poolSize: 5 })));
		return db;
	};
	await prepareDatabase(
		connect('app'),
		{ url: urls.app, migrationUrl: urls.owner, retentionUrl: urls.retention },
		bundledMigrations()
	);
	return {
		roles,
		urls,
		as: async (role) => connect(role),
		close: async () => {
			await Promise.all([...dbs.values()].map((db) => db.destroy()));
			await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
			for (const role of Object.values(roles)) await adminQuery(adminUrl, `drop role if exists ${role}`);
		}
	};
}

/**
 * Runs `first` in a transaction on `db` left open, then `second` on `other` (another pool) with a
 * short lock timeout: if `second` has to wait for anything `first` holds, it fails. `meanwhile`
 * runs after `second`, while `first` is still open.
 */
export async function whileOpen(
	db: Kysely<DB>,
	other: Kysely<DB>,
	first: (trx: Transaction<DB>) => Promise<unknown>,
	second: (trx: Transaction<DB>) => Promise<unknown>,
	meanwhile?: () => Promise<unknown>
): Promise<void> {
	let release!: () => void;
	const held = new Promise<void>((resolve) => (release = resolve));
	let started!: () => void;
	const ready = new Promise<void>((resolve) => (started = resolve));
	const open = db.transaction().execute(async (trx) => {
		await first(trx);
		started();
		await held;
	});
	await ready;
	try {
		await other.transaction().execute(async (trx) => {
			await sql`set local lock_timeout = '500ms'`.execute(trx);
			await second(trx);
		});
		await meanwhile?.();
	} finally {
		release();
		await open;
	}
}
