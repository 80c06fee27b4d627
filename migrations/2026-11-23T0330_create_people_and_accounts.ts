import { sql, type Kysely } from 'kysely';

// People, their sessions and single-use links, sign-in attempts, the audit log and the outbox.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('person')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('email', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('roles', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
		.addColumn('supervisor_id', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('invited', 'active', 'deactivated')`))
		.addColumn('password_hash', 'text')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('activated_at', 'timestamptz')
		.addColumn('deactivated_at', 'timestamptz')
		.execute();
	await sql`create unique index person_email_key on person (lower(email))`.execute(db);
	await db.schema.createIndex('person_supervisor_idx').on('person').column('supervisor_id').execute();
	await sql`create index person_roles_idx on person using gin (roles)`.execute(db);
	await db.schema.createIndex('person_name_idx').on('person').columns(['name', 'id']).execute();

	await db.schema
		.createTable('session')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('expires_at', 'timestamptz', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('session_person_idx').on('session').column('person_id').execute();

	await db.schema
		.createTable('account_link')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('invitation', 'password-reset')`))
		.addColumn('created_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('expires_at', 'timestamptz', (c) => c.notNull())
		.addColumn('used_at', 'timestamptz')
		.execute();
	await db.schema.createIndex('account_link_person_idx').on('account_link').column('person_id').execute();

	await db.schema
		.createTable('sign_in_attempt')
		.addColumn('id', 'bigserial', (c) => c.primaryKey())
		.addColumn('email', 'text', (c) => c.notNull())
		.addColumn('address', 'text', (c) => c.notNull())
		.addColumn('succeeded', 'boolean', (c) => c.notNull())
		.addColumn('attempted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema
		.createIndex('sign_in_attempt_email_idx')
		.on('sign_in_attempt')
		.columns(['email', 'attempted_at'])
		.execute();
	await db.schema
		.createIndex('sign_in_attempt_address_idx')
		.on('sign_in_attempt')
		.columns(['address', 'attempted_at'])
		.execute();

	await db.schema
		.createTable('audit_event')
		.addColumn('id', 'bigserial', (c) => c.primaryKey())
		.addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('actor_id', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('record_type', 'text')
		.addColumn('record_id', 'text')
		.addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
		.addColumn('address', 'text')
		.execute();
	await db.schema.createIndex('audit_event_at_idx').on('audit_event').column('at').execute();
	await db.schema
		.createIndex('audit_event_record_idx')
		.on('audit_event')
		.columns(['record_type', 'record_id'])
		.execute();
	await db.schema.createIndex('audit_event_actor_idx').on('audit_event').columns(['actor_id', 'at']).execute();
	// The log is append-only: nothing in the product may rewrite history. Retention (a later issue)
	// deletes old rows by setting impartial.retention for its own transaction.
	await sql`
		create function audit_event_append_only() returns trigger language plpgsql as $$
		begin
			if tg_op = 'DELETE' and current_setting('impartial.retention', true) = 'on' then
				return old;
			end if;
			raise exception 'audit_event is append-only';
		end;
		$$`.execute(db);
	await sql`
		create trigger audit_event_append_only before update or delete on audit_event
		for each row execute function audit_event_append_only()`.execute(db);

	await db.schema
		.createTable('outbox_message')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('to_address', 'text', (c) => c.notNull())
		.addColumn('subject', 'text', (c) => c.notNull())
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('sent_at', 'timestamptz')
		.execute();
	await db.schema.createIndex('outbox_message_created_idx').on('outbox_message').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('outbox_message').execute();
	await db.schema.dropTable('audit_event').execute();
	await sql`drop function audit_event_append_only()`.execute(db);
	await db.schema.dropTable('sign_in_attempt').execute();
	await db.schema.dropTable('account_link').execute();
	await db.schema.dropTable('session').execute();
	await db.schema.dropTable('person').execute();
}
