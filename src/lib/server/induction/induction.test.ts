import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../db';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import type { Module } from '../content/modules';
import type { SessionPerson } from '../auth/sessions';
import { listPeople } from '../people';
import { completeModule, inductionFor, moduleChanges, openModule, registerModuleVersions } from './index';

function module(slug: string, version: number, markdown: string, prerequisites: string[] = []): Module {
	return {
		slug,
		order: 1,
		file: `content/modules/01-${slug}.md`,
		title: slug,
		summary: 'summary',
		minutes: 10,
		audiences: ['volunteer'],
		version,
		induction: true,
		prerequisites,
		objectives: [],
		hash: `${slug}-${version}-${markdown.length}`,
		markdown,
		html: `<p>${markdown}</p>`,
		sections: [],
		words: 3
	};
}

describe.each(testDatabaseKinds)('induction on %s', (kind) => {
	let test: TestDatabase;
	let learner: SessionPerson;
	const coordinator: SessionPerson = {
		id: '',
		name: 'Coordinator',
		email: 'c@example.org',
		roles: ['coordinator'],
		supervisorId: null
	};

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		const rows = await test.db
			.insertInto('person')
			.values([
				{ email: 'learner@example.org', name: 'Learner', roles: ['volunteer'], status: 'active' },
				{ email: 'c@example.org', name: 'Coordinator', roles: ['coordinator'], status: 'active' }
			])
			.returning('id')
			.execute();
		learner = {
			id: rows[0]!.id,
			name: 'Learner',
			email: 'learner@example.org',
			roles: ['volunteer'],
			supervisorId: null
		};
		coordinator.id = rows[1]!.id;
	});
	afterAll(() => test.close());

	it('tracks a module from not started to completed, pinned to the version read, and blocks what builds on it', async () => {
		const basics = module('basics', 1, 'Impartiality is the whole value of the service.');
		const next = module('next-steps', 1, 'Now apply it.', ['basics']);
		const ids = await registerModuleVersions(test.db, [basics, next]);
		const before = await inductionFor(test.db, learner, [basics, next]);
		expect(before.items.map((i) => i.status)).toEqual(['not-started', 'cannot-start']);
		expect(before.minutesLeft).toBe(20);

		expect(await completeModule(test.db, learner, next, ids.get('next-steps')!)).toEqual({
			ok: false,
			message: 'Complete the modules this one builds on first.'
		});
		await openModule(test.db, learner, basics, ids.get('basics')!);
		expect((await inductionFor(test.db, learner, [basics, next])).items[0]!.status).toBe('in-progress');
		expect(await completeModule(test.db, learner, basics, ids.get('basics')!)).toEqual({ ok: true });
		// A second click, or a resent form, changes nothing.
		expect(await completeModule(test.db, learner, basics, ids.get('basics')!)).toEqual({ ok: true });
		const completions = await test.db
			.selectFrom('moduleCompletion')
			.select('moduleVersionId')
			.where('personId', '=', learner.id)
			.execute();
		expect(completions).toEqual([{ moduleVersionId: ids.get('basics') }]);

		const after = await inductionFor(test.db, learner, [basics, next]);
		expect(after.items.map((i) => i.status)).toEqual(['completed', 'not-started']);
		expect(after.next?.module.slug).toBe('next-steps');
	});

	it('keeps completions through a typo fix, and asks for a review when the version is raised', async () => {
		const typoFixed = module('basics', 1, 'Impartiality is the whole value of this service.');
		const typoIds = await registerModuleVersions(test.db, [typoFixed]);
		const versions = await test.db
			.selectFrom('moduleVersion')
			.select(['version', 'contentHash'])
			.where('slug', '=', 'basics')
			.execute();
		expect(versions).toHaveLength(2);
		expect(typoIds.get('basics')).toBeDefined();
		expect((await inductionFor(test.db, learner, [typoFixed])).items[0]!.status).toBe('completed');

		const revised = module(
			'basics',
			2,
			'Impartiality is the whole value of this service.\n\nState it at every contact.'
		);
		const revisedIds = await registerModuleVersions(test.db, [revised]);
		expect((await inductionFor(test.db, learner, [revised])).items[0]!.status).toBe('needs-review');

		const changes = await moduleChanges(test.db, learner.id, revised);
		expect(changes).toMatchObject({ version: 1, markdown: 'Impartiality is the whole value of the service.' });

		await completeModule(test.db, learner, revised, revisedIds.get('basics')!);
		expect((await inductionFor(test.db, learner, [revised])).items[0]!.status).toBe('completed');
		const audit = await test.db
			.selectFrom('auditEvent')
			.select('detail')
			.where('action', '=', 'module.completed')
			.orderBy('id', 'desc')
			.executeTakeFirstOrThrow();
		expect(audit.detail).toMatchObject({ version: 2, review: true });
	});

	it('filters and labels the people list by induction stage in the database', async () => {
		const revised = module('basics', 3, 'A third version.');
		await registerModuleVersions(test.db, [revised]);
		const review = await listPeople(test.db, coordinator, { induction: 'needs-review' });
		expect(review.people.map((p) => [p.name, p.induction])).toEqual([['Learner', 'needs-review']]);
		const complete = await listPeople(test.db, coordinator, { induction: 'completed' });
		// Someone with no induction modules for their roles has nothing outstanding.
		expect(complete.people.map((p) => p.name)).toEqual(['Coordinator']);
	});

	it('keeps each stored stage in step with progress and roles as they change', async () => {
		const stage = async (id: string) =>
			(await test.db.selectFrom('person').select('inductionStage').where('id', '=', id).executeTakeFirstOrThrow())
				.inductionStage;
		const basics = module('basics', 4, 'A fourth version.');
		const ids = await registerModuleVersions(test.db, [basics]);
		expect(await stage(learner.id)).toBe('needs-review');
		await completeModule(test.db, learner, basics, ids.get('basics')!);
		expect(await stage(learner.id)).toBe('completed');

		// A new volunteer starts with nothing done; opening a module puts them in progress.
		const [newcomer] = await test.db
			.insertInto('person')
			.values({ email: 'new@example.org', name: 'Newcomer', roles: ['volunteer'], status: 'active' })
			.returning('id')
			.execute();
		expect(await stage(newcomer!.id)).toBe('not-started');
		await openModule(
			test.db,
			{ id: newcomer!.id, name: 'Newcomer', email: 'new@example.org', roles: ['volunteer'], supervisorId: null },
			basics,
			ids.get('basics')!
		);
		expect(await stage(newcomer!.id)).toBe('in-progress');
		// A role that induction does not ask this module of leaves nothing outstanding, and back again.
		await test.db
			.updateTable('person')
			.set({ roles: ['steering'] })
			.where('id', '=', newcomer!.id)
			.execute();
		expect(await stage(newcomer!.id)).toBe('completed');
		await test.db
			.updateTable('person')
			.set({ roles: ['volunteer'] })
			.where('id', '=', newcomer!.id)
			.execute();
		expect(await stage(newcomer!.id)).toBe('in-progress');
		// Progress removed (as retention will) is reflected too.
		await test.db.deleteFrom('moduleProgress').where('personId', '=', newcomer!.id).execute();
		expect(await stage(newcomer!.id)).toBe('not-started');
	});

	// Nothing is kept between pages: another instance's change shows on the very next one.
	if (kind === 'postgres')
		it("shows progress recorded by another instance on this instance's next page", async () => {
			const other = createDatabase({ url: test.url!, poolSize: 2 });
			try {
				const reader: SessionPerson = {
					...learner,
					id: (
						await test.db
							.insertInto('person')
							.values({ email: 'reader@example.org', name: 'Reader', roles: ['volunteer'], status: 'active' })
							.returning('id')
							.executeTakeFirstOrThrow()
					).id
				};
				const shared = module('shared', 1, 'Read on two instances.');
				const ids = await registerModuleVersions(test.db, [shared]);
				await openModule(test.db, reader, shared, ids.get('shared')!);
				expect((await inductionFor(test.db, reader, [shared])).items[0]!.status).toBe('in-progress');
				expect(await completeModule(other, reader, shared, ids.get('shared')!)).toEqual({ ok: true });
				expect((await inductionFor(test.db, reader, [shared])).items[0]!.status).toBe('completed');
			} finally {
				await other.destroy();
			}
		});
});
