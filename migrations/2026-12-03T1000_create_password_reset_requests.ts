import { sql, type Kysely } from 'kysely';

// Requests for a password-reset link, counted per email and per network address so that they can
// be throttled like sign-in attempts: an email is not flooded with links, nor the outbox with mail.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('password_reset_request')
		.addColumn('id', 'bigserial', (c) => c.primaryKey())
		.addColumn('email', 'text', (c) => c.notNull())
		.addColumn('address', 'text', (c) => c.notNull())
		.addColumn('requested_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema
		.createIndex('password_reset_request_email_idx')
		.on('password_reset_request')
		.columns(['email', 'requested_at'])
		.execute();
	await db.schema
		.createIndex('password_reset_request_address_idx')
		.on('password_reset_request')
		.columns(['address', 'requested_at'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('password_reset_request').execute();
}
