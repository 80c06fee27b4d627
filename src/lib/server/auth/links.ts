// Single-use links for accepting an invitation or resetting a password. The emailed address is
// exchanged on its first opening for a secret kept in that browser's cookie, and the page goes on
// at an address with no token: the one in proxy logs, browser history and Referer headers no
// longer works once the person has opened it.
import type { Kysely } from 'kysely';
import type { AccountLinkPurpose, DB } from '../db/schema';
import { generateToken, hashToken } from './tokens';

export async function createAccountLink(
	db: Kysely<DB>,
	link: { personId: string; purpose: AccountLinkPurpose; createdBy: string | null; validForMs: number }
): Promise<{ token: string; expiresAt: Date }> {
	const token = generateToken();
	const expiresAt = new Date(Date.now() + link.validForMs);
	// A new link replaces any earlier unused one for the same purpose.
	await db
		.updateTable('accountLink')
		.set({ usedAt: new Date() })
		.where('personId', '=', link.personId)
		.where('purpose', '=', link.purpose)
		.where('usedAt', 'is', null)
		.execute();
	await db
		.insertInto('accountLink')
		.values({
			tokenHash: hashToken(token),
			personId: link.personId,
			purpose: link.purpose,
			createdBy: link.createdBy,
			expiresAt
		})
		.execute();
	return { token, expiresAt };
}

export type LinkProblem = 'unknown' | 'used' | 'opened' | 'expired' | 'deactivated';

export type LinkLookup =
	| { ok: true; linkId: string; person: { id: string; email: string; name: string; status: string } }
	| { ok: false; problem: LinkProblem };

async function findLink(
	db: Kysely<DB>,
	by: 'tokenHash' | 'sessionHash',
	secret: string,
	purpose: AccountLinkPurpose
): Promise<LinkLookup & { opened?: boolean }> {
	const row = await db
		.selectFrom('accountLink')
		.innerJoin('person', 'person.id', 'accountLink.personId')
		.select([
			'accountLink.id as linkId',
			'accountLink.usedAt',
			'accountLink.expiresAt',
			'accountLink.openedAt',
			'person.id',
			'person.email',
			'person.name',
			'person.status'
		])
		.where(`accountLink.${by}`, '=', hashToken(secret))
		.where('accountLink.purpose', '=', purpose)
		.executeTakeFirst();
	if (!row) return { ok: false, problem: 'unknown' };
	if (row.usedAt) return { ok: false, problem: 'used' };
	if (row.expiresAt.getTime() <= Date.now()) return { ok: false, problem: 'expired' };
	if (row.status === 'deactivated') return { ok: false, problem: 'deactivated' };
	return {
		ok: true,
		opened: !!row.openedAt,
		linkId: row.linkId,
		person: { id: row.id, email: row.email, name: row.name, status: row.status }
	};
}

/**
 * Opens an emailed link: its token is exchanged, once, for a new secret that only the opening
 * browser holds. Anyone with the emailed address after that is told it has been opened.
 */
export async function openAccountLink(
	db: Kysely<DB>,
	token: string,
	purpose: AccountLinkPurpose
): Promise<{ ok: true; secret: string; expiresAt: Date } | { ok: false; problem: LinkProblem }> {
	const link = await findLink(db, 'tokenHash', token, purpose);
	if (!link.ok) return link;
	if (link.opened) return { ok: false, problem: 'opened' };
	const secret = generateToken();
	const opened = await db
		.updateTable('accountLink')
		.set({ openedAt: new Date(), sessionHash: hashToken(secret) })
		.where('id', '=', link.linkId)
		.where('openedAt', 'is', null)
		.returning('expiresAt')
		.executeTakeFirst();
	if (!opened) return { ok: false, problem: 'opened' };
	return { ok: true, secret, expiresAt: opened.expiresAt };
}

/** The link a browser opened, found by the secret in its cookie. */
export async function findOpenedLink(db: Kysely<DB>, secret: string, purpose: AccountLinkPurpose): Promise<LinkLookup> {
	const { opened: _opened, ...link } = await findLink(db, 'sessionHash', secret, purpose);
	return link;
}

/** Marks a link used; false when another request used it first. */
export async function useAccountLink(db: Kysely<DB>, linkId: string): Promise<boolean> {
	const result = await db
		.updateTable('accountLink')
		.set({ usedAt: new Date() })
		.where('id', '=', linkId)
		.where('usedAt', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

export const linkProblemMessages: Record<LinkProblem, string> = {
	unknown: 'This link is not recognised. Check you copied the whole link, or ask your coordinator for a new one.',
	used: 'This link has already been used. Links work once: sign in, or ask your coordinator for a new link.',
	opened:
		'This link has already been opened. Links work once: carry on in the browser where you first opened it, or ask for a new link.',
	expired: 'This link has expired. Ask your coordinator for a new one.',
	deactivated: 'This account has been deactivated. Contact your coordinator if you think this is wrong.'
};
