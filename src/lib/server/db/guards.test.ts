// The database holds the supervision lifecycle and the audit log itself: tried here with plain
// SQL as the app's own least-privilege role, as anyone holding its connection could.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { createRoleTestDatabase, testDatabaseKinds, type RoleTestDatabase } from './testing';
import type { Database } from './index';
import type { SessionPerson } from '../auth/sessions';
import type { Role } from './schema';
import {
	addAddendum,
	closeAction,
	commentOnRecord,
	createRecord,
	reviewCase,
	shareRecord,
	signRecord,
	startSample
} from '../supervision';
import { recordAudit } from '../audit';
import { runRetention } from '../retention';

const rules = { sampleSize: 2, resampleAfterMonths: 12 };
const grades = [{ criterion: 'Impartiality stated', grade: 'good' as const, evidence: '' }];
const review = { supportLevel: 'Advice', setting: 'None', comment: 'Fine', grades };
const details = { minutes: 60, format: 'one-to-one', agenda: 'Caseload', discussion: 'Options only.' };
const action = { description: 'Reread the policy', owner: 'subject' as const, dueOn: '2099-01-31' };
const periods = { supervisionYearsAfterLeaving: 6, quizAttemptYears: 6, auditLogYears: 7 };

describe.each(testDatabaseKinds)('the database guards, as the app role, on %s', (kind) => {
	let test: RoleTestDatabase;
	let app: Database;
	let supervisor: SessionPerson;
	let subject: SessionPerson;
	const ids = {} as Record<'draft' | 'shared' | 'locked' | 'sample' | 'sharedSample', string>;

	/** Plain SQL as the app role, inside a transaction that is rolled back whatever happens. */
	async function tryAsApp(statement: (db: Kysely<unknown>) => Promise<unknown>): Promise<void> {
		const db = await test.as('app');
		const rolledBack = new Error('rolled back');
		await expect(
			db.transaction().execute(async (trx) => {
				await statement(trx as unknown as Kysely<unknown>);
				throw rolledBack;
			})
		).rejects.toBe(rolledBack);
	}
	const refused = async (statement: (db: Kysely<unknown>) => Promise<unknown>, message: RegExp) => {
		const db = await test.as('app');
		await expect(db.transaction().execute(async (trx) => statement(trx as unknown as Kysely<unknown>))).rejects.toThrow(
			message
		);
	};

	async function person(name: string, roles: Role[], supervisorId: string | null = null): Promise<SessionPerson> {
		const row = await app
			.insertInto('person')
			.values({ name, email: `${name.replace(/ /g, '.')}@example.org`, roles, supervisorId, status: 'active' })
			.returning(['id', 'name', 'email', 'roles', 'supervisorId'])
			.executeTakeFirstOrThrow();
		return { ...row, roles: row.roles as Role[] } as SessionPerson;
	}

	beforeAll(async () => {
		test = await createRoleTestDatabase(kind);
		// Everything below is done through the app's own role, as the running server would.
		app = await test.as('app');
		supervisor = await person('Sam Supervisor', ['supervisor', 'staff']);
		subject = await person('Vic Volunteer', ['volunteer'], supervisor.id);
		const input = { heldOn: '2026-11-02', details, actions: [action] };
		ids.draft = await createRecord(app, supervisor, subject.id, 'supervision', input);
		ids.shared = await createRecord(app, supervisor, subject.id, 'supervision', input);
		expect(await shareRecord(app, supervisor, ids.shared)).toEqual({ ok: true });
		expect(await commentOnRecord(app, subject, ids.shared, 'Agreed.')).toEqual({ ok: true });
		ids.locked = await createRecord(app, supervisor, subject.id, 'supervision', input);
		expect(await shareRecord(app, supervisor, ids.locked)).toEqual({ ok: true });
		expect(await signRecord(app, subject, ids.locked)).toEqual({ ok: true });
		expect(await addAddendum(app, supervisor, ids.locked, 'It was 45 minutes.')).toEqual({ ok: true });
		const draw = (n: number) => ({
			periodFrom: '2026-01-01',
			periodTo: `2026-0${n}-28`,
			caseReferences: [`NS-2026-000${n}`, `NS-2026-001${n}`, `NS-2026-002${n}`]
		});
		const sample = await startSample(app, supervisor, subject.id, draw(1), rules);
		const shared = await startSample(app, supervisor, subject.id, draw(2), rules);
		if (!sample.ok || !shared.ok) throw new Error('the draws failed');
		[ids.sample, ids.sharedSample] = [sample.recordId, shared.recordId];
		const cases = await app.selectFrom('sampledCase').select('id').where('recordId', '=', ids.sharedSample).execute();
		for (const c of cases) await reviewCase(app, supervisor, ids.sharedSample, c.id, review);
		expect(await shareRecord(app, supervisor, ids.sharedSample)).toEqual({ ok: true });
		const [open] = await app.selectFrom('agreedAction').select('id').where('recordId', '=', ids.shared).execute();
		expect(await closeAction(app, subject, open!.id)).toEqual({ ok: true });
		await recordAudit(app, { actorId: supervisor.id, action: 'test.entry' });
	});
	afterAll(() => test.close());

	describe('a supervision record', () => {
		it('cannot go from shared back to draft, nor have what was shared changed', async () => {
			await refused(
				(db) =>
					sql`update supervision_record set status = 'draft', shared_at = null where id = ${ids.shared}`.execute(db),
				/cannot go back to being a draft/
			);
			await refused(
				(db) => sql`update supervision_record set status = 'draft' where id = ${ids.shared}`.execute(db),
				/cannot go back to being a draft/
			);
			for (const change of [
				sql`details = '{"discussion": "rewritten"}'::jsonb`,
				sql`held_on = '2026-01-01'`,
				sql`author_id = ${subject.id}`,
				sql`author_id = null`,
				sql`shared_at = now() - interval '1 year'`,
				sql`shared_at = null`,
				sql`created_at = now()`
			])
				await refused(
					(db) => sql`update supervision_record set ${change} where id = ${ids.shared}`.execute(db),
					/has been shared: add an addendum instead/
				);
			await refused(
				(db) => sql`update supervision_record set subject_id = ${supervisor.id} where id = ${ids.shared}`.execute(db),
				/never change/
			);
			await refused(
				(db) => sql`update supervision_record set kind = 'review' where id = ${ids.shared}`.execute(db),
				/never change/
			);
			await refused(
				(db) => sql`delete from supervision_record where id = ${ids.shared}`.execute(db),
				/has been shared/
			);
		});

		it('is locked only with the time it was signed off, and a shared one is not signed without locking', async () => {
			await refused(
				(db) => sql`update supervision_record set status = 'locked' where id = ${ids.shared}`.execute(db),
				/only with the time it was signed off/
			);
			await refused(
				(db) => sql`update supervision_record set signed_at = now() where id = ${ids.shared}`.execute(db),
				/signed off by locking it/
			);
		});

		it('is shared (with its time) before it is signed off, from a draft', async () => {
			await refused(
				(db) =>
					sql`update supervision_record set status = 'locked', signed_at = now() where id = ${ids.draft}`.execute(db),
				/shared .* before it is signed off/
			);
			await refused(
				(db) => sql`update supervision_record set status = 'shared' where id = ${ids.draft}`.execute(db),
				/shared .* before it is signed off/
			);
			await refused(
				(db) => sql`update supervision_record set shared_at = now() where id = ${ids.draft}`.execute(db),
				/shared .* before it is signed off/
			);
		});

		it('once locked, changes in no way at all', async () => {
			for (const change of [
				sql`status = 'shared'`,
				sql`status = 'draft'`,
				sql`signed_at = now()`,
				sql`details = '{}'::jsonb`,
				sql`updated_at = now()`,
				sql`author_id = null`
			])
				await refused(
					(db) => sql`update supervision_record set ${change} where id = ${ids.locked}`.execute(db),
					/is locked/
				);
			await refused((db) => sql`delete from supervision_record where id = ${ids.locked}`.execute(db), /is locked/);
		});

		it('keeps its comments and addenda as written', async () => {
			await refused(
				(db) => sql`update record_note set body = 'changed' where record_id = ${ids.locked}`.execute(db),
				/cannot be changed/
			);
			await refused(
				(db) => sql`delete from record_note where record_id = ${ids.shared}`.execute(db),
				/cannot be changed/
			);
		});

		it('keeps the actions agreed in it once shared: closed, not changed, reopened or removed', async () => {
			await refused(
				(db) =>
					sql`insert into agreed_action (record_id, subject_id, owner_id, description, due_on) values (${ids.shared}, ${subject.id}, ${subject.id}, 'Slipped in', '2099-01-01')`.execute(
						db
					),
				/actions are agreed in a new record/
			);
			await refused(
				(db) => sql`update agreed_action set description = 'Rewritten' where record_id = ${ids.locked}`.execute(db),
				/agreed in a shared record/
			);
			await refused(
				(db) => sql`update agreed_action set due_on = '2100-01-01' where record_id = ${ids.locked}`.execute(db),
				/agreed in a shared record/
			);
			await refused(
				(db) =>
					sql`update agreed_action set closed_at = null, closed_by = null where record_id = ${ids.shared}`.execute(db),
				/cannot be reopened/
			);
			await refused(
				(db) => sql`delete from agreed_action where record_id = ${ids.locked}`.execute(db),
				/close it instead/
			);
		});

		it('is still a draft the app edits, deletes, and replaces the actions of', async () => {
			await tryAsApp(async (db) => {
				await sql`update supervision_record set details = '{"discussion": "edited"}'::jsonb, held_on = '2026-11-01' where id = ${ids.draft}`.execute(
					db
				);
				await sql`delete from agreed_action where record_id = ${ids.draft}`.execute(db);
				await sql`delete from supervision_record where id = ${ids.draft}`.execute(db);
			});
		});
	});

	describe('a casework sample', () => {
		it('cannot be deleted, even as a draft: its draw stands', async () => {
			await refused(
				(db) => sql`delete from supervision_record where id = ${ids.sample}`.execute(db),
				/its draw stands/
			);
			await refused(
				(db) => sql`delete from casework_sample where record_id = ${ids.sample}`.execute(db),
				/draw stands as it was made/
			);
			await refused(
				(db) => sql`delete from sampled_case where record_id = ${ids.sample}`.execute(db),
				/its draw stands/
			);
		});

		it('keeps its draw as made: no case swapped, renumbered or added, no seed changed', async () => {
			await refused(
				(db) => sql`update casework_sample set seed = 'chosen' where record_id = ${ids.sample}`.execute(db),
				/draw stands as it was made/
			);
			await refused(
				(db) =>
					sql`update casework_sample set drawn = array['NS-2026-9999'] where record_id = ${ids.sample}`.execute(db),
				/draw stands as it was made/
			);
			await refused(
				(db) =>
					sql`update sampled_case set case_reference = 'NS-2026-9999' where record_id = ${ids.sample}`.execute(db),
				/only its review changes/
			);
			await refused(
				(db) => sql`update sampled_case set position = position + 10 where record_id = ${ids.sample}`.execute(db),
				/only its review changes/
			);
			await refused(
				(db) =>
					sql`insert into sampled_case (record_id, position, case_reference) values (${ids.sharedSample}, 9, 'NS-2026-9999')`.execute(
						db
					),
				/no case can be added/
			);
			await refused(
				(db) =>
					sql`insert into casework_sample (record_id, period_from, period_to, entered, excluded, seed, size, drawn) values (${ids.sharedSample}, '2026-01-01', '2026-02-01', '{}', '{}', 's', 1, '{}')`.execute(
						db
					),
				/cannot be drawn again|duplicate key/
			);
		});

		it('takes reviews while a draft, and none once shared', async () => {
			await tryAsApp((db) =>
				sql`update sampled_case set comment = 'Reviewed again' where record_id = ${ids.sample}`.execute(db)
			);
			await refused(
				(db) => sql`update sampled_case set comment = 'changed' where record_id = ${ids.sharedSample}`.execute(db),
				/has been shared/
			);
		});
	});

	describe('the audit log and the database itself', () => {
		const auditRefused = /append-only|permission denied/;

		it('cannot be changed, deleted or emptied by the app, with or without the old retention setting', async () => {
			await refused((db) => sql`update audit_event set action = 'rewritten'`.execute(db), auditRefused);
			await refused((db) => sql`delete from audit_event`.execute(db), auditRefused);
			await refused((db) => sql`truncate audit_event`.execute(db), auditRefused);
			await refused(async (db) => {
				await sql`set local impartial.retention = 'on'`.execute(db);
				await sql`delete from audit_event`.execute(db);
			}, auditRefused);
		});

		it('cannot be told by the app that a retention run is under way', async () => {
			await refused(
				(db) => sql`insert into retention_run (xact) values (txid_current())`.execute(db),
				/permission denied/
			);
			await refused(
				(db) =>
					sql`create or replace function retention_in_progress() returns boolean language sql as $$ select true $$`.execute(
						db
					),
				/must be owner|permission denied/
			);
			await refused(
				(db) =>
					sql`create function public.txid_current() returns bigint language sql as $$ select 1::bigint $$`.execute(db),
				/permission denied/
			);
		});

		it('has guards the app can neither switch off, drop nor get round', async () => {
			await refused(
				(db) => sql`alter table supervision_record disable trigger supervision_record_guard`.execute(db),
				/must be owner/
			);
			await refused((db) => sql`alter table audit_event disable trigger all`.execute(db), /must be owner/);
			await refused(
				(db) => sql`drop trigger supervision_record_guard on supervision_record`.execute(db),
				/must be owner/
			);
			await refused((db) => sql`drop function supervision_record_guard() cascade`.execute(db), /must be owner/);
			await refused((db) => sql`set session_replication_role = replica`.execute(db), /permission denied/);
			await refused(
				(db) =>
					sql`create trigger sneak before update on supervision_record for each row execute function supervision_record_guard()`.execute(
						db
					),
				/permission denied|must be owner/
			);
			await refused((db) => sql`alter table supervision_record owner to current_user`.execute(db), /must be owner/);
			await refused((db) => sql`create table sneak (x int)`.execute(db), /permission denied/);
		});

		it('lets the retention role, and only it, take the retention path', async () => {
			await expect(runRetention(await test.as('app'), periods)).rejects.toThrow(/may not take the retention path/);
			const run = await runRetention(await test.as('retention'), periods, { now: new Date('2099-01-01T00:00:00Z') });
			expect(run.counts.auditEventsDeleted).toBeGreaterThan(0);
			const retention = await test.as('retention');
			await expect(
				retention.transaction().execute(async (trx) => {
					await sql`alter table audit_event disable trigger all`.execute(trx);
				})
			).rejects.toThrow(/must be owner/);
		});
	});
});
