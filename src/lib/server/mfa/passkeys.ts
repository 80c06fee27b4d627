// Passkeys (WebAuthn): registering one from the account page and signing in with it. The browser
// side needs JavaScript; without it the sign-in page offers the app code instead. The challenge a
// session is waiting on is kept on its row, so any instance can check the answer.
import {
	generateAuthenticationOptions,
	generateRegistrationOptions,
	verifyAuthenticationResponse,
	verifyRegistrationResponse,
	type AuthenticationResponseJSON,
	type PublicKeyCredentialCreationOptionsJSON,
	type PublicKeyCredentialRequestOptionsJSON,
	type RegistrationResponseJSON
} from '@simplewebauthn/server';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { recordAudit } from '../audit';
import type { SessionPerson } from '../auth/sessions';
import { hashToken } from '../auth/tokens';
import { replaceRecoveryCodes, throttledCheck, type CodeCheck } from './index';

/** Where the passkey belongs: the site's host name, and the address the browser is on. */
export interface RelyingParty {
	id: string;
	name: string;
	origin: string;
}

export const relyingParty = (url: URL, serviceName: string): RelyingParty => ({
	id: url.hostname,
	name: serviceName,
	origin: url.origin
});

async function keepChallenge(db: Kysely<DB>, sessionToken: string, challenge: string) {
	await db
		.updateTable('session')
		.set({ webauthnChallenge: challenge })
		.where('id', '=', hashToken(sessionToken))
		.execute();
}

/** The challenge this session is waiting on, used up as it is read. */
async function takeChallenge(db: Kysely<DB>, sessionToken: string): Promise<string | null> {
	const id = hashToken(sessionToken);
	const row = await db.selectFrom('session').select('webauthnChallenge').where('id', '=', id).executeTakeFirst();
	if (row?.webauthnChallenge)
		await db.updateTable('session').set({ webauthnChallenge: null }).where('id', '=', id).execute();
	return row?.webauthnChallenge ?? null;
}

/** Reads what the browser sent back; anything that is not a credential's JSON is null. */
function readCredential<T>(json: string): T | null {
	try {
		const value = JSON.parse(json) as unknown;
		if (!value || typeof value !== 'object') return null;
		const { id, rawId, type, response } = value as Record<string, unknown>;
		if (typeof id !== 'string' || typeof rawId !== 'string' || type !== 'public-key') return null;
		if (!response || typeof response !== 'object') return null;
		return value as T;
	} catch {
		return null;
	}
}

const transportsOf = (saved: string) => (saved ? (saved.split(',') as AuthenticatorTransportFuture[]) : undefined);
type AuthenticatorTransportFuture = NonNullable<RegistrationResponseJSON['response']['transports']>[number];

export async function registrationOptions(
	db: Kysely<DB>,
	sessionToken: string,
	person: SessionPerson,
	rp: RelyingParty
): Promise<PublicKeyCredentialCreationOptionsJSON> {
	const existing = await db
		.selectFrom('passkey')
		.select(['credentialId', 'transports'])
		.where('personId', '=', person.id)
		.execute();
	const options = await generateRegistrationOptions({
		rpName: rp.name,
		rpID: rp.id,
		userName: person.email,
		userDisplayName: person.name,
		userID: new TextEncoder().encode(person.id),
		attestationType: 'none',
		excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: transportsOf(p.transports) })),
		authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' }
	});
	await keepChallenge(db, sessionToken, options.challenge);
	return options;
}

export type AddPasskeyResult = { ok: true; recoveryCodes: string[] } | { ok: false; message: string };

/** Saves the passkey the browser made, and gives the person recovery codes if they had none. */
export async function addPasskey(
	db: Kysely<DB>,
	sessionToken: string,
	person: SessionPerson,
	input: { name: string; credential: string },
	rp: RelyingParty,
	address: string | null
): Promise<AddPasskeyResult> {
	const failed = { ok: false as const, message: 'The passkey could not be added. Try again' };
	const challenge = await takeChallenge(db, sessionToken);
	const response = readCredential<RegistrationResponseJSON>(input.credential);
	if (!challenge || !response) return failed;
	let verification;
	try {
		verification = await verifyRegistrationResponse({
			response,
			expectedChallenge: challenge,
			expectedOrigin: rp.origin,
			expectedRPID: rp.id,
			requireUserVerification: false
		});
	} catch {
		return failed;
	}
	if (!verification.verified) return failed;
	const { credential } = verification.registrationInfo;
	return db.transaction().execute(async (trx) => {
		const taken = await trx
			.insertInto('passkey')
			.values({
				personId: person.id,
				credentialId: credential.id,
				publicKey: credential.publicKey,
				counter: credential.counter,
				transports: (credential.transports ?? []).join(','),
				name: input.name
			})
			.onConflict((oc) => oc.column('credentialId').doNothing())
			.returning('id')
			.executeTakeFirst();
		if (!taken) return failed;
		const left = await trx
			.selectFrom('recoveryCode')
			.select('id')
			.where('personId', '=', person.id)
			.where('usedAt', 'is', null)
			.executeTakeFirst();
		const recoveryCodes = left ? [] : await replaceRecoveryCodes(trx, person.id);
		await recordAudit(trx, {
			actorId: person.id,
			action: 'mfa.passkey-added',
			recordType: 'person',
			recordId: person.id,
			detail: { name: input.name },
			address
		});
		return { ok: true as const, recoveryCodes };
	});
}

/** Options for signing in with one of this person's passkeys; null if they have none. */
export async function authenticationOptions(
	db: Kysely<DB>,
	sessionToken: string,
	personId: string,
	rp: RelyingParty
): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
	const passkeys = await db
		.selectFrom('passkey')
		.select(['credentialId', 'transports'])
		.where('personId', '=', personId)
		.execute();
	if (!passkeys.length) return null;
	const options = await generateAuthenticationOptions({
		rpID: rp.id,
		allowCredentials: passkeys.map((p) => ({ id: p.credentialId, transports: transportsOf(p.transports) })),
		userVerification: 'preferred'
	});
	await keepChallenge(db, sessionToken, options.challenge);
	return options;
}

/** Checks the browser's answer with one of the person's passkeys, throttled like a code. */
export async function checkPasskey(
	db: Kysely<DB>,
	sessionToken: string,
	personId: string,
	credentialJson: string,
	rp: RelyingParty,
	address: string | null
): Promise<CodeCheck> {
	const challenge = await takeChallenge(db, sessionToken);
	const failed: CodeCheck = {
		ok: false,
		limited: false,
		message: 'Your passkey was not accepted. Try again, or enter a code'
	};
	return throttledCheck(db, personId, address, async (trx) => {
		const response = readCredential<AuthenticationResponseJSON>(credentialJson);
		if (!challenge || !response) return failed;
		const passkey = await trx
			.selectFrom('passkey')
			.select(['id', 'credentialId', 'publicKey', 'counter', 'transports'])
			.where('personId', '=', personId)
			.where('credentialId', '=', response.id)
			.executeTakeFirst();
		if (!passkey) return failed;
		let verification;
		try {
			verification = await verifyAuthenticationResponse({
				response,
				expectedChallenge: challenge,
				expectedOrigin: rp.origin,
				expectedRPID: rp.id,
				requireUserVerification: false,
				credential: {
					id: passkey.credentialId,
					publicKey: new Uint8Array(passkey.publicKey),
					counter: Number(passkey.counter),
					transports: transportsOf(passkey.transports)
				}
			});
		} catch {
			return failed;
		}
		if (!verification.verified) return failed;
		await trx
			.updateTable('passkey')
			.set({ counter: verification.authenticationInfo.newCounter, lastUsedAt: new Date() })
			.where('id', '=', passkey.id)
			.execute();
		return { ok: true, method: 'passkey' };
	});
}
