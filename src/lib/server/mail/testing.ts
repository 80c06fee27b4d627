// A real SMTP server for tests, on a free port of this machine, and a search of a whole database
// for a secret: what a backup of it would hold.
import { sql, type Kysely } from 'kysely';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
	from: string;
	to: string[];
	raw: string;
	/** The text part, with quoted-printable soft line breaks joined. */
	text: string;
	header(name: string): string | undefined;
}

export interface TestSmtpServer {
	url: string;
	received: ReceivedMail[];
	/** Refuse each recipient with this reply, as a relay refusing to deliver would. */
	refuseRecipients(reply: { code: number; message: string } | null): void;
	close(): Promise<void>;
}

function decodeText(raw: string): string {
	const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
	return body
		.replace(/=\r\n/g, '')
		.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
		.replace(/\r\n/g, '\n');
}

export async function startSmtpServer(port = 0): Promise<TestSmtpServer> {
	const received: ReceivedMail[] = [];
	let refusal: { code: number; message: string } | null = null;
	const options: SMTPServerOptions = {
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onRcptTo(address, _session, callback) {
			if (!refusal) return callback();
			const err = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
			callback(err);
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				const raw = Buffer.concat(chunks).toString('utf8');
				const headers = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
				received.push({
					from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
					to: session.envelope.rcptTo.map((r) => r.address),
					raw,
					text: decodeText(raw),
					header: (name) => new RegExp(`^${name}: (.*)$`, 'im').exec(headers)?.[1]
				});
				callback();
			});
		}
	};
	const server = new SMTPServer(options);
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	const { port: bound } = server.server.address() as AddressInfo;
	return {
		url: `smtp://127.0.0.1:${bound}`,
		received,
		refuseRecipients: (reply) => (refusal = reply),
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

/** Every table in the database whose rows, written out as text, contain `secret`. */
export async function tablesHolding(db: Kysely<never>, secret: string): Promise<string[]> {
	const { rows: tables } = await sql<{ name: string }>`
		select table_name as name from information_schema.tables
		where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(db);
	const holding: string[] = [];
	for (const { name } of tables) {
		const { rows } = await sql<{ n: string }>`
			select count(*) as n from ${sql.table(name)} t where strpos(t::text, ${secret}) > 0`.execute(db);
		if (Number(rows[0]!.n) > 0) holding.push(name);
	}
	return holding;
}
