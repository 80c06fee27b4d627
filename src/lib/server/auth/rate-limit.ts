// Throttling sign-in attempts and password-reset requests, per account (the email typed) and per
// network address, kept in the database so that every instance of the app sees the same counts.
//
// Each attempt is counted before anything is checked, in one transaction that holds a lock for
// the email and one for the address: simultaneous attempts wait their turn to be counted, so 30
// wrong passwords at once are 5 checked and 25 refused, never more checked than the limit.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema';

export const signInLimits = {
	windowMinutes: 15,
	perAccount: 5,
	perAddress: 20
};

/** Reset links: a few an hour to one address (so no inbox can be flooded), more from one client. */
export const passwordResetLimits = {
	windowMinutes: 60,
	perAccount: 3,
	perAddress: 10
};

export type Throttle = { limited: false } | { limited: true; retryMinutes: number };

type Window = { count: number; oldest: Date | null };

/** Holds the locks for this email and this address until the transaction ends, always in that order. */
async function lockFor(trx: Transaction<DB>, what: string, email: string, address: string): Promise<void> {
	await sql`select pg_advisory_xact_lock(hashtext(${`impartial.${what}.account`}), hashtext(${email}))`.execute(trx);
	await sql`select pg_advisory_xact_lock(hashtext(${`impartial.${what}.address`}), hashtext(${address}))`.execute(trx);
}

function throttle(windowMinutes: number, over: (Date | null)[]): Throttle {
	const dates = over.filter((d): d is Date => d instanceof Date);
	if (!dates.length) return { limited: false };
	const freedAt = Math.max(...dates.map((d) => d.getTime())) + windowMinutes * 60_000;
	return { limited: true, retryMinutes: Math.max(1, Math.ceil((freedAt - Date.now()) / 60_000)) };
}

/**
 * How many rows of `table` for this email or address fall within the last `windowMinutes`, and
 * when the oldest of them was: the window frees up that long after it.
 */
async function recent(
	trx: Transaction<DB>,
	table: 'sign_in_attempt' | 'password_reset_request',
	where: { column: 'email' | 'address'; value: string; windowMinutes: number; failedOnly?: boolean }
): Promise<Window> {
	const at = sql.ref(table === 'sign_in_attempt' ? 'attempted_at' : 'requested_at');
	const { rows } = await sql<{ count: number; oldest: Date | null }>`
		select count(*)::int as count, min(${at}) as oldest from ${sql.table(table)}
		where ${sql.ref(where.column)} = ${where.value} and ${at} > now() - make_interval(mins => ${where.windowMinutes})
		${where.failedOnly ? sql`and not succeeded` : sql``}`.execute(trx);
	return rows[0]!;
}

export type SignInClaim = Throttle & { attemptId?: string };

/**
 * Counts a sign-in attempt, as failed until `markSignInSucceeded` says otherwise, unless this
 * account or address has failed too often already: then nothing is counted and it is refused.
 */
export async function claimSignInAttempt(db: Kysely<DB>, email: string, address: string): Promise<SignInClaim> {
	const account = email.toLowerCase();
	return db.transaction().execute(async (trx) => {
		await lockFor(trx, 'sign-in', account, address);
		const { windowMinutes } = signInLimits;
		const byAccount = await recent(trx, 'sign_in_attempt', {
			column: 'email',
			value: account,
			windowMinutes,
			failedOnly: true
		});
		const byAddress = await recent(trx, 'sign_in_attempt', {
			column: 'address',
			value: address,
			windowMinutes,
			failedOnly: true
		});
		const limited = throttle(windowMinutes, [
			byAccount.count >= signInLimits.perAccount ? byAccount.oldest : null,
			byAddress.count >= signInLimits.perAddress ? byAddress.oldest : null
		]);
		if (limited.limited) return limited;
		const { id } = await trx
			.insertInto('signInAttempt')
			.values({ email: account, address, succeeded: false })
			.returning('id')
			.executeTakeFirstOrThrow();
		return { limited: false, attemptId: String(id) };
	});
}

export async function markSignInSucceeded(db: Kysely<DB>, attemptId: string): Promise<void> {
	await db.updateTable('signInAttempt').set({ succeeded: true }).where('id', '=', attemptId).execute();
}

/**
 * Counts a request for a password-reset link, unless this email or this address has asked too
 * often already. Whether the email has an account plays no part, so the answer says nothing of it.
 */
export async function claimPasswordResetRequest(
	db: Kysely<DB>,
	email: string,
	address: string
): Promise<Throttle & { byAddress?: boolean }> {
	const account = email.toLowerCase();
	return db.transaction().execute(async (trx) => {
		await lockFor(trx, 'password-reset', account, address);
		const { windowMinutes } = passwordResetLimits;
		const byAddress = await recent(trx, 'password_reset_request', { column: 'address', value: address, windowMinutes });
		if (byAddress.count >= passwordResetLimits.perAddress)
			return { ...throttle(windowMinutes, [byAddress.oldest]), byAddress: true };
		const byAccount = await recent(trx, 'password_reset_request', { column: 'email', value: account, windowMinutes });
		if (byAccount.count >= passwordResetLimits.perAccount)
			return { ...throttle(windowMinutes, [byAccount.oldest]), byAddress: false };
		await trx.insertInto('passwordResetRequest').values({ email: account, address }).execute();
		return { limited: false };
	});
}
