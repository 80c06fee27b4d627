// Email: sent through SMTP_URL, from the service's sender with replies to its contact address, and
// tried again with growing waits when the mail server cannot take it. Every message is kept in the
// outbox with where it stands, which is where coordinators see what went and what did not. A
// single-use link is made afresh for each attempt and never kept: the outbox holds the message
// with the link taken out.
import type { Kysely } from 'kysely';
import type { Transporter } from 'nodemailer';
import type { AccountLinkPurpose, DB, OutboxStatus } from '../db/schema';
import { senderOf, type ServiceConfig } from '../content/service';
import { createAccountLink } from '../auth/links';
import { formatDateTimeWithZone } from '../../format';
import { errorFields, log } from '../log';

/** Stands in the body where a single-use link goes. */
export const linkPlaceholder = '{{single-use link}}';
/** What the outbox keeps in the link's place. */
export const linkRemoved = '[link removed: it worked once and is not kept]';

export interface Email {
	to: string;
	subject: string;
	/** The text; a single-use link, when `link` is given, goes where linkPlaceholder stands. */
	body: string;
	/** A single-use link to make for this message, once for each attempt to send it. */
	link?: { personId: string; purpose: AccountLinkPurpose; createdBy: string | null };
}

/** What sending needs to know of the service; link lifetimes default as service.yml's do. */
export type MailService = Pick<ServiceConfig, 'sender' | 'contactEmail' | 'shortName'> &
	Partial<Pick<ServiceConfig, 'invitationValidDays' | 'passwordResetValidHours'>>;

/** What became of a message: its state, why it failed, and the link when no email can carry it. */
export interface SendResult {
	id: string;
	status: OutboxStatus;
	delivered: boolean;
	reason: string | null;
	/** The link, to pass on by hand, only when this instance cannot send email at all. */
	link?: { url: string; expiresAt: Date };
}

/** How this instance sends: by SMTP, not at all because SMTP_URL is unset, or not at all on purpose. */
export type MailMode = 'smtp' | 'unset' | 'off';

export function mailMode(env: NodeJS.ProcessEnv = process.env): MailMode {
	if (/^(1|true|yes|on)$/i.test(env.MAIL_DISABLED ?? '')) return 'off';
	return env.SMTP_URL ? 'smtp' : 'unset';
}

export function mailIsConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
	return mailMode(env) === 'smtp';
}

/** The waits before each retry; after the last, the message is given up on. */
export const retryDelaysMinutes = [1, 5, 15, 60, 240];
export const maxAttempts = retryDelaysMinutes.length + 1;
/** How long an attempt may take before another instance takes the message over. */
const claimMinutes = 10;

const transporters = new Map<string, Promise<Transporter>>();

function smtp(url: string): Promise<Transporter> {
	if (!transporters.has(url))
		transporters.set(
			url,
			// Short timeouts: the first attempt is made while a person waits for the page.
			import('nodemailer').then((m) =>
				m.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 })
			)
		);
	return transporters.get(url)!;
}

/** Forgets open SMTP connections (at shutdown, and when a test changes servers). */
export async function closeMail(): Promise<void> {
	const all = [...transporters.values()];
	transporters.clear();
	for (const t of await Promise.all(all)) t.close();
}

const hour = 60 * 60 * 1000;

/** Makes the message's link, if it has one, and puts it in the body to send. */
async function bodyToSend(
	db: Kysely<DB>,
	email: Pick<Email, 'body' | 'link'>,
	service: MailService,
	origin: string | undefined
): Promise<{ body: string; link?: { url: string; expiresAt: Date } }> {
	if (!email.link) return { body: email.body };
	if (!origin) throw new Error('a message with a link needs the public address');
	const invitation = email.link.purpose === 'invitation';
	const { token, expiresAt } = await createAccountLink(db, {
		...email.link,
		validForMs: invitation
			? (service.invitationValidDays ?? 7) * 24 * hour
			: (service.passwordResetValidHours ?? 24) * hour
	});
	const url = `${origin}/${invitation ? 'invitations' : 'reset-password'}/${token}`;
	const text = `${url}\n(It works once, until ${formatDateTimeWithZone(expiresAt)}.)`;
	return { body: email.body.replace(linkPlaceholder, text), link: { url, expiresAt } };
}

/** Why a mail server did not take a message, in words a coordinator can act on. */
export function describeFailure(err: unknown): { reason: string; permanent: boolean } {
	const e = err as { code?: string; responseCode?: number; response?: string; message?: string };
	const said = e.response ? `: "${e.response.slice(0, 200)}"` : '';
	switch (e.code) {
		case 'ECONNECTION':
		case 'ECONNREFUSED':
		case 'ETIMEDOUT':
		case 'ESOCKET':
		case 'EDNS':
		case 'ECONNRESET':
			return {
				reason: `Could not reach the mail server in SMTP_URL (${e.code}${e.message ? `: ${e.message.slice(0, 120)}` : ''}).`,
				permanent: false
			};
		case 'EAUTH':
			return { reason: `The mail server refused the user name or password in SMTP_URL${said}.`, permanent: false };
		case 'ETLS':
			return { reason: 'Could not make a secure connection to the mail server in SMTP_URL.', permanent: false };
		case 'EENVELOPE':
			return {
				reason: `The mail server refused the sender or the recipient${said}.`,
				// 5xx is the server's final word; 4xx asks to try again later.
				permanent: (e.responseCode ?? 500) >= 500
			};
	}
	if (typeof e.responseCode === 'number')
		return {
			reason: `The mail server refused the message (${e.responseCode})${said}.`,
			permanent: e.responseCode >= 500
		};
	return {
		reason: `The message could not be sent (${e.code ?? (err as Error)?.name ?? 'unknown error'}).`,
		permanent: false
	};
}

async function attempt(
	db: Kysely<DB>,
	id: string,
	email: Email,
	service: MailService,
	origin: string | undefined,
	attemptsBefore: number
): Promise<SendResult> {
	const url = process.env.SMTP_URL!;
	const sender = senderOf(service);
	const attempts = attemptsBefore + 1;
	try {
		const { body } = await bodyToSend(db, email, service, origin);
		await (
			await smtp(url)
		).sendMail({
			from: { name: sender.name, address: sender.address },
			replyTo: service.contactEmail,
			to: email.to,
			subject: email.subject,
			text: body
		});
	} catch (err) {
		const { reason, permanent } = describeFailure(err);
		const giveUp = permanent || attempts >= maxAttempts;
		const status: OutboxStatus = giveUp ? 'failed' : 'retrying';
		const nextAttemptAt = giveUp ? null : new Date(Date.now() + retryDelaysMinutes[attempts - 1]! * 60_000);
		await db
			.updateTable('outboxMessage')
			.set({ status, attempts, lastError: reason, nextAttemptAt })
			.where('id', '=', id)
			.execute();
		log.warn({ message: id, attempts, status, err: errorFields(err) }, 'email not sent');
		return { id, status, delivered: false, reason };
	}
	await db
		.updateTable('outboxMessage')
		.set({ status: 'sent', attempts, sentAt: new Date(), nextAttemptAt: null })
		.where('id', '=', id)
		.execute();
	log.info({ message: id, attempts }, 'email sent');
	return { id, status: 'sent', delivered: true, reason: null };
}

/**
 * Sends a message now, or keeps it in the outbox to be tried again. Resolves once the first
 * attempt is over, with where the message stands.
 */
export async function sendEmail(
	db: Kysely<DB>,
	email: Email,
	service: MailService,
	origin?: string
): Promise<SendResult> {
	const mode = mailMode();
	const status: OutboxStatus = mode === 'smtp' ? 'sending' : mode === 'off' ? 'held' : 'unsent';
	const { id } = await db
		.insertInto('outboxMessage')
		.values({
			toAddress: email.to,
			subject: email.subject,
			body: email.body.replace(linkPlaceholder, linkRemoved),
			status,
			// Should this instance stop mid-send, another picks the message up after this.
			nextAttemptAt: mode === 'smtp' ? new Date(Date.now() + claimMinutes * 60_000) : null,
			personId: email.link?.personId ?? null,
			linkPurpose: email.link?.purpose ?? null,
			linkCreatedBy: email.link?.createdBy ?? null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	if (mode === 'smtp') return attempt(db, id, email, service, origin, 0);
	// No email can carry the link: it is made once and handed back to be passed on, never kept.
	const { link } = await bodyToSend(db, email, service, origin);
	const reason =
		mode === 'off'
			? 'This instance sends no email (MAIL_DISABLED is set).'
			: 'Email is not set up for this service (SMTP_URL is not set).';
	return { id, status, delivered: false, reason, link };
}

/**
 * Tries again the messages whose wait is over. Each is claimed by pushing its next attempt out
 * first, so instances running this together never send one twice.
 */
export async function retryEmails(
	db: Kysely<DB>,
	service: MailService,
	origin: string,
	now = new Date()
): Promise<{ sent: number; failed: number }> {
	const result = { sent: 0, failed: 0 };
	if (mailMode() !== 'smtp') return result;
	// Each message is tried at most once a run, even if its next wait is already over.
	const tried: string[] = [];
	for (;;) {
		const claimed = await db.transaction().execute(async (trx) => {
			let due = trx
				.selectFrom('outboxMessage')
				.select(['id', 'toAddress', 'subject', 'body', 'attempts', 'personId', 'linkPurpose', 'linkCreatedBy'])
				.where('status', 'in', ['retrying', 'sending'])
				.where('nextAttemptAt', '<=', now);
			if (tried.length) due = due.where('id', 'not in', tried);
			const row = await due.orderBy('nextAttemptAt').limit(1).forUpdate().skipLocked().executeTakeFirst();
			if (!row) return null;
			await trx
				.updateTable('outboxMessage')
				.set({ status: 'sending', nextAttemptAt: new Date(now.getTime() + claimMinutes * 60_000) })
				.where('id', '=', row.id)
				.execute();
			return row;
		});
		if (!claimed) return result;
		tried.push(claimed.id);
		const email: Email = {
			to: claimed.toAddress,
			subject: claimed.subject,
			body: claimed.body.replace(linkRemoved, linkPlaceholder),
			link:
				claimed.personId && claimed.linkPurpose
					? { personId: claimed.personId, purpose: claimed.linkPurpose, createdBy: claimed.linkCreatedBy }
					: undefined
		};
		const outcome = await attempt(db, claimed.id, email, service, origin, claimed.attempts);
		if (outcome.delivered) result.sent++;
		else if (outcome.status === 'failed') result.failed++;
	}
}

export interface OutboxEntry {
	id: string;
	toAddress: string;
	subject: string;
	body: string;
	createdAt: Date;
	sentAt: Date | null;
	status: OutboxStatus;
	attempts: number;
	nextAttemptAt: Date | null;
	lastError: string | null;
	personId: string | null;
	linkPurpose: AccountLinkPurpose | null;
}

export async function listOutbox(db: Kysely<DB>, limit = 100): Promise<OutboxEntry[]> {
	return db
		.selectFrom('outboxMessage')
		.select([
			'id',
			'toAddress',
			'subject',
			'body',
			'createdAt',
			'sentAt',
			'status',
			'attempts',
			'nextAttemptAt',
			'lastError',
			'personId',
			'linkPurpose'
		])
		.orderBy('createdAt', 'desc')
		.limit(limit)
		.execute();
}
