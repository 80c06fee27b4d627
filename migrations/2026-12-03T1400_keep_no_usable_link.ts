import { sql, type Kysely } from 'kysely';

// No usable link is kept once it has gone out. Outbox messages keep what was sent with the link
// taken out, and track their delivery (state, attempts, the next try and the last failure), so a
// message with a single-use link can be retried with a fresh one. A link is exchanged on its
// first opening for a secret held in the browser's cookie, so the address in proxy logs and
// Referer headers stops working at once.
const removed = '[link removed: it worked once and is not kept]';

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('outbox_message')
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('unsent')
				.check(sql`status in ('sending', 'retrying', 'sent', 'failed', 'unsent', 'held')`)
		)
		.addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('next_attempt_at', 'timestamptz')
		.addColumn('last_error', 'text')
		.addColumn('person_id', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.addColumn('link_purpose', 'text', (c) => c.check(sql`link_purpose in ('invitation', 'password-reset')`))
		.addColumn('link_created_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.execute();
	await sql`update outbox_message set status = 'sent' where sent_at is not null`.execute(db);
	// Messages written before this kept their links: take them out.
	await sql`
		update outbox_message
		set body = regexp_replace(body, '\\S*/(invitations|reset-password)/[A-Za-z0-9_-]{43}', ${removed}, 'g')
		where body ~ '/(invitations|reset-password)/[A-Za-z0-9_-]{43}'`.execute(db);
	await sql`create index outbox_message_retry_idx on outbox_message (next_attempt_at) where next_attempt_at is not null`.execute(
		db
	);

	await db.schema
		.alterTable('account_link')
		.addColumn('opened_at', 'timestamptz')
		.addColumn('session_hash', 'text', (c) => c.unique())
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('account_link').dropColumn('session_hash').dropColumn('opened_at').execute();
	await sql`drop index outbox_message_retry_idx`.execute(db);
	await db.schema
		.alterTable('outbox_message')
		.dropColumn('link_created_by')
		.dropColumn('link_purpose')
		.dropColumn('person_id')
		.dropColumn('last_error')
		.dropColumn('next_attempt_at')
		.dropColumn('attempts')
		.dropColumn('status')
		.execute();
}
