// Email: sent through SMTP_URL when it is set; every message is also kept in the outbox, which is
// where coordinators read the ones that could not be sent.
import type { Kysely } from 'kysely';
import type { Transporter } from 'nodemailer';
import type { DB } from '../db/schema';

export interface Email {
	to: string;
	subject: string;
	body: string;
}

const transporters = new Map<string, Promise<Transporter>>();

function smtp(url: string): Promise<Transporter> {
	if (!transporters.has(url))
		transporters.set(
			url,
			import('nodemailer').then((m) => m.createTransport(url))
		);
	return transporters.get(url)!;
}

export function mailIsConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
	return Boolean(env.SMTP_URL);
}

/** Sends or queues a message; resolves to whether it went out by email. */
export async function sendEmail(db: Kysely<DB>, email: Email, from: string): Promise<{ delivered: boolean }> {
	const { id } = await db
		.insertInto('outboxMessage')
		.values({ toAddress: email.to, subject: email.subject, body: email.body })
		.returning('id')
		.executeTakeFirstOrThrow();
	const url = process.env.SMTP_URL;
	if (!url) return { delivered: false };
	try {
		await (await smtp(url)).sendMail({ from, to: email.to, subject: email.subject, text: email.body });
	} catch (err) {
		console.error(`email to ${email.to} not sent: ${(err as Error).message}`);
		return { delivered: false };
	}
	await db.updateTable('outboxMessage').set({ sentAt: new Date() }).where('id', '=', id).execute();
	return { delivered: true };
}

export async function listOutbox(db: Kysely<DB>, limit = 100) {
	return db
		.selectFrom('outboxMessage')
		.select(['id', 'toAddress', 'subject', 'body', 'createdAt', 'sentAt'])
		.orderBy('createdAt', 'desc')
		.limit(limit)
		.execute();
}
