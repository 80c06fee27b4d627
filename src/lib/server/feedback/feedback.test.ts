import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import { loadQuestionnaires } from '../content/feedback';
import type { SessionPerson } from '../auth/sessions';
import {
	commentMaxLength,
	createLink,
	linkByCode,
	questionsFor,
	readAnswer,
	removeOldIntake,
	retireLink,
	submitResponse,
	workerSearchSchema,
	workersForLinks,
	workersListed,
	type FeedbackLink
} from './index';

const { questionnaires } = loadQuestionnaires('content');
const families = questionnaires.find((q) => q.audience === 'families')!;
const rules = { commentRetentionMonths: 24, dailyCapPerLink: 6, perClientPerHour: 3, commentThemes: [] };
/** Without a link, the cap is high enough for the client limit to be what stops a client. */
const looser = { ...rules, dailyCapPerLink: 100 };
const answers = {
	channel: 'helpline',
	'took-sides': 'no',
	'all-options': 'yes',
	'views-heard': 'partly',
	'arms-length': 'yes',
	confidence: 'very',
	result: 'no',
	'anything-else': 'The adviser explained every choice, even the ones the school did not like.'
};
const question = (id: string) => families.questions.find((q) => q.id === id)!;

describe('reading a family\u2019s answer', () => {
	it('takes only a listed option for a choice', () => {
		expect(readAnswer(question('took-sides'), 'no')).toEqual({ ok: true, value: 'no' });
		expect(readAnswer(question('took-sides'), 'maybe')).toEqual({ ok: false, error: 'Select an answer' });
		expect(readAnswer(question('took-sides'), undefined)).toEqual({ ok: false, error: 'Select an answer' });
	});

	it('refuses a comment with personal details, saying why, a hidden control character, or one too long', () => {
		const comment = question('anything-else');
		expect(readAnswer(comment, 'Call me on 07700 900123 about Sam')).toEqual({
			ok: false,
			error:
				'Your answer contains what looks like a phone number. Remove it: we do not keep anything that could identify you or your child'
		});
		expect(readAnswer(comment, 'write to jo@example.org')).toMatchObject({
			ok: false,
			error: expect.stringContaining('an email address')
		});
		expect(readAnswer(comment, 'we live at NR1 3AB')).toMatchObject({
			ok: false,
			error: expect.stringContaining('a postcode')
		});
		expect(readAnswer(comment, 'fine\u0000')).toMatchObject({
			ok: false,
			error: expect.stringContaining('hidden control character')
		});
		expect(readAnswer(comment, 'a'.repeat(commentMaxLength + 1))).toEqual({
			ok: false,
			error: 'Your answer must be 1,200 characters or fewer'
		});
		expect(readAnswer(comment, `  ${'a'.repeat(commentMaxLength - 4)}  `)).toMatchObject({ ok: true });
		expect(readAnswer(comment, '')).toEqual({ ok: true, value: '' });
	});
});

describe.each(testDatabaseKinds)('taking feedback on %s', (kind) => {
	let test: TestDatabase;
	let coordinator: SessionPerson;
	let worker: string;
	let link: FeedbackLink;

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		const [c, w] = await test.db
			.insertInto('person')
			.values([
				{ email: 'coordinator@example.org', name: 'Cora Ordinator', roles: ['coordinator'], status: 'active' },
				{ email: 'worker@example.org', name: 'Wendy Worker', roles: ['volunteer'], status: 'active' }
			])
			.returning(['id', 'name', 'email'])
			.execute();
		coordinator = { ...c!, roles: ['coordinator'], supervisorId: null };
		worker = w!.id;
		const made = await createLink(test.db, coordinator, {
			label: 'Helpline leaflet',
			channel: 'helpline',
			workerId: worker
		});
		if ('error' in made) throw new Error(made.error);
		link = made;
	});
	afterAll(() => test.close());

	it('makes a link with a short code that is hard to misread, and forgets it once retired', async () => {
		expect(link.code).toMatch(/^[a-hjkmnp-z2-9]{8}$/);
		expect(await linkByCode(test.db, link.code)).toMatchObject({ id: link.id, channel: 'helpline', workerId: worker });
		const other = await createLink(test.db, coordinator, { label: 'Old leaflet', channel: 'email', workerId: null });
		if ('error' in other) throw new Error(other.error);
		expect(await retireLink(test.db, coordinator, other.id)).toBe(true);
		expect(await linkByCode(test.db, other.code)).toBeUndefined();
		expect(await linkByCode(test.db, "x' or 1=1 --")).toBeUndefined();
		const audit = await test.db.selectFrom('auditEvent').select('action').where('recordId', '=', other.id).execute();
		expect(audit.map((a) => a.action).sort()).toEqual(['feedback.link-created', 'feedback.link-retired']);
	});

	it('lists the workers a link may name a page at a time, and finds any of them by name or email', async () => {
		await test.db
			.insertInto('person')
			.values([
				...Array.from({ length: workersListed + 1 }, (_, i) => ({
					email: `listed${i}@example.org`,
					name: `Listed Worker ${String(i).padStart(3, '0')}`,
					roles: ['volunteer' as const],
					status: 'active' as const
				})),
				{ email: 'needle@example.org', name: 'Zed Needleman', roles: ['staff'], status: 'active' },
				{ email: 'needle.gone@example.org', name: 'Zed Needle', roles: ['staff'], status: 'deactivated' },
				{ email: 'needle.steer@example.org', name: 'Zed Needlecraft', roles: ['steering'], status: 'active' }
			])
			.execute();
		// More workers than one list holds: the list is cut at the limit and says there are more.
		const first = await workersForLinks(test.db);
		expect(first.workers).toHaveLength(workersListed);
		expect(first.more).toBe(true);
		expect(first.workers.map((w) => w.name)).toEqual([...first.workers.map((w) => w.name)].sort());
		// The last worker by name is beyond the list, and found by searching.
		expect(first.workers.map((w) => w.name)).not.toContain('Zed Needleman');
		const found = await workersForLinks(test.db, 'needle');
		expect(found).toEqual({ workers: [expect.objectContaining({ name: 'Zed Needleman' })], more: false });
		expect((await workersForLinks(test.db, 'NEEDLE@EXAMPLE')).workers.map((w) => w.name)).toEqual(['Zed Needleman']);
		expect(await workersForLinks(test.db, '100%_')).toEqual({ workers: [], more: false });
		// The search is read leniently from the address: anything unusable is dropped.
		expect(workerSearchSchema.parse({ worker: '  needle ' })).toEqual({ worker: 'needle' });
		expect(workerSearchSchema.parse({ worker: '' })).toEqual({ worker: undefined });
		expect(workerSearchSchema.parse({ worker: 'x'.repeat(500) })).toEqual({ worker: undefined });
	});

	it('refuses a link for someone who is not an active worker', async () => {
		const made = await createLink(test.db, coordinator, {
			label: 'Nobody',
			channel: 'helpline',
			workerId: '00000000-0000-4000-8000-000000000000'
		});
		expect(made).toEqual({ error: 'Choose a worker from the list' });
	});

	it('stores a response with its month, channel and link and nothing that identifies the family', async () => {
		const address = '203.0.113.77';
		expect(await submitResponse(test.db, { questionnaire: families, link, answers, address, rules })).toEqual({
			ok: true
		});
		const response = await test.db
			.selectFrom('feedbackResponse')
			.selectAll()
			.where('linkId', '=', link.id)
			.executeTakeFirstOrThrow();
		expect(response.channel).toBe('helpline');
		// The channel question is not asked through a link: the link says it.
		expect(questionsFor(families, link).some((q) => q.kind === 'channel')).toBe(false);
		const stored = await test.db
			.selectFrom('feedbackAnswer')
			.select(['questionId', 'value'])
			.where('responseId', '=', response.id)
			.orderBy('questionId')
			.execute();
		expect(stored.map((a) => a.questionId)).toEqual([
			'all-options',
			'arms-length',
			'confidence',
			'result',
			'took-sides',
			'views-heard'
		]);
		const comment = await test.db
			.selectFrom('feedbackComment')
			.select(['body', 'quote', 'themes'])
			.where('responseId', '=', response.id)
			.executeTakeFirstOrThrow();
		expect(comment).toEqual({ body: answers['anything-else'], quote: false, themes: [] });

		// No column of any feedback table can hold a person, a case, an address or a time of day.
		const { rows: columns } = await sql<{ table: string; column: string; type: string }>`
			select table_name as table, column_name as column, data_type as type from information_schema.columns
			where table_schema = current_schema() and table_name in ('feedback_response', 'feedback_answer', 'feedback_comment')`.execute(
			test.db
		);
		expect(columns.filter((c) => /person|case|address|ip|email|name|session|agent/.test(c.column))).toEqual([]);
		expect(columns.filter((c) => c.type.startsWith('timestamp'))).toEqual([]);
		expect(
			await test.db
				.selectFrom('feedbackResponse')
				.select(sql<number>`extract(day from received_month)::int`.as('day'))
				.where('id', '=', response.id)
				.executeTakeFirstOrThrow()
		).toEqual({ day: 1 });
		// The address is nowhere in the database, in any table, in any form a search can find.
		const { rows: tables } = await sql<{
			name: string;
		}>`select tablename as name from pg_tables where schemaname = current_schema()`.execute(test.db);
		for (const { name } of tables) {
			const { rows } = await sql<{
				n: number;
			}>`select count(*)::int as n from ${sql.table(name)} t where t::text like ${`%${address}%`}`.execute(test.db);
			expect(rows[0]!.n, name).toBe(0);
		}
		// Responses point at no case: no foreign key leads from a feedback table to a person or a record but the link's worker.
		const { rows: keys } = await sql<{ table: string; target: string }>`
			select tc.table_name as table, ccu.table_name as target from information_schema.table_constraints tc
			join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name
			where tc.constraint_type = 'FOREIGN KEY' and tc.table_name like 'feedback%'`.execute(test.db);
		expect(
			keys
				.filter((k) => k.target !== 'feedback_response' && k.target !== 'feedback_link')
				.map((k) => k.table)
				.sort()
		).toEqual(['feedback_link', 'feedback_link']);
	});

	it('takes no more from one client in an hour than the limit, and still takes others', async () => {
		const address = '198.51.100.9';
		const results = await Promise.all(
			Array.from({ length: 8 }, () =>
				submitResponse(test.db, { questionnaire: families, link: undefined, answers, address, rules: looser })
			)
		);
		// Sent together, they are counted in turn: exactly the limit is taken.
		expect(results.filter((r) => r.ok).length).toBe(rules.perClientPerHour);
		expect(
			await submitResponse(test.db, { questionnaire: families, link: undefined, answers, address, rules: looser })
		).toEqual({ ok: false, reason: 'client' });
		expect(
			await submitResponse(test.db, {
				questionnaire: families,
				link: undefined,
				answers,
				address: '198.51.100.10',
				rules: looser
			})
		).toEqual({ ok: true });
	});

	it('takes no more through one link in a day than its cap, whoever sends them', async () => {
		let refused = 0;
		for (let i = 0; i < 20; i++) {
			const result = await submitResponse(test.db, {
				questionnaire: families,
				link,
				answers,
				address: `192.0.2.${i}`,
				rules
			});
			if (!result.ok) {
				expect(result.reason).toBe('link');
				refused++;
			}
		}
		const { n } = await test.db
			.selectFrom('feedbackResponse')
			.select((e) => e.fn.countAll<string>().as('n'))
			.where('linkId', '=', link.id)
			.executeTakeFirstOrThrow();
		expect(Number(n)).toBe(rules.dailyCapPerLink);
		expect(refused).toBe(20 - (rules.dailyCapPerLink - 1));
	});

	it('throws away the throttling rows and the salts that could tie them to an address once they are old', async () => {
		await test.db
			.updateTable('feedbackIntake')
			.set({ at: sql<Date>`now() - interval '3 days'` })
			.execute();
		await test.db
			.insertInto('feedbackSalt')
			.values({ day: sql<string>`current_date - 5`, salt: 'old' })
			.execute();
		expect(await removeOldIntake(test.db)).toBeGreaterThan(0);
		expect(await test.db.selectFrom('feedbackIntake').selectAll().execute()).toEqual([]);
		expect((await test.db.selectFrom('feedbackSalt').select('salt').execute()).map((s) => s.salt)).not.toContain('old');
	});
});
