// Sessions: a random token in the cookie, its SHA-256 in the database, and a sliding expiry.
import { sql, type Kysely } from 'kysely';
import type { AuthMethod, DB, Role } from '../db/schema';
import { generateToken, hashToken } from './tokens';

export const sessionCookieName = 'impartial_session';
const day = 24 * 60 * 60 * 1000;

/** What every request knows about the person signed in. */
export interface SessionPerson {
	id: string;
	name: string;
	email: string;
	roles: Role[];
	supervisorId: string | null;
}

/** What a session says about its second step (multi-factor authentication); see mfa/secondStepDue. */
export interface SecondFactorFacts {
	passedAt: Date | null;
	providerMfa: boolean;
	enrolled: boolean;
}

// The provider's own multi-factor check counts when a session was made by single sign-on and says so.
const secondFactorColumns = [
	'session.secondFactorAt',
	'session.providerMfa',
	sql<boolean>`exists (select 1 from totp_factor where totp_factor.person_id = person.id and totp_factor.confirmed_at is not null) or exists (select 1 from passkey where passkey.person_id = person.id)`.as(
		'enrolled'
	)
] as const;

/** How a session was signed in: a password unless said otherwise, and whether the provider vouched for a second factor. */
export interface SessionSignIn {
	authMethod: AuthMethod;
	providerMfa: boolean;
}

export async function createSession(
	db: Kysely<DB>,
	personId: string,
	sessionDays: number,
	signIn: SessionSignIn = { authMethod: 'password', providerMfa: false }
) {
	const token = generateToken();
	const expiresAt = new Date(Date.now() + sessionDays * day);
	await db
		.insertInto('session')
		.values({ id: hashToken(token), personId, expiresAt, ...signIn })
		.execute();
	return { token, expiresAt };
}

/**
 * The person behind a session token, renewing the session when it is past half its life. Read
 * from the database on every request (one lookup by primary key), so signing out, deactivation
 * and a change of roles take effect at once on every instance.
 */
export async function validateSessionToken(
	db: Kysely<DB>,
	token: string,
	sessionDays: number
): Promise<{
	person: SessionPerson;
	expiresAt: Date;
	renewed: boolean;
	secondFactor: SecondFactorFacts;
	/** The newest content publication's id, read in the same statement (see `followPublications`). */
	publicationId: number | null;
} | null> {
	const id = hashToken(token);
	const row = await db
		.selectFrom('session')
		.innerJoin('person', 'person.id', 'session.personId')
		.select([
			'session.expiresAt',
			'person.id',
			'person.name',
			'person.email',
			'person.roles',
			'person.supervisorId',
			'person.status',
			...secondFactorColumns,
			sql<number | null>`(select c.id from content_publication c order by c.id desc limit 1)`.as('publicationId')
		])
		.where('session.id', '=', id)
		.executeTakeFirst();
	if (!row) return null;
	const now = Date.now();
	if (row.expiresAt.getTime() <= now || row.status !== 'active') {
		await db.deleteFrom('session').where('id', '=', id).execute();
		return null;
	}
	let expiresAt = row.expiresAt;
	const renewed = expiresAt.getTime() - now < (sessionDays * day) / 2;
	if (renewed) {
		expiresAt = new Date(now + sessionDays * day);
		await db.updateTable('session').set({ expiresAt }).where('id', '=', id).execute();
	}
	const { id: personId, name, email, roles, supervisorId } = row;
	const person = { id: personId, name, email, roles, supervisorId };
	const secondFactor = { passedAt: row.secondFactorAt, providerMfa: !!row.providerMfa, enrolled: !!row.enrolled };
	return { person, expiresAt, renewed, secondFactor, publicationId: row.publicationId };
}

export async function endSession(db: Kysely<DB>, token: string): Promise<void> {
	await db.deleteFrom('session').where('id', '=', hashToken(token)).execute();
}

export async function endAllSessions(db: Kysely<DB>, personId: string): Promise<number> {
	const result = await db.deleteFrom('session').where('personId', '=', personId).executeTakeFirst();
	return Number(result.numDeletedRows);
}
