// Signing in and out, accepting an invitation, and resetting a forgotten password.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { recordAudit } from '../audit';
import type { ServiceConfig } from '../content/service';
import { formatDateTimeWithZone } from '../../format';
import { linkPlaceholder, sendEmail, type MailService } from '../mail';
import { findOpenedLink, useAccountLink, linkProblemMessages } from './links';
import { decoyPasswordHash, hashPassword, verifyPassword } from './password';
import { claimPasswordResetRequest, claimSignInAttempt, markSignInSucceeded } from './rate-limit';
import { createSession, endAllSessions, endSession } from './sessions';

export const wrongCredentialsMessage = 'Enter a correct email address and password';

export type SignInResult =
	{ ok: true; personId: string; token: string; expiresAt: Date } | { ok: false; message: string; limited: boolean };

export async function signIn(
	db: Kysely<DB>,
	attempt: { email: string; password: string; address: string },
	service: ServiceConfig
): Promise<SignInResult> {
	const email = attempt.email.toLowerCase();
	// Counted before the password is checked, so simultaneous guesses cannot slip past the limit.
	const claim = await claimSignInAttempt(db, email, attempt.address);
	if (claim.limited) {
		await recordAudit(db, {
			actorId: null,
			action: 'auth.sign-in-refused',
			detail: { email },
			address: attempt.address
		});
		return {
			ok: false,
			limited: true,
			message: `Too many attempts to sign in. Wait ${claim.retryMinutes} minute${claim.retryMinutes === 1 ? '' : 's'} and try again, or reset your password.`
		};
	}
	const person = await db
		.selectFrom('person')
		.select(['id', 'passwordHash', 'status'])
		.where(sql<boolean>`lower(email) = ${email}`)
		.executeTakeFirst();
	// Verify something even for an unknown email, so that timing does not tell which emails exist.
	const valid = await verifyPassword(person?.passwordHash ?? (await decoyPasswordHash()), attempt.password);
	const succeeded = !!person && !!person.passwordHash && valid && person.status === 'active';
	if (succeeded) await markSignInSucceeded(db, claim.attemptId!);
	if (!succeeded) {
		await recordAudit(db, {
			actorId: null,
			action: 'auth.sign-in-failed',
			recordType: person ? 'person' : undefined,
			recordId: person?.id,
			detail: { email },
			address: attempt.address
		});
		return { ok: false, limited: false, message: wrongCredentialsMessage };
	}
	const session = await createSession(db, person.id, service.sessionDays);
	await recordAudit(db, {
		actorId: person.id,
		action: 'auth.signed-in',
		recordType: 'person',
		recordId: person.id,
		address: attempt.address
	});
	return { ok: true, personId: person.id, ...session };
}

export async function signOut(db: Kysely<DB>, token: string, personId: string): Promise<void> {
	await endSession(db, token);
	await recordAudit(db, { actorId: personId, action: 'auth.signed-out', recordType: 'person', recordId: personId });
}

export type LinkUseResult = { ok: true; personId: string } | { ok: false; message: string };

/** Sets up an invited account through the invitation its browser opened (see openAccountLink). */
export async function acceptInvitation(
	db: Kysely<DB>,
	secret: string,
	input: { name: string; password: string }
): Promise<LinkUseResult> {
	const passwordHash = await hashPassword(input.password);
	return db.transaction().execute(async (trx) => {
		const link = await findOpenedLink(trx, secret, 'invitation');
		if (!link.ok) return { ok: false, message: linkProblemMessages[link.problem] };
		if (!(await useAccountLink(trx, link.linkId))) return { ok: false, message: linkProblemMessages.used };
		await trx
			.updateTable('person')
			.set({ name: input.name, passwordHash, status: 'active', activatedAt: new Date() })
			.where('id', '=', link.person.id)
			.execute();
		await recordAudit(trx, {
			actorId: link.person.id,
			action: 'person.invitation-accepted',
			recordType: 'person',
			recordId: link.person.id
		});
		return { ok: true, personId: link.person.id };
	});
}

/**
 * Sets a new password through the reset link its browser opened, signs the person out
 * everywhere, and tells them by email: if it was not them, they know at once.
 */
export async function resetPassword(
	db: Kysely<DB>,
	secret: string,
	password: string,
	service: MailService
): Promise<LinkUseResult> {
	const passwordHash = await hashPassword(password);
	const result = await db.transaction().execute(async (trx) => {
		const link = await findOpenedLink(trx, secret, 'password-reset');
		if (!link.ok) return { ok: false as const, message: linkProblemMessages[link.problem] };
		if (!(await useAccountLink(trx, link.linkId))) return { ok: false as const, message: linkProblemMessages.used };
		await trx.updateTable('person').set({ passwordHash }).where('id', '=', link.person.id).execute();
		// A new password signs out every device that knew the old one.
		await endAllSessions(trx, link.person.id);
		await recordAudit(trx, {
			actorId: link.person.id,
			action: 'auth.password-reset',
			recordType: 'person',
			recordId: link.person.id
		});
		return { ok: true as const, person: link.person };
	});
	if (!result.ok) return result;
	await sendEmail(
		db,
		{
			to: result.person.email,
			subject: `Your ${service.shortName} password has been changed`,
			body: [
				`Hello ${result.person.name},`,
				'',
				`The password for your ${service.shortName} account was changed on ${formatDateTimeWithZone(new Date())}, and every device signed in with the old one has been signed out.`,
				'',
				`If you did not change it, write to ${service.contactEmail} at once.`
			].join('\n')
		},
		service
	);
	return { ok: true, personId: result.person.id };
}

export type ResetRequestResult = { ok: true } | { ok: false; message: string };

/**
 * Sends a reset link to an active account. Says nothing about whether the email is known: a
 * request for an email asked for too often already is answered as any other, and only a client
 * that has asked too often (for whatever emails) is told to wait.
 */
export async function requestPasswordReset(
	db: Kysely<DB>,
	email: string,
	service: MailService,
	origin: string,
	address: string
): Promise<ResetRequestResult> {
	const claim = await claimPasswordResetRequest(db, email, address);
	if (claim.limited) {
		await recordAudit(db, {
			actorId: null,
			action: 'auth.password-reset-refused',
			detail: { email, byAddress: !!claim.byAddress },
			address
		});
		if (!claim.byAddress) return { ok: true };
		return {
			ok: false,
			message: `Too many requests for a new password from your connection. Wait ${claim.retryMinutes} minute${claim.retryMinutes === 1 ? '' : 's'} and try again.`
		};
	}
	const person = await db
		.selectFrom('person')
		.select(['id', 'name', 'email'])
		.where(sql<boolean>`lower(email) = lower(${email})`)
		.where('status', '=', 'active')
		.executeTakeFirst();
	await recordAudit(db, {
		actorId: null,
		action: 'auth.password-reset-requested',
		recordType: person ? 'person' : undefined,
		recordId: person?.id,
		detail: { email, known: !!person },
		address
	});
	if (!person) return { ok: true };
	await sendEmail(
		db,
		{
			to: person.email,
			subject: `Reset your ${service.shortName} password`,
			body: [
				`Hello ${person.name},`,
				'',
				'Someone asked to reset the password for this email address. If it was you, set a new password here:',
				linkPlaceholder,
				'',
				'If it was not you, ignore this email: your password has not changed.'
			].join('\n'),
			link: { personId: person.id, purpose: 'password-reset', createdBy: null }
		},
		service,
		origin
	);
	return { ok: true };
}

/** The first coordinator, made from the command line. */
export async function createCoordinator(
	db: Kysely<DB>,
	input: { email: string; name: string; password: string }
): Promise<string> {
	const passwordHash = await hashPassword(input.password);
	const { id } = await db
		.insertInto('person')
		.values({
			email: input.email,
			name: input.name,
			roles: ['coordinator'],
			status: 'active',
			passwordHash,
			activatedAt: new Date()
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await recordAudit(db, {
		actorId: null,
		action: 'person.coordinator-created',
		recordType: 'person',
		recordId: id,
		detail: { via: 'command line' }
	});
	return id;
}
