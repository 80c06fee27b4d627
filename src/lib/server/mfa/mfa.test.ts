import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import type { Role } from '../db/schema';
import { loadServiceConfig, type ServiceConfig } from '../content/service';
import { createSession, validateSessionToken, type SessionPerson } from '../auth/sessions';
import {
	checkCode,
	confirmApp,
	factorSummary,
	passSecondStep,
	pendingAppSecret,
	removeApp,
	resetFactors,
	secondFactorLimits,
	secondStepDue
} from './index';
import { secondStepAllows } from './second-step';
import { totpCode } from './totp';

const service = loadServiceConfig('content').service as ServiceConfig;
const required = { ...service, mfa: 'required' as const };
const thirtySeconds = 30_000;

describe.each(testDatabaseKinds)('multi-factor authentication on %s', (kind) => {
	let test: TestDatabase;
	let n = 0;

	beforeAll(async () => {
		test = await createTestDatabase(kind);
	});
	afterAll(() => test.close());

	async function person(roles: Role[]): Promise<SessionPerson> {
		const email = `person${++n}@example.org`;
		const { id } = await test.db
			.insertInto('person')
			.values({ email, name: `Person ${n}`, roles, supervisorId: null, status: 'active', passwordHash: null })
			.returning('id')
			.executeTakeFirstOrThrow();
		return { id, name: `Person ${n}`, email, roles, supervisorId: null };
	}

	/** Sets up an app for the person and gives back its secret and recovery codes. */
	async function withApp(p: SessionPerson) {
		const secret = (await pendingAppSecret(test.db, p.id))!;
		const confirmed = await confirmApp(test.db, p.id, totpCode(secret, Date.now() - thirtySeconds), null);
		if (!confirmed.ok) throw new Error(confirmed.message);
		return { secret, recoveryCodes: confirmed.recoveryCodes };
	}

	async function stepOf(token: string, svc: ServiceConfig = service) {
		const session = await validateSessionToken(test.db, token, 14);
		return secondStepDue(session!.person, session!.secondFactor, svc);
	}

	it('leaves a session half signed in until the second step passes, and that reaches nothing else', async () => {
		const coordinator = await person(['coordinator']);
		await withApp(coordinator);
		const { token } = await createSession(test.db, coordinator.id, 14);
		expect(await stepOf(token)).toBe('verify');
		for (const route of ['/', '/people', '/people/[id=uuid]', '/me/record', '/me/security', '/audit', '/sign-in'])
			expect(secondStepAllows(route)).toBe(false);
		expect(secondStepAllows('/sign-in/second-factor')).toBe(true);
		expect(secondStepAllows('/sign-out')).toBe(true);
		await passSecondStep(test.db, token);
		expect(await stepOf(token)).toBe('none');
		// Another session of the same person is asked again.
		const other = await createSession(test.db, coordinator.id, 14);
		expect(await stepOf(other.token)).toBe('verify');
	});

	it('asks only those who read others’ records, and makes them set one up when the service requires it', async () => {
		const supervisor = await person(['supervisor']);
		const volunteer = await person(['volunteer']);
		const s = await createSession(test.db, supervisor.id, 14);
		const v = await createSession(test.db, volunteer.id, 14);
		expect(await stepOf(s.token)).toBe('none');
		expect(await stepOf(s.token, required)).toBe('enrol');
		expect(await stepOf(v.token, required)).toBe('none');
	});

	it('accepts a code once: the same code again is refused', async () => {
		const supervisor = await person(['supervisor']);
		const { secret } = await withApp(supervisor);
		const code = totpCode(secret);
		expect(await checkCode(test.db, supervisor.id, code, null)).toMatchObject({ ok: true, method: 'app' });
		expect(await checkCode(test.db, supervisor.id, code, null)).toMatchObject({ ok: false, limited: false });
		// Nor a code from the step before the one used.
		const earlier = totpCode(secret, Date.now() - thirtySeconds);
		if (earlier !== code) expect((await checkCode(test.db, supervisor.id, earlier, null)).ok).toBe(false);
	});

	it('accepts each recovery code once', async () => {
		const supervisor = await person(['supervisor']);
		const { recoveryCodes } = await withApp(supervisor);
		expect(recoveryCodes).toHaveLength(10);
		const [first] = recoveryCodes;
		expect(await checkCode(test.db, supervisor.id, first!.toUpperCase(), null)).toMatchObject({
			ok: true,
			method: 'recovery-code',
			recoveryCodesLeft: 9
		});
		expect((await checkCode(test.db, supervisor.id, first!, null)).ok).toBe(false);
		expect((await factorSummary(test.db, supervisor.id)).recoveryCodesLeft).toBe(9);
	});

	it('refuses every code, even the right one, after too many wrong ones', async () => {
		const coordinator = await person(['coordinator']);
		const { secret } = await withApp(coordinator);
		const wrong = totpCode(secret) === '000000' ? '111111' : '000000';
		// Simultaneous guesses take turns, so no more than the limit are checked.
		const guesses = await Promise.all(
			Array.from({ length: secondFactorLimits.perPerson + 3 }, () => checkCode(test.db, coordinator.id, wrong, null))
		);
		expect(guesses.filter((g) => !g.ok && !g.limited)).toHaveLength(secondFactorLimits.perPerson);
		expect(guesses.filter((g) => !g.ok && g.limited)).toHaveLength(3);
		const right = await checkCode(test.db, coordinator.id, totpCode(secret), null);
		expect(right).toMatchObject({ ok: false, limited: true });
		expect(!right.ok && right.message).toMatch(/Too many wrong codes/);
		const audit = await test.db
			.selectFrom('auditEvent')
			.select(['action'])
			.where('recordId', '=', coordinator.id)
			.where('action', 'in', ['mfa.code-failed', 'mfa.code-refused'])
			.execute();
		expect(audit.filter((a) => a.action === 'mfa.code-failed')).toHaveLength(secondFactorLimits.perPerson);
		expect(audit.filter((a) => a.action === 'mfa.code-refused')).toHaveLength(4);
	});

	it('does not let the last factor go when the service requires one', async () => {
		const supervisor = await person(['supervisor']);
		await withApp(supervisor);
		expect(await removeApp(test.db, supervisor, required, null)).toMatchObject({ ok: false });
		expect((await factorSummary(test.db, supervisor.id)).app).toBe(true);
		expect(await removeApp(test.db, supervisor, service, null)).toEqual({ ok: true });
		expect(await factorSummary(test.db, supervisor.id)).toMatchObject({ app: false, recoveryCodesLeft: 0 });
	});

	it('lets a coordinator reset someone’s factors, audited and told by email; no one else', async () => {
		const coordinator = await person(['coordinator']);
		const supervisor = await person(['supervisor']);
		const lost = await person(['supervisor']);
		await withApp(lost);
		expect(await resetFactors(test.db, supervisor, lost, service, null)).toBe(false);
		expect(await resetFactors(test.db, coordinator, coordinator, service, null)).toBe(false);
		expect((await factorSummary(test.db, lost.id)).app).toBe(true);

		expect(await resetFactors(test.db, coordinator, lost, service, '10.0.0.1')).toBe(true);
		expect(await factorSummary(test.db, lost.id)).toEqual({ app: false, passkeys: [], recoveryCodesLeft: 0 });
		const { token } = await createSession(test.db, lost.id, 14);
		expect(await stepOf(token)).toBe('none');
		expect(await stepOf(token, required)).toBe('enrol');
		const audit = await test.db
			.selectFrom('auditEvent')
			.select(['actorId', 'detail'])
			.where('action', '=', 'mfa.reset')
			.where('recordId', '=', lost.id)
			.executeTakeFirstOrThrow();
		expect(audit).toMatchObject({ actorId: coordinator.id, detail: { app: true, passkeys: 0 } });
		const mail = await test.db
			.selectFrom('outboxMessage')
			.select(['subject', 'body'])
			.where('toAddress', '=', lost.email)
			.executeTakeFirstOrThrow();
		expect(mail.subject).toMatch(/sign-in methods have been reset/);
		expect(mail.body).toContain(coordinator.name);
	});

	it('counts a single sign-on provider’s own check, when the session says there was one', async () => {
		const coordinator = await person(['coordinator']);
		await withApp(coordinator);
		const { token } = await createSession(test.db, coordinator.id, 14);
		// The column single sign-on adds to sessions: without it, or false, the second step is asked.
		await sql`alter table session add column if not exists provider_mfa boolean not null default false`.execute(
			test.db
		);
		expect(await stepOf(token)).toBe('verify');
		await sql`update session set provider_mfa = true`.execute(test.db);
		expect(await stepOf(token)).toBe('none');
	});
});
