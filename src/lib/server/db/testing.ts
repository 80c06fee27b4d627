// Databases for tests: a fresh in-memory PGlite, and a fresh PostgreSQL database on the server at
// TEST_DATABASE_URL when it is set. Suites run the same tests on each.
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createDatabase, type Database } from './index';
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

/** A fresh database with every migration applied. */
export async function createTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
	const test = await createEmptyTestDatabase(kind);
	await migrateToLatest(test.db, bundledMigrations());
	return test;
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
