// Opens and migrates the database for a command-line tool, as the server would: migrations as the
// owner when MIGRATION_DATABASE_URL is set, and the tool's work through its own role.
import { createDatabase, databaseOptionsFromEnv, describeDatabase, type Database } from '../lib/server/db';
import { migrationsFromFolder, prepareDatabase } from '../lib/server/db/migrate';

/** `as: 'retention'` works through RETENTION_DATABASE_URL when it is set. */
export async function openMigratedDatabase(
	as: 'app' | 'retention' = 'app'
): Promise<{ db: Database; description: string; applied: string[] }> {
	const options = databaseOptionsFromEnv();
	const app = createDatabase(options);
	const applied = await prepareDatabase(app, options, await migrationsFromFolder('migrations'));
	if (as === 'retention' && options.retentionUrl) {
		await app.destroy();
		const retention = { url: options.retentionUrl, poolSize: 2 };
		return { db: createDatabase(retention), description: describeDatabase(retention), applied };
	}
	return { db: app, description: describeDatabase(options), applied };
}
