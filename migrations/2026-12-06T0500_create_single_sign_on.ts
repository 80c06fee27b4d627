import { sql, type Kysely } from 'kysely';

// Single sign-on through an OpenID provider: each session says how its person signed in (and
// whether the provider vouched for a second factor); a person's identity at a provider (issuer and
// subject) is linked to them once, after which it alone signs them in; and a sign-in sent to the
// provider waits here, under the hash of a cookie's secret, until the provider sends it back once.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('session')
		.addColumn('auth_method', 'text', (c) =>
			c
				.notNull()
				.defaultTo('password')
				.check(sql`auth_method in ('password', 'oidc')`)
		)
		.addColumn('provider_mfa', 'boolean', (c) => c.notNull().defaultTo(false))
		.execute();

	await db.schema
		.createTable('oidc_identity')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('issuer', 'text', (c) => c.notNull())
		.addColumn('subject', 'text', (c) => c.notNull())
		// The email the provider last gave, so that a change is noticed and audited.
		.addColumn('email', 'text', (c) => c.notNull())
		.addColumn('linked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('last_signed_in_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('oidc_identity_issuer_subject_key', ['issuer', 'subject'])
		// One identity a person at each provider: a second would be a second way in to watch.
		.addUniqueConstraint('oidc_identity_person_issuer_key', ['person_id', 'issuer'])
		.execute();

	await db.schema
		.createTable('oidc_request')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('state', 'text', (c) => c.notNull())
		.addColumn('nonce', 'text', (c) => c.notNull())
		.addColumn('code_verifier', 'text', (c) => c.notNull())
		.addColumn('next', 'text', (c) => c.notNull())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('oidc_request_created_at_idx').on('oidc_request').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('oidc_request').execute();
	await db.schema.dropTable('oidc_identity').execute();
	await db.schema.alterTable('session').dropColumn('provider_mfa').dropColumn('auth_method').execute();
}
