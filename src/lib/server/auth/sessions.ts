// Sessions: a random token in the cookie, its SHA-256 in the database, and a sliding expiry.
import type { Kysely } from 'kysely';
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
): Promise<{ person: SessionPerson; expiresAt: Date; renewed: boolean } | null> {
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
			'person.status'
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
	return { person, expiresAt, renewed };
}

export async function endSession(db: Kysely<DB>, token: string): Promise<void> {
	await db.deleteFrom('session').where('id', '=', hashToken(token)).execute();
}

export async function endAllSessions(db: Kysely<DB>, personId: string): Promise<number> {
	const result = await db.deleteFrom('session').where('personId', '=', personId).executeTakeFirst();
	return Number(result.numDeletedRows);
}
