import { describe, expect, it } from 'vitest';
import {
	CamelCasePlugin,
	DummyDriver,
	Kysely,
	PostgresAdapter,
	PostgresIntrospector,
	PostgresQueryCompiler,
	sql,
	type CompiledQuery,
	type Dialect
} from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import { kyselyWithSnakeCaseNames } from './names';

const dialect: Dialect = {
	createAdapter: () => new PostgresAdapter(),
	createDriver: () => new DummyDriver(),
	createIntrospector: (db) => new PostgresIntrospector(db),
	createQueryCompiler: () => new PostgresQueryCompiler()
};

// Loose tables: the point is the names, written in every place a statement can hold one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
const ours = kyselyWithSnakeCaseNames<Loose>(dialect);
const plugins = new Kysely<Loose>({ dialect, plugins: [new CamelCasePlugin()] });

const statements: [string, (db: Kysely<Loose>) => { compile(): CompiledQuery }][] = [
	[
		'a select with joins, aliases, order and paging',
		(db) =>
			db
				.selectFrom('personRecord as pr')
				.innerJoin('person', 'person.id', 'pr.personId')
				.leftJoin('auditEvent as subject', (join) =>
					join.on('subject.recordType', '=', 'person').onRef('subject.recordId', '=', 'pr.recordId')
				)
				.select(['pr.id', 'person.name as personName', 'subject.actorId'])
				.select((eb) => eb.fn.countAll<string>().as('entryCount'))
				.where('pr.createdAt', '>', new Date(0))
				.where((eb) => eb.or([eb('person.supervisorId', 'is', null), eb('pr.kindOfRecord', 'in', ['a', 'b'])]))
				.groupBy(['pr.id', 'person.name', 'subject.actorId'])
				.orderBy('person.name', 'desc')
				.limit(50)
				.offset(100)
	],
	[
		'common table expressions, a union and a lateral join',
		(db) =>
			db
				.with('matchedPeople', (q) =>
					q.selectFrom('person').select('person.id').where('person.displayName', 'like', '%a%')
				)
				.selectFrom('auditEvent')
				.leftJoinLateral(
					(eb) =>
						eb
							.selectFrom('person as actor')
							.select('actor.fullName')
							.whereRef('actor.id', '=', 'auditEvent.actorId')
							.as('who'),
					(join) => join.onTrue()
				)
				.selectAll()
				.where(
					'auditEvent.id',
					'in',
					db
						.selectFrom('auditEvent as made')
						.select('made.id')
						.where('made.actorId', 'in', db.selectFrom('matchedPeople').select('matchedPeople.id'))
						.union(db.selectFrom('auditEvent as about').select('about.id').where('about.recordId', '=', 'x'))
				)
	],
	[
		'nested JSON results',
		(db) =>
			db
				.selectFrom('cohort')
				.select((eb) => [
					jsonArrayFrom(
						eb
							.selectFrom('coursePlace')
							.select(['coursePlace.personId', 'coursePlace.placeStatus'])
							.whereRef('coursePlace.cohortId', '=', 'cohort.id')
					).as('placeList'),
					jsonObjectFrom(
						eb.selectFrom('course').select('course.courseTitle').whereRef('course.id', '=', 'cohort.courseId')
					).as('theCourse')
				])
	],
	[
		'raw SQL with references, identifiers and tables',
		(db) => ({
			compile: () =>
				sql`select ${sql.ref('p.supervisorId')}, ${sql.id('someSchema', 'someTable')}, count(*) from ${sql.table('policyAcknowledgement')} p where ${sql.ref('p.acknowledgedAt')} > ${new Date(0)} and "p"."already_snake" = ${'x'}`.compile(
					db
				)
		})
	],
	[
		'an insert with a conflict and what it returns',
		(db) =>
			db
				.insertInto('quizAnswer')
				.values({ attemptId: 'a', stepId: 'b', selectedOptions: ['x'], answeredAt: sql`now()` })
				.onConflict((oc) =>
					oc
						.columns(['attemptId', 'stepId'])
						.doUpdateSet((eb) => ({ selectedOptions: eb.ref('excluded.selectedOptions') }))
				)
				.returning(['attemptId', 'answeredAt as whenAnswered'])
	],
	[
		'an update from another table and a delete',
		(db) =>
			db
				.updateTable('session')
				.set({ expiresAt: new Date(0), lastSeenAt: sql`now()` })
				.from('person')
				.whereRef('session.personId', '=', 'person.id')
				.where('person.accountStatus', '=', 'active')
				.returningAll()
	],
	[
		'a delete',
		(db) =>
			db.deleteFrom('declaredInterest').where('declaredInterest.endedAt', 'is not', null).where('personId', '=', 'x')
	],
	[
		'a table and an index made and changed',
		(db) =>
			db.schema
				.createTable('feedbackLinkMonth')
				.addColumn('linkId', 'uuid', (c) => c.notNull().references('feedbackLink.id').onDelete('cascade'))
				.addColumn('receivedMonth', 'date', (c) => c.notNull())
				.addColumn('responseCount', 'integer', (c) => c.notNull().defaultTo(0))
				.addPrimaryKeyConstraint('feedbackLinkMonthPkey', ['linkId', 'receivedMonth'])
	],
	[
		'an index',
		(db) =>
			db.schema
				.createIndex('personSupervisorIdx')
				.on('person')
				.columns(['supervisorId', 'createdAt'])
				.where(sql.ref('accountStatus'), '=', 'active')
	],
	['a column added', (db) => db.schema.alterTable('person').addColumn('secondFactorAt', 'timestamptz')],
	// A name with a double quote in it is still escaped.
	['a quoted name', (db) => db.selectFrom('person').select(sql.ref('odd"Name').as('oddOne'))]
];

describe('names written in snake_case as the statement is compiled', () => {
	it.each(statements)('writes %s as CamelCasePlugin does', (_name, build) => {
		const expected = build(plugins).compile();
		const actual = build(ours).compile();
		expect(actual.sql).toBe(expected.sql);
		expect(actual.parameters).toEqual(expected.parameters);
		// The check is not empty: camelCase names were there to be renamed.
		expect(expected.sql).toMatch(/_[a-z]/);
	});

	it('renames the keys of the rows that come back, nested ones too, as before', async () => {
		const rows = [
			{ person_id: 'a', place_list: [{ cohort_id: 'c', place_status: 'held' }], the_course: { course_title: 'T' } }
		];
		const [mine, theirs] = await Promise.all(
			[ours, plugins].map((db) =>
				db.getExecutor().plugins[0]!.transformResult({ queryId: { queryId: 'q' }, result: { rows } })
			)
		);
		expect(mine).toEqual(theirs);
		expect(mine!.rows[0]).toEqual({
			personId: 'a',
			placeList: [{ cohortId: 'c', placeStatus: 'held' }],
			theCourse: { courseTitle: 'T' }
		});
	});
});
