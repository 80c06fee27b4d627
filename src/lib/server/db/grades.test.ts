// The grades kept as rows beside observations and sampled cases follow every change to them, so
// the steering group's figures, which count these rows, always match the records themselves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from './testing';
import { moveOnToStages } from '../supervision/history';

describe.each(testDatabaseKinds)('grades kept as rows on %s', (kind) => {
	let test: TestDatabase;
	let subjectId: string;
	const kept = async (recordId: string) =>
		(
			await test.db
				.selectFrom('recordGrade')
				.select(['kind', sql<string>`held_on::text`.as('heldOn'), 'counted', 'criterion', 'grade'])
				.where('recordId', '=', recordId)
				.orderBy('criterion')
				.orderBy('grade')
				.execute()
		).map((g) => [g.kind, g.heldOn, g.counted, g.criterion, g.grade]);
	const criteria = (grades: [string, string][]) =>
		JSON.stringify({ criteria: grades.map(([criterion, grade]) => ({ criterion, grade, evidence: '' })) });

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		subjectId = (
			await test.db
				.insertInto('person')
				.values({ email: 'ada@example.org', name: 'Ada', roles: ['volunteer'], status: 'active' })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	});
	afterAll(() => test.close());

	it('follows an observation from draft to shared, with each edit of its grades', async () => {
		const { id } = await test.db
			.insertInto('supervisionRecord')
			.values({
				kind: 'observation',
				subjectId,
				heldOn: '2026-07-01',
				details: criteria([['Respects confidentiality', 'good']])
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		expect(await kept(id)).toEqual([['observation', '2026-07-01', false, 'Respects confidentiality', 'good']]);
		await test.db
			.updateTable('supervisionRecord')
			.set({
				heldOn: '2026-07-02',
				details: criteria([
					['Respects confidentiality', 'inadequate'],
					['Records factually', 'good']
				])
			})
			.where('id', '=', id)
			.execute();
		expect(await kept(id)).toEqual([
			['observation', '2026-07-02', false, 'Records factually', 'good'],
			['observation', '2026-07-02', false, 'Respects confidentiality', 'inadequate']
		]);
		await moveOnToStages(test.db, [{ id, status: 'shared' }]);
		expect((await kept(id)).map((g) => g[2])).toEqual([true, true]);
	});

	it('counts a sampled case once it is reviewed and its record is past draft, and drops it when removed', async () => {
		const { id } = await test.db
			.insertInto('supervisionRecord')
			.values({ kind: 'sample', subjectId, heldOn: '2026-08-01', details: JSON.stringify({}) })
			.returning('id')
			.executeTakeFirstOrThrow();
		const sampled = await test.db
			.insertInto('sampledCase')
			.values([1, 2].map((position) => ({ recordId: id, position, caseReference: `NS-2026-000${position}` })))
			.returning('id')
			.execute();
		expect(await kept(id)).toEqual([]);
		await test.db
			.updateTable('sampledCase')
			.set({ grades: criteria([['Confidentiality kept', 'good']]).slice(12, -1), reviewedAt: new Date() })
			.where('id', '=', sampled[0]!.id)
			.execute();
		expect(await kept(id)).toEqual([['sample', '2026-08-01', false, 'Confidentiality kept', 'good']]);
		await test.db
			.updateTable('sampledCase')
			.set({ grades: JSON.stringify([{ criterion: 'Outcome recorded factually', grade: 'requires-improvement' }]) })
			.where('id', '=', sampled[1]!.id)
			.execute();
		expect(await kept(id)).toEqual([
			['sample', '2026-08-01', false, 'Confidentiality kept', 'good'],
			['sample', '2026-08-01', false, 'Outcome recorded factually', 'requires-improvement']
		]);
		await moveOnToStages(test.db, [{ id, status: 'shared' }]);
		// The second case was graded but never marked reviewed: it does not count.
		expect((await kept(id)).map((g) => g[2])).toEqual([true, false]);
	});

	it('holds, for every record, exactly the grades its document and cases give', async () => {
		// Recomputed from the documents and compared, both ways, with what the triggers kept.
		const { rows } = await sql<{ kept: string; documents: string }>`
			with documents as (
				select r.id as record_id, r.kind, r.held_on, r.status <> 'draft' as counted, g->>'criterion' as criterion, g->>'grade' as grade
				from supervision_record r, jsonb_array_elements(r.details->'criteria') g where r.kind = 'observation'
				union all
				select r.id, r.kind, r.held_on, r.status <> 'draft' and sc.reviewed_at is not null, g->>'criterion', g->>'grade'
				from supervision_record r join sampled_case sc on sc.record_id = r.id, jsonb_array_elements(sc.grades) g
			), kept as (select record_id, kind, held_on, counted, criterion, grade from record_grade)
			select (select count(*) from (select * from kept except all select * from documents) k) as kept,
				(select count(*) from (select * from documents except all select * from kept) d) as documents`.execute(test.db);
		expect([Number(rows[0]!.kept), Number(rows[0]!.documents)]).toEqual([0, 0]);
		expect(
			Number(
				(
					await test.db
						.selectFrom('recordGrade')
						.select((e) => e.fn.countAll().as('n'))
						.executeTakeFirstOrThrow()
				).n
			)
		).toBe(4);
	});
});
