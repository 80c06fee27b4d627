// Databases for tests: a fresh in-memory PGlite, and a fresh PostgreSQL database on the server at
// TEST_DATABASE_URL when it is set. Suites run the same tests on each.
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { createDatabase, type Database } from './index';
import { bundledMigrations, migrateToLatest } from './migrate';

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
