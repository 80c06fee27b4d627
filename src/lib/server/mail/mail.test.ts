// Email against a real SMTP server on this machine: what a relay receives, what the outbox keeps,
// and that no usable link is left anywhere in the database once a message has gone.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import { loadServiceConfig, type ServiceConfig } from '../content/service';
import { createCoordinator, requestPasswordReset, resetPassword } from '../auth/account';
import { openAccountLink } from '../auth/links';
import { invitePerson, issueSignInLink } from '../people';
import type { SessionPerson } from '../auth/sessions';
import { closeMail, linkRemoved, listOutbox, maxAttempts, retryEmails, sendEmail } from './index';
import { startSmtpServer, tablesHolding, type TestSmtpServer } from './testing';

const shipped = loadServiceConfig('content').service as ServiceConfig;
const service: ServiceConfig = {
	...shipped,
	sender: { address: 'training@northshire.example', name: 'Northshire SENDIASS training' }
};
const origin = 'https://training.example.org';
const linkPattern = /https:\/\/training\.example\.org\/(invitations|reset-password)\/([\w-]{43})/;
const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);

function setEnv(values: Record<string, string | undefined>) {
	for (const [k, v] of Object.entries(values)) {
		if (v === undefined) delete process.env[k];
		else process.env[k] = v;
	}
}

describe.each(testDatabaseKinds)('email on %s', (kind) => {
	let test: TestDatabase;
	let smtp: TestSmtpServer;
	let coordinator: SessionPerson;
	let n = 0;
	const newEmail = () => `person${++n}-${kind}@example.org`;
	const anyDb = () => test.db as unknown as Kysely<never>;

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		smtp = await startSmtpServer();
		const id = await createCoordinator(test.db, {
			email: `lead-${kind}@example.org`,
			name: 'Lead Coordinator',
			password: 'a long enough passphrase'
		});
		coordinator = {
			id,
			name: 'Lead Coordinator',
			email: `lead-${kind}@example.org`,
			roles: ['coordinator'],
			supervisorId: null
		};
	});
	afterAll(async () => {
		await closeMail();
		await smtp.close();
		await test.close();
	});
	afterEach(async () => {
		smtp.refuseRecipients(null);
		setEnv({ SMTP_URL: undefined, MAIL_DISABLED: undefined });
		await closeMail();
	});

	async function invite(email: string) {
		const result = await invitePerson(
			test.db,
			coordinator,
			{ email, name: 'Nia Evans', roles: ['volunteer'], supervisorId: null },
			service,
			origin
		);
		if (!result.ok) throw new Error(JSON.stringify(result.errors));
		return result;
	}

	it('sends from the service sender with replies to its contact address, and keeps no usable link', async () => {
		setEnv({ SMTP_URL: smtp.url });
		const email = newEmail();
		const result = await invite(email);
		expect(result).toMatchObject({ delivered: true, status: 'sent', reason: null });
		expect(result.link).toBeUndefined();
		const mail = smtp.received.find((m) => m.to.includes(email))!;
		expect(mail.from).toBe('training@northshire.example');
		expect(mail.header('From')).toBe('Northshire SENDIASS training <training@northshire.example>');
		expect(mail.header('Reply-To')).toBe(service.contactEmail);
		const [, page, token] = linkPattern.exec(mail.text)!;
		expect(page).toBe('invitations');
		expect(mail.text).toMatch(/It works once, until \d{1,2} \w+ \d{4} at \d\d:\d\d (GMT|BST)\./);

		// Nothing in the database, which every backup copies, holds the link.
		expect(await tablesHolding(anyDb(), token!)).toEqual([]);
		const [kept] = await listOutbox(test.db, 1);
		expect(kept).toMatchObject({ toAddress: email, status: 'sent', attempts: 1 });
		expect(kept!.body).toContain(linkRemoved);
		expect(kept!.body).not.toMatch(linkPattern);
		// The emailed link still works for the person it was sent to.
		expect(await openAccountLink(test.db, token!, 'invitation')).toMatchObject({ ok: true });
	});

	it('emails a reset link and the notice that the password changed, and keeps neither link nor secret', async () => {
		setEnv({ SMTP_URL: smtp.url });
		const email = newEmail();
		const invited = await invite(email);
		const invitation = linkPattern.exec(smtp.received.at(-1)!.text)![2]!;
		const { acceptInvitation } = await import('../auth/account');
		const opened = await openAccountLink(test.db, invitation, 'invitation');
		if (!opened.ok) throw new Error(opened.problem);
		await acceptInvitation(test.db, opened.secret, { name: 'Nia Evans', password: 'correct horse battery' });

		await requestPasswordReset(test.db, email, service, origin, '10.1.1.1');
		const resetMail = smtp.received.at(-1)!;
		expect(resetMail.header('Subject')).toBe(`Reset your ${service.shortName} password`);
		const [, page, token] = linkPattern.exec(resetMail.text)!;
		expect(page).toBe('reset-password');
		const reset = await openAccountLink(test.db, token!, 'password-reset');
		if (!reset.ok) throw new Error(reset.problem);
		expect(await resetPassword(test.db, reset.secret, 'staple battery horse correct', service)).toMatchObject({
			ok: true
		});
		const notice = smtp.received.at(-1)!;
		expect(notice.to).toEqual([email]);
		expect(notice.header('Subject')).toBe(`Your ${service.shortName} password has been changed`);
		for (const secret of [invitation, token!, opened.secret, reset.secret])
			expect(await tablesHolding(anyDb(), secret)).toEqual([]);
		expect(invited.personId).toBeTruthy();
	});

	it("shows the coordinator the mail server's real reason, and retries with a fresh link once it answers", async () => {
		const down = await startSmtpServer();
		const url = down.url;
		await down.close();
		setEnv({ SMTP_URL: url });
		const email = newEmail();
		const result = await invite(email);
		expect(result).toMatchObject({ delivered: false, status: 'retrying' });
		expect(result.reason).toMatch(/^Could not reach the mail server in SMTP_URL \(ECONNECTION|ECONNREFUSED/);
		expect(result.reason).not.toMatch(/not set up/);
		expect(result.link).toBeUndefined();
		const [waiting] = await listOutbox(test.db, 1);
		expect(waiting).toMatchObject({ status: 'retrying', attempts: 1, lastError: result.reason });
		expect(waiting!.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());

		// Not yet due: nothing is tried.
		expect(await retryEmails(test.db, service, origin)).toEqual({ sent: 0, failed: 0 });
		// The mail server is back; once the wait is over the message goes, with a link made now.
		const back = await startSmtpServer(Number(new URL(url).port));
		try {
			await closeMail();
			expect(await retryEmails(test.db, service, origin, later(2))).toEqual({ sent: 1, failed: 0 });
			const mail = back.received.find((m) => m.to.includes(email))!;
			const token = linkPattern.exec(mail.text)![2]!;
			expect(await openAccountLink(test.db, token, 'invitation')).toMatchObject({ ok: true });
			expect(await tablesHolding(anyDb(), token)).toEqual([]);
			const [sent] = await listOutbox(test.db, 1);
			expect(sent).toMatchObject({ status: 'sent', attempts: 2 });
			// Done once: another run sends nothing more.
			expect(await retryEmails(test.db, service, origin, later(60))).toEqual({ sent: 0, failed: 0 });
		} finally {
			await closeMail();
			await back.close();
		}
	});

	it('gives up at once when the relay refuses for good, saying what it said', async () => {
		setEnv({ SMTP_URL: smtp.url });
		smtp.refuseRecipients({ code: 550, message: 'No such mailbox here' });
		const result = await sendEmail(test.db, { to: newEmail(), subject: 'Hello', body: 'A message.' }, service);
		expect(result).toMatchObject({ delivered: false, status: 'failed' });
		expect(result.reason).toContain('No such mailbox here');
		expect(result.reason).toMatch(/refused the sender or the recipient/);
	});

	it('gives up after the last retry, and tells the coordinator how many attempts it made', async () => {
		setEnv({ SMTP_URL: smtp.url });
		smtp.refuseRecipients({ code: 451, message: 'Try again later' });
		const result = await sendEmail(test.db, { to: newEmail(), subject: 'Busy', body: 'A message.' }, service);
		expect(result.status).toBe('retrying');
		for (let i = 1; i < maxAttempts; i++) await retryEmails(test.db, service, origin, later(24 * 60 * i));
		const [given] = await listOutbox(test.db, 1);
		expect(given).toMatchObject({ status: 'failed', attempts: maxAttempts, nextAttemptAt: null });
		expect(given!.lastError).toContain('Try again later');
	});

	it('sends nothing at all when MAIL_DISABLED is set, even with SMTP_URL, and hands the link over once', async () => {
		setEnv({ SMTP_URL: smtp.url, MAIL_DISABLED: 'true' });
		const before = smtp.received.length;
		const email = newEmail();
		const result = await invite(email);
		expect(result).toMatchObject({ delivered: false, status: 'held' });
		expect(result.reason).toMatch(/MAIL_DISABLED/);
		expect(result.link!.url).toMatch(linkPattern);
		const token = result.link!.url.split('/').pop()!;
		expect(await tablesHolding(anyDb(), token)).toEqual([]);
		expect(await retryEmails(test.db, service, origin, later(60 * 24))).toEqual({ sent: 0, failed: 0 });
		// A coordinator's fresh link is held too.
		const renewed = await issueSignInLink(
			test.db,
			coordinator,
			{ id: result.personId, name: 'Nia Evans', email, status: 'invited' },
			service,
			origin
		);
		expect(renewed.status).toBe('held');
		expect(smtp.received.length).toBe(before);
	});
});
