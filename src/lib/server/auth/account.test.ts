import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import { loadServiceConfig, type ServiceConfig } from '../content/service';
import { invitePerson, issueSignInLink, setPersonActive } from '../people';
import { linkRemoved } from '../mail';
import { openAccountLink } from './links';
import {
	acceptInvitation,
	createCoordinator,
	requestPasswordReset,
	resetPassword,
	signIn,
	wrongCredentialsMessage
} from './account';
import { passwordResetLimits, signInLimits } from './rate-limit';
import { validateSessionToken, type SessionPerson } from './sessions';

const service = loadServiceConfig('content').service as ServiceConfig;
const origin = 'http://localhost:3000';
let address = 0;
/** Each test signs in from its own address so that the per-address limit is its own. */
const nextAddress = () => `10.0.0.${++address}`;

describe.each(testDatabaseKinds)('accounts on %s', (kind) => {
	let test: TestDatabase;
	let coordinator: SessionPerson;

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		const id = await createCoordinator(test.db, {
			email: 'lead@example.org',
			name: 'Lead Coordinator',
			password: 'a long enough passphrase'
		});
		coordinator = {
			id,
			name: 'Lead Coordinator',
			email: 'lead@example.org',
			roles: ['coordinator'],
			supervisorId: null
		};
	});
	afterAll(() => test.close());

	async function invite(email: string) {
		const result = await invitePerson(
			test.db,
			coordinator,
			{ email, name: 'New Volunteer', roles: ['volunteer'], supervisorId: null },
			service,
			origin
		);
		if (!result.ok) throw new Error(JSON.stringify(result.errors));
		// Email is not set up in these tests, so the link comes back to be passed on by hand.
		const token = result.link!.url.split('/').pop()!;
		return { ...result, token, secret: await open(token, 'invitation') };
	}

	/** Invites someone and accepts the invitation through its opened link, as their browser would. */
	async function activePerson(email: string, name: string) {
		const { secret } = await invite(email);
		const accepted = await acceptInvitation(test.db, secret, { name, password: 'correct horse battery' });
		if (!accepted.ok) throw new Error(accepted.message);
	}

	/** Opens an emailed link as a browser would, returning the secret its cookie would hold. */
	async function open(token: string, purpose: 'invitation' | 'password-reset') {
		const opened = await openAccountLink(test.db, token, purpose);
		if (!opened.ok) throw new Error(opened.problem);
		return opened.secret;
	}

	it('signs in with the right password, case-insensitively by email, and the session names the person', async () => {
		const result = await signIn(
			test.db,
			{ email: 'LEAD@example.org', password: 'a long enough passphrase', address: nextAddress() },
			service
		);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const session = await validateSessionToken(test.db, result.token, service.sessionDays);
		expect(session?.person).toMatchObject({ id: coordinator.id, name: 'Lead Coordinator', roles: ['coordinator'] });
	});

	it('gives the same message for a wrong password and an unknown email, and logs both', async () => {
		const wrongPassword = await signIn(
			test.db,
			{ email: 'lead@example.org', password: 'not the password', address: nextAddress() },
			service
		);
		const unknownEmail = await signIn(
			test.db,
			{ email: 'nobody@example.org', password: 'not the password', address: nextAddress() },
			service
		);
		expect(wrongPassword).toEqual({ ok: false, limited: false, message: wrongCredentialsMessage });
		expect(unknownEmail).toEqual(wrongPassword);
		const failures = await test.db
			.selectFrom('auditEvent')
			.select('detail')
			.where('action', '=', 'auth.sign-in-failed')
			.execute();
		expect(failures.map((f) => f.detail.email)).toEqual(
			expect.arrayContaining(['lead@example.org', 'nobody@example.org'])
		);
	});

	it('refuses an account after repeated failures, even with the right password, from any address', async () => {
		const { secret } = await invite('throttled@example.org');
		await acceptInvitation(test.db, secret, { name: 'Throttled', password: 'correct horse battery' });
		for (let i = 0; i < signInLimits.perAccount; i++) {
			await signIn(
				test.db,
				{ email: 'throttled@example.org', password: 'wrong guess', address: nextAddress() },
				service
			);
		}
		const result = await signIn(
			test.db,
			{ email: 'throttled@example.org', password: 'correct horse battery', address: nextAddress() },
			service
		);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.limited).toBe(true);
		expect(result.message).toMatch(/^Too many attempts to sign in\. Wait \d+ minutes? and try again/);
	});

	it('refuses an address that has failed too often, whichever email it tries', async () => {
		const from = nextAddress();
		for (let i = 0; i < signInLimits.perAddress; i++) {
			await signIn(test.db, { email: `guess${i}@example.org`, password: 'wrong guess', address: from }, service);
		}
		const result = await signIn(
			test.db,
			{ email: 'lead@example.org', password: 'a long enough passphrase', address: from },
			service
		);
		expect(result).toMatchObject({ ok: false, limited: true });
		const elsewhere = await signIn(
			test.db,
			{ email: 'lead@example.org', password: 'a long enough passphrase', address: nextAddress() },
			service
		);
		expect(elsewhere.ok).toBe(true);
	});

	it('accepts an invitation once: a second use, even at the same moment, is refused', async () => {
		const { secret, personId } = await invite('twice@example.org');
		const [a, b] = await Promise.all([
			acceptInvitation(test.db, secret, { name: 'First Tab', password: 'correct horse battery' }),
			acceptInvitation(test.db, secret, { name: 'Second Tab', password: 'correct horse battery' })
		]);
		expect([a.ok, b.ok].sort()).toEqual([false, true]);
		const again = await acceptInvitation(test.db, secret, { name: 'Later', password: 'correct horse battery' });
		expect(again).toEqual({ ok: false, message: expect.stringContaining('already been used') });
		const person = await test.db
			.selectFrom('person')
			.select(['status', 'activatedAt'])
			.where('id', '=', personId)
			.executeTakeFirstOrThrow();
		expect(person.status).toBe('active');
		expect(person.activatedAt).toBeInstanceOf(Date);
	});

	it('exchanges an emailed link on first opening: the emailed address then works for no one', async () => {
		const result = await invitePerson(
			test.db,
			coordinator,
			{ email: 'opened@example.org', name: 'Opened Once', roles: ['volunteer'], supervisorId: null },
			service,
			origin
		);
		if (!result.ok) throw new Error('invitation failed');
		const token = result.link!.url.split('/').pop()!;
		const [first, second] = await Promise.all([
			openAccountLink(test.db, token, 'invitation'),
			openAccountLink(test.db, token, 'invitation')
		]);
		expect([first.ok, second.ok].sort()).toEqual([false, true]);
		expect(await openAccountLink(test.db, token, 'invitation')).toEqual({ ok: false, problem: 'opened' });
		// The token is no key to anything: only the secret the first browser was given is.
		await expect(
			acceptInvitation(test.db, token, { name: 'Thief', password: 'correct horse battery' })
		).resolves.toEqual({
			ok: false,
			message: expect.stringContaining('not recognised')
		});
		const secret = first.ok ? first.secret : second.ok ? second.secret : '';
		expect(
			await acceptInvitation(test.db, secret, { name: 'Opened Once', password: 'correct horse battery' })
		).toMatchObject({
			ok: true
		});
		// A link of one kind opens nothing of the other.
		expect(await openAccountLink(test.db, token, 'password-reset')).toEqual({ ok: false, problem: 'unknown' });
	});

	it('refuses an expired invitation with a message saying so', async () => {
		const { secret, personId } = await invite('late@example.org');
		await test.db
			.updateTable('accountLink')
			.set({ expiresAt: new Date(Date.now() - 1000) })
			.where('personId', '=', personId)
			.execute();
		const result = await acceptInvitation(test.db, secret, { name: 'Late', password: 'correct horse battery' });
		expect(result).toEqual({ ok: false, message: expect.stringContaining('expired') });
	});

	it('does not invite the same email twice', async () => {
		await invite('dup@example.org');
		const again = await invitePerson(
			test.db,
			coordinator,
			{ email: 'DUP@example.org', name: 'Dup', roles: ['staff'], supervisorId: null },
			service,
			origin
		);
		expect(again).toEqual({ ok: false, errors: { email: 'Someone with this email address already has an account' } });
	});

	it('deactivating ends every session at once and stops sign-in', async () => {
		const { secret, personId } = await invite('leaver@example.org');
		await acceptInvitation(test.db, secret, { name: 'Leaver', password: 'correct horse battery' });
		const signedIn = await signIn(
			test.db,
			{ email: 'leaver@example.org', password: 'correct horse battery', address: nextAddress() },
			service
		);
		if (!signedIn.ok) throw new Error('sign-in failed');
		await setPersonActive(test.db, coordinator, personId, false);
		expect(await validateSessionToken(test.db, signedIn.token, service.sessionDays)).toBeNull();
		const again = await signIn(
			test.db,
			{ email: 'leaver@example.org', password: 'correct horse battery', address: nextAddress() },
			service
		);
		expect(again.ok).toBe(false);
		const audit = await test.db
			.selectFrom('auditEvent')
			.select(['actorId', 'detail'])
			.where('action', '=', 'person.deactivated')
			.where('recordId', '=', personId)
			.executeTakeFirstOrThrow();
		expect(audit).toEqual({ actorId: coordinator.id, detail: { endedSessions: 1 } });
	});

	it('keeps no link from a reset request, and resets through a fresh one, signing out and telling the person', async () => {
		const { secret: invitation, personId } = await invite('forgetful@example.org');
		await acceptInvitation(test.db, invitation, { name: 'Forgetful', password: 'correct horse battery' });
		const before = await signIn(
			test.db,
			{ email: 'forgetful@example.org', password: 'correct horse battery', address: nextAddress() },
			service
		);
		if (!before.ok) throw new Error('sign-in failed');
		await requestPasswordReset(test.db, 'Forgetful@example.org', service, origin, nextAddress());
		const message = await test.db
			.selectFrom('outboxMessage')
			.select('body')
			.where('toAddress', '=', 'forgetful@example.org')
			.orderBy('createdAt', 'desc')
			.executeTakeFirstOrThrow();
		expect(message.body).toContain(linkRemoved);
		expect(message.body).not.toMatch(/reset-password\//);
		// With no email, the coordinator makes a fresh link and passes it on.
		const fresh = await issueSignInLink(
			test.db,
			coordinator,
			{ id: personId, name: 'Forgetful', email: 'forgetful@example.org', status: 'active' },
			service,
			origin
		);
		expect(fresh.link!.url).toMatch(new RegExp(`^${origin}/reset-password/[\\w-]{43}$`));
		const secret = await open(fresh.link!.url.split('/').pop()!, 'password-reset');
		expect(await resetPassword(test.db, secret, 'staple battery horse correct', service)).toMatchObject({ ok: true });
		expect(await validateSessionToken(test.db, before.token, service.sessionDays)).toBeNull();
		const after = await signIn(
			test.db,
			{ email: 'forgetful@example.org', password: 'staple battery horse correct', address: nextAddress() },
			service
		);
		expect(after.ok).toBe(true);
		const notice = await test.db
			.selectFrom('outboxMessage')
			.select(['subject', 'body'])
			.where('toAddress', '=', 'forgetful@example.org')
			.orderBy('createdAt', 'desc')
			.executeTakeFirstOrThrow();
		expect(notice.subject).toBe(`Your ${service.shortName} password has been changed`);
		expect(notice.body).toContain(`If you did not change it, write to ${service.contactEmail}`);
	});

	it('sends nothing for an unknown email, but still records the request', async () => {
		await requestPasswordReset(test.db, 'stranger@example.org', service, origin, nextAddress());
		const sent = await test.db
			.selectFrom('outboxMessage')
			.select('id')
			.where('toAddress', '=', 'stranger@example.org')
			.execute();
		expect(sent).toHaveLength(0);
	});

	it('checks exactly as many of 30 simultaneous wrong passwords for one account as the limit allows', async () => {
		await activePerson('raced@example.org', 'Raced');
		const results = await Promise.all(
			Array.from({ length: 30 }, () =>
				signIn(test.db, { email: 'raced@example.org', password: 'wrong guess', address: nextAddress() }, service)
			)
		);
		const checked = results.filter((r) => !r.ok && !r.limited);
		expect(checked).toHaveLength(signInLimits.perAccount);
		expect(results.filter((r) => !r.ok && r.limited)).toHaveLength(30 - signInLimits.perAccount);
		const counted = await test.db
			.selectFrom('signInAttempt')
			.select('id')
			.where('email', '=', 'raced@example.org')
			.execute();
		expect(counted).toHaveLength(signInLimits.perAccount);
		// And the right password now waits its turn like the rest.
		const right = await signIn(
			test.db,
			{ email: 'raced@example.org', password: 'correct horse battery', address: nextAddress() },
			service
		);
		expect(right).toMatchObject({ ok: false, limited: true });
	});

	it('checks exactly as many simultaneous guesses from one address as its limit allows', async () => {
		const from = nextAddress();
		const results = await Promise.all(
			Array.from({ length: signInLimits.perAddress + 10 }, (_, i) =>
				signIn(test.db, { email: `crowd${i}@example.org`, password: 'wrong guess', address: from }, service)
			)
		);
		expect(results.filter((r) => !r.ok && !r.limited)).toHaveLength(signInLimits.perAddress);
	});

	it('counts a successful sign-in as a success, not towards the limit', async () => {
		await activePerson('steady@example.org', 'Steady');
		for (let i = 0; i < signInLimits.perAccount + 2; i++) {
			const result = await signIn(
				test.db,
				{ email: 'steady@example.org', password: 'correct horse battery', address: nextAddress() },
				service
			);
			expect(result.ok).toBe(true);
		}
	});

	describe('password-reset requests', () => {
		const outboxFor = (email: string) =>
			test.db
				.selectFrom('outboxMessage')
				.select('id')
				.where('toAddress', '=', email)
				.where('subject', 'like', 'Reset your%')
				.execute();

		it('queue at most a few links for one address, however many ask at once, and answer each the same', async () => {
			await activePerson('popular@example.org', 'Popular');
			const results = await Promise.all(
				Array.from({ length: 20 }, () =>
					requestPasswordReset(test.db, 'popular@example.org', service, origin, nextAddress())
				)
			);
			expect(results.every((r) => r.ok)).toBe(true);
			expect(await outboxFor('popular@example.org')).toHaveLength(passwordResetLimits.perAccount);
		});

		it('answer an unknown address exactly as a known one, throttled or not', async () => {
			await activePerson('known@example.org', 'Known');
			const ask = (email: string) => requestPasswordReset(test.db, email, service, origin, nextAddress());
			const known: unknown[] = [];
			const unknown: unknown[] = [];
			for (let i = 0; i < passwordResetLimits.perAccount + 3; i++) {
				known.push(await ask('known@example.org'));
				unknown.push(await ask('unknown@example.org'));
			}
			expect(unknown).toEqual(known);
			expect(await outboxFor('unknown@example.org')).toHaveLength(0);
		});

		it('tell a client that has asked too often to wait, whatever emails it asks for', async () => {
			const from = nextAddress();
			const results = await Promise.all(
				Array.from({ length: passwordResetLimits.perAddress + 5 }, (_, i) =>
					requestPasswordReset(test.db, `someone${i}@example.org`, service, origin, from)
				)
			);
			expect(results.filter((r) => r.ok)).toHaveLength(passwordResetLimits.perAddress);
			expect(results.find((r) => !r.ok)).toEqual({
				ok: false,
				message: expect.stringMatching(
					/^Too many requests for a new password from your connection\. Wait \d+ minutes? and try again\.$/
				)
			});
		});
	});

	it('keeps the audit log append-only', async () => {
		await expect(sql`update audit_event set action = 'rewritten'`.execute(test.db)).rejects.toThrow(/append-only/);
		await expect(sql`delete from audit_event`.execute(test.db)).rejects.toThrow(/append-only/);
	});

	it('renews a session past half its life, and forgets an expired one', async () => {
		const result = await signIn(
			test.db,
			{ email: 'lead@example.org', password: 'a long enough passphrase', address: nextAddress() },
			service
		);
		if (!result.ok) throw new Error('sign-in failed');
		const day = 24 * 60 * 60 * 1000;
		const { hashToken } = await import('./tokens');
		const id = hashToken(result.token);
		await test.db
			.updateTable('session')
			.set({ expiresAt: new Date(Date.now() + day) })
			.where('id', '=', id)
			.execute();
		// The row is changed behind the app's back, as time passing would; the next request sees it.
		const renewed = await validateSessionToken(test.db, result.token, service.sessionDays);
		expect(renewed!.expiresAt.getTime()).toBeGreaterThan(Date.now() + (service.sessionDays - 1) * day);
		// The renewal is reported once, so the cookie is sent again only then.
		expect(renewed!.renewed).toBe(true);
		expect((await validateSessionToken(test.db, result.token, service.sessionDays))!.renewed).toBe(false);
		await test.db
			.updateTable('session')
			.set({ expiresAt: new Date(Date.now() - 1000) })
			.where('id', '=', id)
			.execute();
		expect(await validateSessionToken(test.db, result.token, service.sessionDays)).toBeNull();
		expect(await test.db.selectFrom('session').select('id').where('id', '=', id).execute()).toHaveLength(0);
	});
});
