// Several queries answered by one statement. Each statement a request sends is a round trip, and
// on a busy server a round trip costs the app more than a small count costs the database: the
// reports' counts were a dozen statements of a few rows each. Here each query's rows come back as
// one JSON array, parsed in the app.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from './schema';
import { planEachCall } from './prepared';

/**
 * The rows of each query, from one statement. Each row is an object keyed by its query's column
 * names exactly as written (alias a column `as "stepId"` for camel case), with counts as numbers.
 * A query given as null has no rows. `eachCall` plans the statement for its own values every time
 * (see `planEachCall`).
 */
export async function rowsTogether<T extends Record<string, object[]>>(
	db: Kysely<DB>,
	queries: { [K in keyof T]: RawBuilder<unknown> | null },
	{ eachCall = false } = {}
): Promise<T> {
	const names = Object.keys(queries) as (keyof T & string)[];
	// As text, parsed here: handed over as JSON, every key of every row would be renamed to camel
	// case one by one on the way.
	const columns = names.map((name) => {
		const query = queries[name];
		const rows = query ? sql`(select coalesce(json_agg(r), '[]') from (${query}) r)::text` : sql`'[]'`;
		return sql`${rows} as ${sql.ref(name)}`;
	});
	const { rows } = await sql<
		Record<string, string>
	>`${eachCall ? planEachCall : sql``} select ${sql.join(columns)}`.execute(db);
	const row = rows[0]!;
	return Object.fromEntries(names.map((name) => [name, JSON.parse(row[name]!) as unknown])) as T;
}
