// Applies the migrations in the top-level migrations/ folder. Kysely's PostgreSQL adapter takes an
// advisory lock around the run, so instances starting together migrate once.
import { Migrator, sql, type Migration, type MigrationResultSet } from 'kysely';
import { createDatabase, type Database, type DatabaseOptions } from './index';
import { grantPrivileges, roleOf, type Grantees } from './roles';

export type MigrationModules = Record<string, Migration>;

/** Migrations as bundled by Vite (server and tests). */
export function bundledMigrations(): MigrationModules {
	const modules = import.meta.glob<Migration>('../../../../migrations/*.ts', { eager: true });
	return Object.fromEntries(Object.entries(modules).map(([path, mod]) => [path.replace(/^.*\/(.+)\.ts$/, '$1'), mod]));
}

/** Migrations read from disk, for the command-line tools that run outside Vite. */
export async function migrationsFromFolder(folder: string): Promise<MigrationModules> {
	const { readdir } = await import('node:fs/promises');
	const { join, resolve } = await import('node:path');
	const { pathToFileURL } = await import('node:url');
	const files = (await readdir(folder)).filter((f) => f.endsWith('.ts')).sort();
	const entries = await Promise.all(
		files.map(async (f) => {
			const mod = (await import(pathToFileURL(resolve(join(folder, f))).href)) as Migration;
			return [f.replace(/\.ts$/, ''), mod] as const;
		})
	);
	return Object.fromEntries(entries);
}

export async function migrateToLatest(db: Database, migrations: MigrationModules): Promise<string[]> {
	const migrator = new Migrator({
		db,
		provider: { getMigrations: async () => migrations }
	});
	const result: MigrationResultSet = await migrator.migrateToLatest();
	if (result.error) {
		const failed = result.results?.find((r) => r.status === 'Error');
		const cause = result.error instanceof Error ? result.error.message : String(result.error);
		throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`, { cause: result.error });
	}
	return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Brings the schema up to date as the owner (through `migrationUrl`, or through the app's own
 * connection in the one-role setup), then grants the app's and the retention job's roles what
 * they may do, when they are other roles than the owner.
 */
export async function prepareDatabase(
	app: Database,
	options: Pick<DatabaseOptions, 'url' | 'migrationUrl' | 'retentionUrl'>,
	migrations: MigrationModules
): Promise<string[]> {
	if (!options.url) return migrateToLatest(app, migrations);
	const separateOwner = !!options.migrationUrl && options.migrationUrl !== options.url;
	const owner = separateOwner ? createDatabase({ url: options.migrationUrl, poolSize: 1 }) : app;
	try {
		const applied = await migrateToLatest(owner, migrations);
		const grantees: Grantees = {
			app: separateOwner ? await currentRole(app) : undefined,
			retention: options.retentionUrl ? await roleOf(options.retentionUrl) : undefined
		};
		if (grantees.app || grantees.retention) await grantPrivileges(owner, grantees);
		return applied;
	} finally {
		if (owner !== app) await owner.destroy();
	}
}

async function currentRole(db: Database): Promise<string> {
	const { rows } = await sql<{ me: string }>`select current_user as me`.execute(db);
	return rows[0]!.me;
}
