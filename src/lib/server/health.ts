// The health check behind /healthz: can this instance reach its database. It is public, for the
// proxy and the monitor, so it says only up or down; why the database cannot be reached goes to
// the log, where the operator reads it, and never to whoever asked.
import { sql } from 'kysely';
import type { Database } from './db';
import { errorFields, log } from './log';

export type Health = { status: 'ok' } | { status: 'unavailable' };

export async function checkDatabase(db: () => Database): Promise<Health> {
	try {
		await sql`select 1`.execute(db());
		return { status: 'ok' };
	} catch (err) {
		log.warn({ err: errorFields(err) }, 'health check: database unavailable');
		return { status: 'unavailable' };
	}
}
