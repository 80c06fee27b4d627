import { sql, type Kysely } from 'kysely';

// Second factors for people who read others' records: an authenticator app (TOTP), passkeys
// (WebAuthn) and single-use recovery codes, the failed codes counted for throttling, and on each
// session when its second step was passed and the passkey challenge it is waiting on.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('totp_factor')
		.addColumn('person_id', 'uuid', (c) => c.primaryKey().references('person.id').onDelete('cascade'))
		.addColumn('secret', 'text', (c) => c.notNull())
		// Null while being set up: the app is not a factor until a code from it has been confirmed.
		.addColumn('confirmed_at', 'timestamptz')
		// The last time step accepted, so a code is never accepted twice.
		.addColumn('last_step', 'bigint')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();

	await db.schema
		.createTable('passkey')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('credential_id', 'text', (c) => c.notNull().unique())
		.addColumn('public_key', 'bytea', (c) => c.notNull())
		.addColumn('counter', 'bigint', (c) => c.notNull().defaultTo(0))
		.addColumn('transports', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('last_used_at', 'timestamptz')
		.execute();
	await db.schema.createIndex('passkey_person_idx').on('passkey').column('person_id').execute();

	await db.schema
		.createTable('recovery_code')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('code_hash', 'text', (c) => c.notNull())
		.addColumn('used_at', 'timestamptz')
		.execute();
	await db.schema.createIndex('recovery_code_person_idx').on('recovery_code').column('person_id').execute();

	await db.schema
		.createTable('second_factor_attempt')
		.addColumn('id', 'bigserial', (c) => c.primaryKey())
		.addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('attempted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema
		.createIndex('second_factor_attempt_person_idx')
		.on('second_factor_attempt')
		.columns(['person_id', 'attempted_at'])
		.execute();

	await db.schema
		.alterTable('session')
		.addColumn('second_factor_at', 'timestamptz')
		.addColumn('webauthn_challenge', 'text')
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('session').dropColumn('second_factor_at').dropColumn('webauthn_challenge').execute();
	await db.schema.dropTable('second_factor_attempt').execute();
	await db.schema.dropTable('recovery_code').execute();
	await db.schema.dropTable('passkey').execute();
	await db.schema.dropTable('totp_factor').execute();
}
