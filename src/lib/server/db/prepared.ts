// PostgreSQL plans every query it is sent afresh unless the query is a named prepared statement.
// The app sends the same few hundred queries over and over, and for the larger ones (the home
// page's summary, the compliance table) planning costs more than running. This pool names each
// parameterised query after a hash of its text, so each connection parses and plans it once and
// PostgreSQL can settle on a generic plan after a few runs. A query whose best plan depends on its
// values (a state of a few dozen people or of thousands) starts with `planEachCall`, and is planned
// for its own values every time.
import { createHash } from 'node:crypto';
import { sql, type PostgresPool, type PostgresPoolClient, type PostgresQueryResult } from 'kysely';
import type pg from 'pg';

const eachCallMark = '/* planned each call */';

/**
 * Put first in a query whose plan must suit its values: a generic plan, made for any values, is
 * costed from guesses (an array of roles picks 0.5% of people, any range a third) and can read
 * every row where the values pick a few.
 */
export const planEachCall = sql.raw(eachCallMark);

/**
 * A day (YYYY-MM-DD) written into a statement's text as a date, for a statement whose best plan
 * depends on its dates (how long a period is, where today falls): each text keeps the plan made
 * for its own dates, where the dates sent as values were planned afresh on every call.
 */
export const dayInText = (day: string) => sql<string>`${sql.lit(day)}::date`;

/** A select (or a query starting with `with`) and nothing after it. */
const singleRead = (text: string) => /^\s*(select|with)\b/i.test(text) && !text.includes(';');

/** Beyond this many statements on one connection, further new queries run unprepared. */
export const preparedPerConnection = 500;

const names = new Map<string, string>();

function statementName(text: string): string {
	let name = names.get(text);
	if (!name) {
		name = `q${createHash('sha1').update(text).digest('base64url')}`;
		if (names.size > 5_000) names.clear();
		names.set(text, name);
	}
	return name;
}

// Set when a table's columns change under a statement already prepared, for instance by another
// instance's migration; the query is then run unprepared, which always sees the current table.
const planChanged = 'cached plan must not change result type';

const prepared = new WeakMap<pg.PoolClient, Set<string>>();

async function run<R>(
	client: pg.PoolClient,
	text: string,
	parameters: ReadonlyArray<unknown>
): Promise<PostgresQueryResult<R>> {
	const values = [...parameters];
	// A statement without parameters goes by the simple protocol, which also carries the several
	// statements of a migration, unless it is a single read: that is named like any other, so each
	// connection plans it once (a read with its values written into its text, as the reports' day
	// counts are, keeps the plan made for them).
	if (values.length === 0 && !singleRead(text)) return client.query(text) as unknown as Promise<PostgresQueryResult<R>>;
	// Unnamed, the statement is planned with the values it is sent with.
	if (text.trimStart().startsWith(eachCallMark))
		return client.query({ text, values }) as unknown as Promise<PostgresQueryResult<R>>;
	let known = prepared.get(client);
	if (!known) prepared.set(client, (known = new Set()));
	const name = statementName(text);
	if (!known.has(name) && known.size >= preparedPerConnection) {
		return client.query({ text, values }) as unknown as Promise<PostgresQueryResult<R>>;
	}
	known.add(name);
	try {
		return (await client.query({ name, text, values })) as unknown as PostgresQueryResult<R>;
	} catch (error) {
		if (error instanceof Error && error.message.includes(planChanged)) {
			return client.query({ text, values }) as unknown as Promise<PostgresQueryResult<R>>;
		}
		throw error;
	}
}

/** A pool for Kysely whose clients run parameterised queries as named prepared statements. */
export function preparingPool(pool: pg.Pool): PostgresPool {
	return {
		async connect(): Promise<PostgresPoolClient> {
			const client = await pool.connect();
			return {
				query: ((query: string | object, parameters?: ReadonlyArray<unknown>) =>
					typeof query === 'string'
						? run(client, query, parameters ?? [])
						: client.query(query as pg.Submittable)) as PostgresPoolClient['query'],
				release: () => client.release()
			};
		},
		end: () => pool.end()
	};
}
