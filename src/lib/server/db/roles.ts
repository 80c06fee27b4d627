// What the app's and the retention job's database roles may do, granted by the owner after every
// migration run, so that a table added by any later migration is covered without a grant of its
// own. Neither role owns anything, so neither can alter, drop or disable a trigger; neither may
// truncate; only the retention role may take the retention path (insert into retention_run) or
// change and delete audit entries.
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema';

export interface Grantees {
	/** The role DATABASE_URL connects as. */
	app?: string;
	/** The role RETENTION_DATABASE_URL connects as. */
	retention?: string;
}

type Privilege = 'select' | 'insert' | 'update' | 'delete';
const everything: Privilege[] = ['select', 'insert', 'update', 'delete'];

/** Tables where a role may do less than everything; any other table gets all four privileges. */
const exceptions: Record<keyof Grantees, Record<string, Privilege[]>> = {
	app: {
		audit_event: ['select', 'insert'],
		retention_run: ['select'],
		kysely_migration: ['select'],
		kysely_migration_lock: ['select']
	},
	retention: {
		retention_run: ['select', 'insert'],
		kysely_migration: ['select'],
		kysely_migration_lock: ['select']
	}
};

/** The privileges `kind` has on `table`. */
export function privilegesOn(kind: keyof Grantees, table: string): Privilege[] {
	return exceptions[kind][table] ?? everything;
}

/**
 * Grants each role its privileges on every table and sequence in the schema, after revoking what
 * it had, in one transaction. Run by the owner; a role that is the owner itself is left alone.
 */
export async function grantPrivileges(owner: Kysely<DB>, grantees: Grantees): Promise<void> {
	await owner.transaction().execute(async (trx) => {
		// Grants on the same table from two instances at once can fail with "tuple concurrently updated".
		await sql`select pg_advisory_xact_lock(hashtext('impartial.grants'))`.execute(trx);
		const { rows } = await sql<{
			me: string;
			schema: string;
		}>`select current_user as me, current_schema() as schema`.execute(trx);
		const { me, schema } = rows[0]!;
		const tables = (
			await sql<{
				name: string;
			}>`select tablename as name from pg_tables where schemaname = ${schema} order by 1`.execute(trx)
		).rows.map((t) => t.name);
		for (const kind of ['app', 'retention'] as const) {
			const role = grantees[kind];
			if (!role || role === me) continue;
			const who = sql.id(role);
			await sql`revoke all on all tables in schema ${sql.id(schema)} from ${who}`.execute(trx);
			await sql`revoke all on all sequences in schema ${sql.id(schema)} from ${who}`.execute(trx);
			await sql`grant usage on schema ${sql.id(schema)} to ${who}`.execute(trx);
			for (const table of tables)
				await sql`grant ${sql.raw(privilegesOn(kind, table).join(', '))} on ${sql.id(schema, table)} to ${who}`.execute(
					trx
				);
			await sql`grant usage, select on all sequences in schema ${sql.id(schema)} to ${who}`.execute(trx);
		}
	});
}

/** The role a connection string signs in as, asked of the server (the string may leave it to PGUSER). */
export async function roleOf(url: string): Promise<string> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		const { rows } = await client.query<{ me: string }>('select current_user as me');
		return rows[0]!.me;
	} finally {
		await client.end();
	}
}
