// Multi-factor authentication: who is asked for a second factor, setting up an authenticator app,
// checking a code (app or recovery code) with throttling, recovery codes, and a coordinator's
// reset of someone's factors. Passkeys are in ./passkeys.ts.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema';
import { recordAudit } from '../audit';
import { can } from '../auth/permissions';
import type { SessionPerson } from '../auth/sessions';
import { mfaPolicy } from './second-step';
import { hashToken } from '../auth/tokens';
import type { ServiceConfig } from '../content/service';
import { formatDateTimeWithZone } from '../../format';
import { sendEmail, type MailService } from '../mail';
import { newTotpSecret, readTotpCode, totpStep } from './totp';
import { hashRecoveryCode, newRecoveryCodes, readRecoveryCode, recoveryCodeMatches } from './recovery';

export { mfaPolicy, secondStepDue, type SecondStep } from './second-step';

/** Marks a session as past its second step: from now on it is fully signed in. */
export async function passSecondStep(db: Kysely<DB>, sessionToken: string): Promise<void> {
	await db
		.updateTable('session')
		.set({ secondFactorAt: new Date(), webauthnChallenge: null })
		.where('id', '=', hashToken(sessionToken))
		.execute();
}

export interface FactorSummary {
	app: boolean;
	passkeys: { id: string; name: string; createdAt: Date; lastUsedAt: Date | null }[];
	recoveryCodesLeft: number;
}

export async function factorSummary(db: Kysely<DB>, personId: string): Promise<FactorSummary> {
	const [app, passkeys, codes] = await Promise.all([
		db
			.selectFrom('totpFactor')
			.select('personId')
			.where('personId', '=', personId)
			.where('confirmedAt', 'is not', null)
			.executeTakeFirst(),
		db
			.selectFrom('passkey')
			.select(['id', 'name', 'createdAt', 'lastUsedAt'])
			.where('personId', '=', personId)
			.orderBy('createdAt')
			.execute(),
		db
			.selectFrom('recoveryCode')
			.select((eb) => eb.fn.countAll<number>().as('count'))
			.where('personId', '=', personId)
			.where('usedAt', 'is', null)
			.executeTakeFirstOrThrow()
	]);
	return { app: !!app, passkeys, recoveryCodesLeft: Number(codes.count) };
}

const hasAnyFactor = (s: FactorSummary) => s.app || s.passkeys.length > 0;

// Setting up an authenticator app.

/**
 * The secret of the app being set up, made now if none is waiting. Shown only until a code from
 * it is confirmed; an app already confirmed is never shown again (null).
 */
export async function pendingAppSecret(db: Kysely<DB>, personId: string): Promise<string | null> {
	await db
		.insertInto('totpFactor')
		.values({ personId, secret: newTotpSecret() })
		.onConflict((oc) => oc.column('personId').doNothing())
		.execute();
	const row = await db
		.selectFrom('totpFactor')
		.select(['secret', 'confirmedAt'])
		.where('personId', '=', personId)
		.executeTakeFirstOrThrow();
	return row.confirmedAt ? null : row.secret;
}

export type ConfirmAppResult = { ok: true; recoveryCodes: string[] } | { ok: false; message: string };

/**
 * Confirms the app being set up with a code from it, and gives the person ten new recovery codes
 * (to show them once) if they have none left.
 */
export async function confirmApp(
	db: Kysely<DB>,
	personId: string,
	typed: string,
	address: string | null
): Promise<ConfirmAppResult> {
	const code = readTotpCode(typed);
	if (!code) return { ok: false, message: 'Enter the 6-digit code your authenticator app shows' };
	return db.transaction().execute(async (trx) => {
		const row = await trx
			.selectFrom('totpFactor')
			.select(['secret', 'confirmedAt'])
			.where('personId', '=', personId)
			.forUpdate()
			.executeTakeFirst();
		if (!row || row.confirmedAt) return { ok: false as const, message: 'Start setting up the app again' };
		const step = totpStep(row.secret, code, null);
		if (step === null) {
			await recordAudit(trx, {
				actorId: personId,
				action: 'mfa.app-confirm-failed',
				recordType: 'person',
				recordId: personId,
				address
			});
			return {
				ok: false as const,
				message: 'The code is not right. Check the app shows the account you just added, and enter its newest code'
			};
		}
		await trx
			.updateTable('totpFactor')
			.set({ confirmedAt: new Date(), lastStep: step })
			.where('personId', '=', personId)
			.execute();
		const recoveryCodes = (await unusedRecoveryCodes(trx, personId)) ? [] : await replaceRecoveryCodes(trx, personId);
		await recordAudit(trx, {
			actorId: personId,
			action: 'mfa.app-added',
			recordType: 'person',
			recordId: personId,
			address
		});
		return { ok: true as const, recoveryCodes };
	});
}

// Recovery codes.

async function unusedRecoveryCodes(db: Kysely<DB>, personId: string): Promise<number> {
	const { count } = await db
		.selectFrom('recoveryCode')
		.select((eb) => eb.fn.countAll<number>().as('count'))
		.where('personId', '=', personId)
		.where('usedAt', 'is', null)
		.executeTakeFirstOrThrow();
	return Number(count);
}

/** Ten new recovery codes in place of any old ones; the codes themselves are returned only now. */
export async function replaceRecoveryCodes(db: Kysely<DB>, personId: string): Promise<string[]> {
	const codes = newRecoveryCodes();
	const hashes = await Promise.all(codes.map(hashRecoveryCode));
	await db.deleteFrom('recoveryCode').where('personId', '=', personId).execute();
	await db
		.insertInto('recoveryCode')
		.values(hashes.map((codeHash) => ({ personId, codeHash })))
		.execute();
	return codes;
}

/** New recovery codes asked for from the account page; the old ones stop working. */
export async function renewRecoveryCodes(
	db: Kysely<DB>,
	personId: string,
	address: string | null
): Promise<string[] | null> {
	if (!hasAnyFactor(await factorSummary(db, personId))) return null;
	return db.transaction().execute(async (trx) => {
		const codes = await replaceRecoveryCodes(trx, personId);
		await recordAudit(trx, {
			actorId: personId,
			action: 'mfa.recovery-codes-renewed',
			recordType: 'person',
			recordId: personId,
			address
		});
		return codes;
	});
}

// Checking a code at sign-in.

export const secondFactorLimits = { windowMinutes: 15, perPerson: 5 };

export type CodeCheck =
	| { ok: true; method: 'app' | 'recovery-code' | 'passkey'; recoveryCodesLeft?: number }
	| { ok: false; limited: boolean; message: string };

const tooMany = (minutes: number): CodeCheck => ({
	ok: false,
	limited: true,
	message: `Too many wrong codes. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again, or ask your coordinator to reset your sign-in methods.`
});

/**
 * Runs `check` for this person unless they have failed too often in the window, counting a failure
 * when it fails. One person's checks take turns (an advisory lock), so simultaneous guesses cannot
 * pass the limit, and a code is used up before the next check begins.
 */
export async function throttledCheck(
	db: Kysely<DB>,
	personId: string,
	address: string | null,
	check: (trx: Transaction<DB>) => Promise<CodeCheck>
): Promise<CodeCheck> {
	return db.transaction().execute(async (trx) => {
		await sql`select pg_advisory_xact_lock(hashtext('impartial.second-factor'), hashtext(${personId}))`.execute(trx);
		const { windowMinutes, perPerson } = secondFactorLimits;
		const { rows } = await sql<{ count: number; oldest: Date | null }>`
			select count(*)::int as count, min(attempted_at) as oldest from second_factor_attempt
			where person_id = ${personId} and attempted_at > now() - make_interval(mins => ${windowMinutes})`.execute(trx);
		const { count, oldest } = rows[0]!;
		if (count >= perPerson) {
			await recordAudit(trx, {
				actorId: personId,
				action: 'mfa.code-refused',
				recordType: 'person',
				recordId: personId,
				address
			});
			const freedAt = (oldest ? new Date(oldest).getTime() : Date.now()) + windowMinutes * 60_000;
			return tooMany(Math.max(1, Math.ceil((freedAt - Date.now()) / 60_000)));
		}
		const result = await check(trx);
		if (result.ok) {
			await recordAudit(trx, {
				actorId: personId,
				action: 'mfa.passed',
				recordType: 'person',
				recordId: personId,
				detail: { method: result.method },
				address
			});
		} else {
			await trx.insertInto('secondFactorAttempt').values({ personId }).execute();
			await recordAudit(trx, {
				actorId: personId,
				action: 'mfa.code-failed',
				recordType: 'person',
				recordId: personId,
				address
			});
		}
		return result;
	});
}

const wrongCode: CodeCheck = {
	ok: false,
	limited: false,
	message: 'The code is not right, or has been used already. Enter the newest code from your app, or a recovery code'
};

/** Checks a code typed at sign-in: 6 digits from the app, or a recovery code (used up). */
export function checkCode(db: Kysely<DB>, personId: string, typed: string, address: string | null) {
	return throttledCheck(db, personId, address, async (trx) => {
		const totp = readTotpCode(typed);
		if (totp) {
			const app = await trx
				.selectFrom('totpFactor')
				.select(['secret', 'lastStep'])
				.where('personId', '=', personId)
				.where('confirmedAt', 'is not', null)
				.executeTakeFirst();
			const step = app ? totpStep(app.secret, totp, app.lastStep === null ? null : Number(app.lastStep)) : null;
			if (step === null) return wrongCode;
			// Only a later step may be recorded, so the same code cannot pass twice even at once.
			const taken = await trx
				.updateTable('totpFactor')
				.set({ lastStep: step })
				.where('personId', '=', personId)
				.where((eb) => eb.or([eb('lastStep', 'is', null), eb('lastStep', '<', String(step) as never)]))
				.executeTakeFirst();
			return Number(taken.numUpdatedRows) === 1 ? { ok: true, method: 'app' } : wrongCode;
		}
		const recovery = readRecoveryCode(typed);
		if (recovery) {
			const codes = await trx
				.selectFrom('recoveryCode')
				.select(['id', 'codeHash'])
				.where('personId', '=', personId)
				.where('usedAt', 'is', null)
				.execute();
			for (const row of codes) {
				if (!(await recoveryCodeMatches(row.codeHash, recovery))) continue;
				const used = await trx
					.updateTable('recoveryCode')
					.set({ usedAt: new Date() })
					.where('id', '=', row.id)
					.where('usedAt', 'is', null)
					.executeTakeFirst();
				if (Number(used.numUpdatedRows) !== 1) return wrongCode;
				return { ok: true, method: 'recovery-code', recoveryCodesLeft: codes.length - 1 };
			}
		}
		return wrongCode;
	});
}

// Removing factors.

export type RemoveResult = { ok: true } | { ok: false; message: string };

const lastFactorMessage =
	'Your service requires a second sign-in method. Add a passkey or another app before you remove this one';

/** Removes one's own app. When the service requires a factor, the last one cannot go. */
export async function removeApp(
	db: Kysely<DB>,
	person: SessionPerson,
	service: Pick<ServiceConfig, 'mfa'>,
	address: string | null
): Promise<RemoveResult> {
	const summary = await factorSummary(db, person.id);
	if (!summary.app) return { ok: true };
	if (mfaPolicy(service) === 'required' && can(person, 'mfa.use') && summary.passkeys.length === 0)
		return { ok: false, message: lastFactorMessage };
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('totpFactor').where('personId', '=', person.id).execute();
		if (summary.passkeys.length === 0) await trx.deleteFrom('recoveryCode').where('personId', '=', person.id).execute();
		await recordAudit(trx, {
			actorId: person.id,
			action: 'mfa.app-removed',
			recordType: 'person',
			recordId: person.id,
			address
		});
	});
	return { ok: true };
}

/** Removes one of one's own passkeys, on the same terms as removeApp. */
export async function removePasskey(
	db: Kysely<DB>,
	person: SessionPerson,
	passkeyId: string,
	service: Pick<ServiceConfig, 'mfa'>,
	address: string | null
): Promise<RemoveResult> {
	const summary = await factorSummary(db, person.id);
	const passkey = summary.passkeys.find((p) => p.id === passkeyId);
	if (!passkey) return { ok: true };
	const others = summary.passkeys.length - 1 + (summary.app ? 1 : 0);
	if (mfaPolicy(service) === 'required' && can(person, 'mfa.use') && others === 0)
		return { ok: false, message: lastFactorMessage };
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('passkey').where('id', '=', passkeyId).where('personId', '=', person.id).execute();
		if (others === 0) await trx.deleteFrom('recoveryCode').where('personId', '=', person.id).execute();
		await recordAudit(trx, {
			actorId: person.id,
			action: 'mfa.passkey-removed',
			recordType: 'person',
			recordId: person.id,
			detail: { name: passkey.name },
			address
		});
	});
	return { ok: true };
}

/**
 * A coordinator removes every second factor of someone who has lost their device. They sign in
 * with their password next time (and set up a new factor if the service requires one); they are
 * told by email, so a reset they did not ask for does not go unnoticed.
 */
export async function resetFactors(
	db: Kysely<DB>,
	actor: SessionPerson,
	subject: { id: string; name: string; email: string },
	service: MailService,
	address: string | null
): Promise<boolean> {
	if (!can(actor, 'mfa.reset', { id: subject.id, supervisorId: null })) return false;
	await db.transaction().execute(async (trx) => {
		const summary = await factorSummary(trx, subject.id);
		await trx.deleteFrom('totpFactor').where('personId', '=', subject.id).execute();
		await trx.deleteFrom('passkey').where('personId', '=', subject.id).execute();
		await trx.deleteFrom('recoveryCode').where('personId', '=', subject.id).execute();
		await trx.deleteFrom('secondFactorAttempt').where('personId', '=', subject.id).execute();
		await recordAudit(trx, {
			actorId: actor.id,
			action: 'mfa.reset',
			recordType: 'person',
			recordId: subject.id,
			detail: { app: summary.app, passkeys: summary.passkeys.length },
			address
		});
	});
	await sendEmail(
		db,
		{
			to: subject.email,
			subject: `Your ${service.shortName} sign-in methods have been reset`,
			body: [
				`Hello ${subject.name},`,
				'',
				`${actor.name} removed the authenticator app, passkeys and recovery codes from your ${service.shortName} account on ${formatDateTimeWithZone(new Date())}. Next time you sign in, you will use your password, and may be asked to set up a new app or passkey.`,
				'',
				`If you did not ask for this, write to ${service.contactEmail} at once.`
			].join('\n')
		},
		service
	);
	return true;
}
