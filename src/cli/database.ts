// Opens and migrates the database for a command-line tool, as the server would.
import { createDatabase, databaseOptionsFromEnv, describeDatabase, type Database } from '../lib/server/db';
import { migrateToLatest, migrationsFromFolder } from '../lib/server/db/migrate';

export async function openMigratedDatabase(): Promise<{ db: Database; description: string; applied: string[] }> {
	const options = databaseOptionsFromEnv();
	const db = createDatabase(options);
	const applied = await migrateToLatest(db, await migrationsFromFolder('migrations'));
	return { db, description: describeDatabase(options), applied };
}
