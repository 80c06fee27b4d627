import { sql, type Kysely } from 'kysely';

// IPS course cohorts: their sessions, the places people hold or wait for, attendance at each
// session, and completions. A place is never deleted: cancelling, declining and removing change
// its status, so the history of who had which place stays.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('cohort')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('course_slug', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity between 1 and 500`))
		.addColumn('steering_places', 'integer', (c) =>
			c
				.notNull()
				.defaultTo(0)
				.check(sql`steering_places >= 0`)
		)
		.addColumn('steering_hold_until', 'date')
		.addColumn('registration_opens', 'date', (c) => c.notNull())
		.addColumn('registration_closes', 'date', (c) => c.notNull())
		.addColumn('needs_approval', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('created_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addCheckConstraint('cohort_steering_within_capacity', sql`steering_places <= capacity`)
		.addCheckConstraint('cohort_registration_order', sql`registration_opens <= registration_closes`)
		.execute();
	await db.schema
		.createIndex('cohort_course_idx')
		.on('cohort')
		.columns(['course_slug', 'registration_closes'])
		.execute();

	await db.schema
		.createTable('cohort_session')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('cohort_id', 'uuid', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('starts_at', 'timestamptz', (c) => c.notNull())
		.addColumn('ends_at', 'timestamptz', (c) => c.notNull())
		.addColumn('venue', 'text', (c) => c.notNull())
		.addUniqueConstraint('cohort_session_position_key', ['cohort_id', 'position'])
		.addCheckConstraint('cohort_session_order', sql`starts_at < ends_at`)
		.execute();

	await db.schema
		.createTable('course_place')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('cohort_id', 'uuid', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('status', 'text', (c) =>
			c.notNull().check(sql`status in ('booked', 'pending', 'waitlisted', 'declined', 'cancelled', 'removed', 'moved')`)
		)
		.addColumn('steering_place', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('requested_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('message', 'text')
		.execute();
	// One live request per person per cohort; ended ones stay as history.
	await sql`create unique index course_place_live_key on course_place (cohort_id, person_id) where status in ('booked', 'pending', 'waitlisted')`.execute(
		db
	);
	await db.schema
		.createIndex('course_place_person_idx')
		.on('course_place')
		.columns(['person_id', 'requested_at'])
		.execute();
	await db.schema
		.createIndex('course_place_cohort_idx')
		.on('course_place')
		.columns(['cohort_id', 'status', 'requested_at'])
		.execute();

	await db.schema
		.createTable('session_attendance')
		.addColumn('session_id', 'uuid', (c) => c.notNull().references('cohort_session.id').onDelete('cascade'))
		.addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('mark', 'text', (c) => c.notNull().check(sql`mark in ('attended', 'partly', 'absent')`))
		.addColumn('marked_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
		.addColumn('marked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('session_attendance_pkey', ['session_id', 'person_id'])
		.execute();

	await db.schema
		.createTable('course_completion')
		.addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('course_slug', 'text', (c) => c.notNull())
		.addColumn('cohort_id', 'uuid', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('completed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('course_completion_pkey', ['person_id', 'course_slug'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('course_completion').execute();
	await db.schema.dropTable('session_attendance').execute();
	await db.schema.dropTable('course_place').execute();
	await db.schema.dropTable('cohort_session').execute();
	await db.schema.dropTable('cohort').execute();
}
