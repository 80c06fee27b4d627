// Sign-in throttling per account and per network address, kept in the database so that every
// instance of the app sees the same counts.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';

export const signInLimits = {
	windowMinutes: 15,
	perAccount: 5,
	perAddress: 20
};

export async function recordSignInAttempt(
	db: Kysely<DB>,
	attempt: { email: string; address: string; succeeded: boolean }
): Promise<void> {
	await db
		.insertInto('signInAttempt')
		.values({ email: attempt.email.toLowerCase(), address: attempt.address, succeeded: attempt.succeeded })
		.execute();
}

/** Whether a further attempt is refused, and for how many minutes at most. */
export async function signInThrottle(
	db: Kysely<DB>,
	email: string,
	address: string
): Promise<{ limited: boolean; retryMinutes: number }> {
	const since = sql<Date>`now() - make_interval(mins => ${signInLimits.windowMinutes})`;
	const [byAccount, byAddress] = await Promise.all([
		db
			.selectFrom('signInAttempt')
			.select([(eb) => eb.fn.countAll<string>().as('failures'), (eb) => eb.fn.min('attemptedAt').as('oldest')])
			.where('email', '=', email.toLowerCase())
			.where('succeeded', '=', false)
			.where('attemptedAt', '>', since)
			.executeTakeFirstOrThrow(),
		db
			.selectFrom('signInAttempt')
			.select([(eb) => eb.fn.countAll<string>().as('failures'), (eb) => eb.fn.min('attemptedAt').as('oldest')])
			.where('address', '=', address)
			.where('succeeded', '=', false)
			.where('attemptedAt', '>', since)
			.executeTakeFirstOrThrow()
	]);
	const over = [
		Number(byAccount.failures) >= signInLimits.perAccount ? byAccount.oldest : null,
		Number(byAddress.failures) >= signInLimits.perAddress ? byAddress.oldest : null
	].filter((d): d is Date => d instanceof Date);
	if (!over.length) return { limited: false, retryMinutes: 0 };
	const freedAt = Math.max(...over.map((d) => d.getTime())) + signInLimits.windowMinutes * 60_000;
	return { limited: true, retryMinutes: Math.max(1, Math.ceil((freedAt - Date.now()) / 60_000)) };
}
