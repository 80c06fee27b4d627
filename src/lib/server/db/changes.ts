// Values worked out from tables whose changes are counted (see the count_changes migration), kept
// in memory for as long as those counts stand. Checking the counts is one indexed read; working
// the value out again happens only after something it depends on has changed.
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema';

export type CountedTable = 'person' | 'policy_latest_acknowledgement';

/** The counts of changes to the tables, as one number that only ever grows. */
export async function changeStamp(db: Kysely<DB>, tables: readonly CountedTable[]): Promise<string> {
	const { rows } = await sql<{ n: string | null }>`select sum(n)::text as n from change_count where topic = any(${tables as CountedTable[]}::text[])`.execute(db);
	return rows[0]?.n ?? '0';
}

// One store per database handle, so tests on several databases in one process never share.
const stores = new WeakMap<object, Map<string, { stamp: string; value: Promise<unknown> }>>();
const mostKept = 100;

/**
 * The value kept under `key` while none of `tables` has changed since it was worked out, else a
 * fresh one from `compute`. The counts are read before `compute` runs, so a change that lands in
 * between only makes the next request work it out again, never keeps a stale answer.
 */
export async function keptWhileUnchanged<T>(db: Kysely<DB>, key: string, tables: readonly CountedTable[], compute: () => Promise<T>): Promise<T> {
	const stamp = await changeStamp(db, tables);
	let store = stores.get(db);
	if (!store) stores.set(db, (store = new Map()));
	const kept = store.get(key);
	if (kept && kept.stamp === stamp) return kept.value as Promise<T>;
	if (store.size >= mostKept) store.clear();
	const value = compute();
	const entry = { stamp, value };
	store.set(key, entry);
	// A failure is not kept: the next request tries again.
	value.catch(() => store.get(key) === entry && store.delete(key));
	return value;
}
