// Single-use links for accepting an invitation or resetting a password.
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

export type LinkProblem = 'unknown' | 'used' | 'expired' | 'deactivated';

export type LinkLookup =
	| { ok: true; linkId: string; person: { id: string; email: string; name: string; status: string } }
	| { ok: false; problem: LinkProblem };

export async function findAccountLink(db: Kysely<DB>, token: string, purpose: AccountLinkPurpose): Promise<LinkLookup> {
	const row = await db
		.selectFrom('accountLink')
		.innerJoin('person', 'person.id', 'accountLink.personId')
		.select([
			'accountLink.id as linkId',
			'accountLink.usedAt',
			'accountLink.expiresAt',
			'person.id',
			'person.email',
			'person.name',
			'person.status'
		])
		.where('accountLink.tokenHash', '=', hashToken(token))
		.where('accountLink.purpose', '=', purpose)
		.executeTakeFirst();
	if (!row) return { ok: false, problem: 'unknown' };
	if (row.usedAt) return { ok: false, problem: 'used' };
	if (row.expiresAt.getTime() <= Date.now()) return { ok: false, problem: 'expired' };
	if (row.status === 'deactivated') return { ok: false, problem: 'deactivated' };
	return { ok: true, linkId: row.linkId, person: { id: row.id, email: row.email, name: row.name, status: row.status } };
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
	expired: 'This link has expired. Ask your coordinator for a new one.',
	deactivated: 'This account has been deactivated. Contact your coordinator if you think this is wrong.'
};
