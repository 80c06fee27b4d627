// Figures worked out from one snapshot of the records and kept beside it, so a later read can tell
// whether anything they depend on has changed since (the reports' months, the people as they stand
// today). Several people opening the same report at once each work the figures out; the first to
// keep them wins, and the others, whose keeping PostgreSQL refuses because the row changed after
// their snapshot, still show the figures they worked out: those are right for the moment they read.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from './schema';

/**
 * PostgreSQL's codes for a transaction that lost a race: a serialization failure (another
 * transaction kept the same row after this one's snapshot) and a deadlock.
 */
const lostRace = new Set(['40001', '40P01']);

/** Whether an error is PostgreSQL saying this transaction lost a race with another. */
export const lostARace = (err: unknown) => lostRace.has((err as { code?: unknown })?.code as string);

/**
 * Runs `work` in a repeatable-read transaction, so everything it reads comes from one snapshot,
 * then `keep` with its figures and that snapshot, in the same transaction. When keeping loses a
 * race with another request keeping the same figures, the figures are returned all the same and
 * nothing of this request's is kept; any other failure is thrown.
 */
export async function workOutAndKeep<T>(
	db: Kysely<DB>,
	work: (trx: Transaction<DB>) => Promise<T>,
	keep: (trx: Transaction<DB>, figures: T, snapshot: string) => Promise<void>
): Promise<T> {
	let worked: { figures: T } | undefined;
	try {
		return await db
			.transaction()
			.setIsolationLevel('repeatable read')
			.execute(async (trx) => {
				// The first statement fixes the transaction's snapshot: `work` reads exactly it.
				const { rows } = await sql<{ snapshot: string }>`select pg_current_snapshot()::text as snapshot`.execute(trx);
				const figures = await work(trx);
				worked = { figures };
				await keep(trx, figures, rows[0]!.snapshot);
				return figures;
			});
	} catch (err) {
		if (worked && lostARace(err)) return worked.figures;
		throw err;
	}
}
