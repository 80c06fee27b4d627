import { sql, type Kysely } from 'kysely';

// Runs through branching scenarios: each run is pinned to the scenario's text by its hash, and
// keeps the choices made in order, so the server always knows the current step; a module may be
// completed by finishing its scenario.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('scenario_run')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
		.addColumn('scenario_slug', 'text', (c) => c.notNull())
		.addColumn('scenario_version', 'integer', (c) => c.notNull())
		.addColumn('content_hash', 'text', (c) => c.notNull())
		.addColumn('current_step', 'text', (c) => c.notNull())
		// Set with finished_at when the run reaches an ending; a run closed because the scenario
		// changed has finished_at and no ending.
		.addColumn('ending_id', 'text')
		.addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('finished_at', 'timestamptz')
		.addCheckConstraint('scenario_run_ending_finished', sql`ending_id is null or finished_at is not null`)
		.execute();
	// At most one run in progress per person and scenario: a second tab carries on the same run.
	await sql`create unique index scenario_run_open_key on scenario_run (person_id, scenario_slug) where finished_at is null`.execute(
		db
	);
	await db.schema
		.createIndex('scenario_run_person_idx')
		.on('scenario_run')
		.columns(['person_id', 'scenario_slug', 'started_at'])
		.execute();
	await db.schema
		.createIndex('scenario_run_finished_idx')
		.on('scenario_run')
		.columns(['scenario_slug', 'finished_at'])
		.execute();

	await db.schema
		.createTable('scenario_choice')
		.addColumn('run_id', 'uuid', (c) => c.notNull().references('scenario_run.id').onDelete('cascade'))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('step_id', 'text', (c) => c.notNull())
		.addColumn('option_id', 'text', (c) => c.notNull())
		.addColumn('chosen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('scenario_choice_pkey', ['run_id', 'position'])
		.execute();

	await sql`alter table module_completion drop constraint module_completion_method_check`.execute(db);
	await sql`alter table module_completion add constraint module_completion_method_check check (method in ('read', 'quiz', 'recorded', 'scenario'))`.execute(
		db
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`delete from module_completion where method = 'scenario'`.execute(db);
	await sql`alter table module_completion drop constraint module_completion_method_check`.execute(db);
	await sql`alter table module_completion add constraint module_completion_method_check check (method in ('read', 'quiz', 'recorded'))`.execute(
		db
	);
	await db.schema.dropTable('scenario_choice').execute();
	await db.schema.dropTable('scenario_run').execute();
}
