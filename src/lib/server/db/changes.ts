// Values worked out from tables whose changes are counted (see the count_changes migration), kept
// in memory for as long as those counts stand. Working a value out again happens only after
// something it depends on has changed.
//
// Knowing that nothing has changed takes one of two routes. An instance listening for the
// announcements of changes (the announce_changes migration, on PostgreSQL) knows without asking:
// every change announced moves it on. Otherwise (on the embedded database, while the listening
// connection is down, or until its own latest write is known to be heard) it reads the counts,
// one indexed query.
import { sql, type Kysely } from 'kysely';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { DB } from './schema';

export type CountedTable =
	| 'person'
	| 'policy_latest_acknowledgement'
	| 'module_progress'
	| 'declaration_return'
	| 'declared_interest'
	| 'supervision_record'
	| 'agreed_action';

/** The counts of changes to the tables, as one number that only ever grows. */
export async function changeStamp(db: Kysely<DB>, tables: readonly CountedTable[]): Promise<string> {
	const { rows } = await sql<{
		n: string | null;
	}>`select sum(n)::text as n from change_count where topic = any(${tables as CountedTable[]}::text[])`.execute(db);
	return rows[0]?.n ?? '0';
}

/**
 * What an instance has heard of changes. `tables` counts the changes announced for each table;
 * `epoch` moves on whenever listening starts or stops, when changes may have gone unheard.
 * `asked` counts the writes this instance has made and `confirmed` the last of them known to be
 * heard: until the two meet, an announcement of this instance's own change may still be on its
 * way, so the counts are read instead.
 */
interface Feed {
	live: boolean;
	epoch: number;
	tables: Map<string, number>;
	asked: number;
	confirmed: number;
	/** Sends a marker for the latest write, unless one is already on its way. */
	sync?: () => void;
}

// One feed and one store per database handle, so tests on several databases never share.
const feeds = new WeakMap<object, Feed>();

/**
 * Called after every statement this instance sends that may have written, a commit included, so
 * that a person sees their own change on their very next page.
 */
export function noteLocalWrite(db: object): void {
	const feed = feeds.get(db);
	if (!feed?.sync) return;
	feed.asked += 1;
	feed.sync();
}

export const changeChannel = 'impartial_change';
/** The listening connection's name in pg_stat_activity. */
export const listenerName = 'impartial change listener';

export interface ChangeListener {
	/** Whether announcements are being heard now. */
	readonly live: boolean;
	close(): Promise<void>;
}

/**
 * Listens on its own connection for the changes announced by any instance. While it hears them,
 * kept values are trusted without reading the counts. A lost connection is retried every
 * `retryMs`; until it is back, the counts are read again, and anything kept before is dropped.
 *
 * After each of its own writes the instance sends a marker on the same channel. PostgreSQL
 * delivers announcements in the order their transactions committed, so once the marker is heard,
 * so is any change that write made.
 */
export async function listenForChanges(db: Kysely<DB>, url: string, retryMs = 1_000): Promise<ChangeListener> {
	const feed: Feed = { live: false, epoch: 0, tables: new Map(), asked: 0, confirmed: 0 };
	const marker = `marker ${randomUUID()} `;
	feeds.set(db, feed);
	let client: pg.Client | undefined;
	let closed = false;
	let retry: ReturnType<typeof setTimeout> | undefined;
	// One marker at a time: writes made while one is on its way are covered by the next, which
	// carries the latest ticket.
	let sending = false;
	feed.sync = () => {
		const c = client;
		if (sending || !c || !feed.live) return;
		sending = true;
		const ticket = feed.asked;
		c.query('select pg_notify($1, $2)', [changeChannel, marker + ticket])
			.catch(() => {})
			.finally(() => {
				sending = false;
				if (feed.asked > ticket) feed.sync?.();
			});
	};
	const connect = async () => {
		const c = new pg.Client({ connectionString: url, application_name: listenerName });
		client = c;
		const lost = () => {
			if (client !== c) return;
			client = undefined;
			feed.live = false;
			feed.epoch += 1;
			c.end().catch(() => {});
			if (!closed) {
				retry = setTimeout(() => void connect(), retryMs);
				retry.unref();
			}
		};
		c.on('error', lost);
		c.on('end', lost);
		c.on('notification', ({ channel, payload = '' }) => {
			if (channel !== changeChannel) return;
			if (payload.startsWith(marker)) feed.confirmed = Math.max(feed.confirmed, Number(payload.slice(marker.length)));
			// Another instance's marker announces no change; anything else names a changed table.
			else if (!payload.startsWith('marker ')) feed.tables.set(payload, (feed.tables.get(payload) ?? 0) + 1);
		});
		try {
			await c.connect();
			await c.query(`listen ${changeChannel}`);
			if (client !== c) return;
			// Changes made before listening began were never heard: start afresh.
			feed.epoch += 1;
			feed.confirmed = feed.asked;
			feed.live = true;
		} catch {
			lost();
		}
	};
	await connect();
	return {
		get live() {
			return feed.live;
		},
		async close() {
			closed = true;
			clearTimeout(retry);
			feed.live = false;
			feed.sync = undefined;
			const c = client;
			client = undefined;
			await c?.end().catch(() => {});
		}
	};
}

/** Whether kept values are trusted now without reading the counts. */
export function trustsKeptValues(db: object): boolean {
	const feed = feeds.get(db);
	return !!feed?.live && feed.confirmed >= feed.asked;
}

/**
 * What has been heard of changes to `tables`, as one number that only ever grows: a change
 * announced for any of them, or a gap in listening, moves it on.
 */
function heardStamp(feed: Feed, tables: readonly CountedTable[]): number {
	let stamp = feed.epoch;
	for (const table of tables) stamp += feed.tables.get(table) ?? 0;
	return stamp;
}

/**
 * A kept value, with what it was worked out under: what had been heard of changes to its tables
 * (while listening) and their counts (when they were read). Either is taken before the value is
 * worked out.
 */
interface Kept {
	heard?: number;
	counts?: string;
	value: Promise<unknown>;
}

// One store per database handle. Values kept for each reader (their progress) make it large;
// past its size the value asked for longest ago is let go first. A Map keeps its keys in the
// order they were set, so a value asked for is set again to move it to the back.
const stores = new WeakMap<object, Map<string, Kept>>();
export const mostKept = 5_000;

/** A kept value asked for again, moved to the back of the store's order. */
function again(store: Map<string, Kept>, key: string, kept: Kept): Promise<unknown> {
	store.delete(key);
	store.set(key, kept);
	return kept.value;
}

/**
 * The value kept under `key` while none of `tables` has changed since it was worked out, else a
 * fresh one from `compute`. The stamp is taken before `compute` runs, so a change that lands in
 * between only makes the next request work it out again, never keeps a stale answer. A value kept
 * is shared by every request that asks for it, so callers must not change it.
 */
export async function keptWhileUnchanged<T>(
	db: Kysely<DB>,
	key: string,
	tables: readonly CountedTable[],
	compute: () => Promise<T>
): Promise<T> {
	let store = stores.get(db);
	if (!store) stores.set(db, (store = new Map()));
	const kept = store.get(key);
	const feed = feeds.get(db);
	// Read while listening, the stamp stays true of a value worked out now: any change not yet
	// heard moves it on when it is.
	const heard = feed?.live ? heardStamp(feed, tables) : undefined;
	let counts: string | undefined;
	if (trustsKeptValues(db)) {
		if (kept && kept.heard === heard) return again(store, key, kept) as Promise<T>;
	} else {
		counts = await changeStamp(db, tables);
		if (kept && kept.counts === counts) return again(store, key, kept) as Promise<T>;
	}
	store.delete(key);
	if (store.size >= mostKept) store.delete(store.keys().next().value!);
	const value = compute();
	const entry: Kept = { heard, counts, value };
	store.set(key, entry);
	// A failure is not kept: the next request tries again.
	value.catch(() => store.get(key) === entry && store.delete(key));
	return value;
}
