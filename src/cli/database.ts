// Opens and migrates the database for a command-line tool, as the server would: migrations as the
// owner when MIGRATION_DATABASE_URL is set, and the tool's work through its own role.
import { createDatabase, databaseOptionsFromEnv, describeDatabase, type Database } from '../lib/server/db';
import { bundledMigrations, migrationsFromFolder, prepareDatabase } from '../lib/server/db/migrate';

/**
 * The migrations: built into the tool by `npm run build` (import.meta.env is Vite's, so it is set
 * only there), or read from the migrations folder when a tool is run from source with tsx.
 */
const migrations = () => (import.meta.env?.SSR ? bundledMigrations() : migrationsFromFolder('migrations'));

/** `as: 'retention'` works through RETENTION_DATABASE_URL when it is set. */
export async function openMigratedDatabase(
	as: 'app' | 'retention' = 'app'
): Promise<{ db: Database; description: string; applied: string[] }> {
	const options = databaseOptionsFromEnv();
	const app = createDatabase(options);
	const applied = await prepareDatabase(app, options, await migrations());
	if (as === 'retention' && options.retentionUrl) {
		await app.destroy();
		const retention = { url: options.retentionUrl, poolSize: 2 };
		return { db: createDatabase(retention), description: describeDatabase(retention), applied };
	}
	return { db: app, description: describeDatabase(options), applied };
}
