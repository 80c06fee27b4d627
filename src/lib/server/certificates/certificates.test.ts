import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import { loadContent, type Content } from '../content';
import type { SessionPerson } from '../auth/sessions';
import type { Role } from '../db/schema';
import {
	inductionModulesFor,
	recordCompletion,
	registerInductionRequirements,
	registerModuleVersions
} from '../induction';
import { createCohort, recordAttendance } from '../courses';
import {
	achievementsOf,
	certificatesOf,
	issueCertificate,
	lookupLimits,
	ownCertificate,
	verifyCertificate,
	withdrawCertificate
} from './index';

describe.each(testDatabaseKinds)('certificates on %s', (kind) => {
	let test: TestDatabase;
	let content: Content;
	let versionIds: Map<string, string>;
	let coordinator: SessionPerson;
	let seq = 0;

	async function person(roles: Role[], name = `Person ${++seq}`): Promise<SessionPerson> {
		const email = `c${++seq}@example.org`;
		const { id } = await test.db
			.insertInto('person')
			.values({ email, name, roles, status: 'active' })
			.returning('id')
			.executeTakeFirstOrThrow();
		return { id, name, email, roles, supervisorId: null };
	}

	async function completeInduction(p: SessionPerson, except = 0) {
		const modules = inductionModulesFor(content.modules, p.roles);
		for (const m of modules.slice(0, modules.length - except))
			await recordCompletion(test.db, p.id, m, versionIds.get(m.slug)!, 'read', false);
	}

	async function attendCohort(people: SessionPerson[], sessions = 2) {
		const { id } = await createCohort(test.db, coordinator, {
			courseSlug: 'ips-course',
			title: 'Autumn 2026',
			capacity: 10,
			steeringPlaces: 0,
			steeringHoldUntil: null,
			registrationOpens: '2026-09-01',
			registrationCloses: '2026-09-30',
			needsApproval: false,
			sessions: Array.from({ length: sessions }, (_, i) => ({
				startsAt: new Date(`2026-10-0${i + 1}T09:30:00Z`),
				endsAt: new Date(`2026-10-0${i + 1}T12:30:00Z`),
				venue: 'Town hall'
			}))
		});
		await test.db
			.insertInto('coursePlace')
			.values(people.map((p) => ({ cohortId: id, personId: p.id, status: 'booked' as const })))
			.execute();
		const sessionIds = (
			await test.db.selectFrom('cohortSession').select('id').where('cohortId', '=', id).orderBy('position').execute()
		).map((s) => s.id);
		return { cohortId: id, sessionIds };
	}

	const address = () => `203.0.113.${++seq % 250}`;

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		content = loadContent();
		versionIds = await registerModuleVersions(test.db, content.modules);
		coordinator = await person(['coordinator'], 'Priya Raman');
	});
	afterAll(() => test.close());

	it('is issued for a completed induction, with the modules at the versions completed, and audited', async () => {
		const p = await person(['volunteer'], 'Sam Whitfield');
		await test.db
			.insertInto('auditEvent')
			.values({
				actorId: coordinator.id,
				action: 'person.invited',
				recordType: 'person',
				recordId: p.id,
				detail: '{}' as never
			})
			.execute();
		await completeInduction(p);
		const achievements = await achievementsOf(test.db, p.id, content);
		expect(achievements.map((a) => [a.achievement, a.certificateId])).toEqual([['induction', null]]);

		const issued = await issueCertificate(test.db, p.id, 'induction', content);
		expect(issued.ok).toBe(true);
		if (!issued.ok) return;
		const certificate = (await ownCertificate(test.db, p.id, issued.id))!;
		const modules = inductionModulesFor(content.modules, p.roles);
		expect(certificate.facts.personName).toBe('Sam Whitfield');
		expect(certificate.facts.service.brandColour).toBe(content.service.brandColour);
		expect(certificate.facts.issuer).toEqual({ name: 'Priya Raman' });
		expect(certificate.facts.covers).toHaveLength(modules.length);
		expect(certificate.facts.covers[0]).toEqual({
			title: modules[0]!.title,
			version: `version ${modules[0]!.version}, text ${modules[0]!.hash.slice(0, 12)}`
		});
		expect(certificate.standing).toBe('stands');
		expect(certificate.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

		// Asking again gives the same certificate, not a second one.
		const again = await issueCertificate(test.db, p.id, 'induction', content);
		expect(again).toEqual(issued);
		expect(await certificatesOf(test.db, p.id)).toHaveLength(1);
		const audit = await test.db
			.selectFrom('auditEvent')
			.select(['action', 'actorId'])
			.where('recordType', '=', 'certificate')
			.where('recordId', '=', issued.id)
			.execute();
		expect(audit).toEqual([{ action: 'certificate.issued', actorId: p.id }]);
	});

	it('is refused until the induction is complete, and for anything not achieved', async () => {
		const p = await person(['volunteer']);
		await completeInduction(p, 1);
		expect(await achievementsOf(test.db, p.id, content)).toEqual([]);
		expect(await issueCertificate(test.db, p.id, 'induction', content)).toEqual({
			ok: false,
			message: 'There is no completed achievement to certify'
		});
		expect((await issueCertificate(test.db, p.id, 'course:ips-course', content)).ok).toBe(false);
		expect((await issueCertificate(test.db, p.id, 'course:../../x', content)).ok).toBe(false);
		expect((await issueCertificate(test.db, p.id, 'anything', content)).ok).toBe(false);
		expect(await certificatesOf(test.db, p.id)).toEqual([]);
	});

	it('is issued for a cohort attended in full, not for one partly attended, with the coordinator who marked it', async () => {
		const [full, partly] = [await person(['volunteer'], 'Helen Okafor'), await person(['volunteer'])];
		const { cohortId, sessionIds } = await attendCohort([full!, partly!]);
		await recordAttendance(test.db, coordinator, sessionIds[0]!, { [full!.id]: 'attended', [partly!.id]: 'attended' });
		expect((await issueCertificate(test.db, full!.id, 'course:ips-course', content)).ok).toBe(false);
		await recordAttendance(test.db, coordinator, sessionIds[1]!, { [full!.id]: 'attended', [partly!.id]: 'partly' });

		expect((await issueCertificate(test.db, partly!.id, 'course:ips-course', content)).ok).toBe(false);
		const issued = await issueCertificate(test.db, full!.id, 'course:ips-course', content);
		if (!issued.ok) throw new Error(issued.message);
		const { facts, standing } = (await ownCertificate(test.db, full!.id, issued.id))!;
		const course = content.courseBySlug.get('ips-course')!;
		expect(facts).toMatchObject({
			personName: 'Helen Okafor',
			title: course.title,
			cohort: 'Autumn 2026',
			issuer: { name: 'Priya Raman' },
			covers: [{ title: course.title, version: `course text ${course.hash.slice(0, 12)}` }]
		});
		expect(standing).toBe('stands');
		const row = await test.db
			.selectFrom('certificate')
			.select('cohortId')
			.where('id', '=', issued.id)
			.executeTakeFirst();
		expect(row?.cohortId).toBe(cohortId);

		// The completion taken off the record: the certificate no longer stands.
		await test.db.deleteFrom('courseCompletion').where('personId', '=', full!.id).execute();
		expect((await ownCertificate(test.db, full!.id, issued.id))!.standing).toBe('not-recorded');
	});

	it('no longer stands once a major module change puts the induction into review, and keeps its facts', async () => {
		const p = await person(['volunteer']);
		await completeInduction(p);
		const issued = await issueCertificate(test.db, p.id, 'induction', content);
		if (!issued.ok) throw new Error(issued.message);
		const before = (await ownCertificate(test.db, p.id, issued.id))!;
		const code = before.code;
		expect((await verifyCertificate(test.db, code, address())).status).toBe('found');

		const first = inductionModulesFor(content.modules, p.roles)[0]!;
		const raised = content.modules.map((m) => (m.slug === first.slug ? { ...m, version: m.version + 1 } : m));
		await registerInductionRequirements(test.db, raised);
		try {
			const after = (await ownCertificate(test.db, p.id, issued.id))!;
			expect(after.standing).toBe('needs-review');
			expect(after.facts).toEqual(before.facts);
			const found = await verifyCertificate(test.db, code, address());
			expect(found).toMatchObject({ status: 'found', certificate: { standing: 'needs-review' } });
			// No new certificate while the induction is in review.
			expect(await achievementsOf(test.db, p.id, content)).toEqual([]);
		} finally {
			await registerInductionRequirements(test.db, content.modules);
		}
		expect((await ownCertificate(test.db, p.id, issued.id))!.standing).toBe('stands');
	});

	it('is withdrawn by its holder only, audited; its code then says so, and a new one can be issued', async () => {
		const [holder, other] = [await person(['staff']), await person(['staff'])];
		await completeInduction(holder!);
		const issued = await issueCertificate(test.db, holder!.id, 'induction', content);
		if (!issued.ok) throw new Error(issued.message);

		expect(await withdrawCertificate(test.db, other!.id, issued.id)).toBe(false);
		expect(await ownCertificate(test.db, other!.id, issued.id)).toBeNull();
		expect(await withdrawCertificate(test.db, holder!.id, issued.id)).toBe(true);
		expect(await withdrawCertificate(test.db, holder!.id, issued.id)).toBe(false);

		const found = await verifyCertificate(test.db, issued.code, address());
		expect(found).toMatchObject({ status: 'found', certificate: { standing: 'withdrawn' } });
		const audit = await test.db
			.selectFrom('auditEvent')
			.select(['action', 'actorId'])
			.where('recordType', '=', 'certificate')
			.where('recordId', '=', issued.id)
			.orderBy('id')
			.execute();
		expect(audit).toEqual([
			{ action: 'certificate.issued', actorId: holder!.id },
			{ action: 'certificate.withdrawn', actorId: holder!.id }
		]);

		const [achievement] = await achievementsOf(test.db, holder!.id, content);
		expect(achievement?.certificateId).toBeNull();
		const fresh = await issueCertificate(test.db, holder!.id, 'induction', content);
		expect(fresh.ok && fresh.code !== issued.code).toBe(true);
		expect((await certificatesOf(test.db, holder!.id)).map((c) => c.standing)).toEqual(['stands', 'withdrawn']);
	});

	it('shows on verification the name, the achievement, its date and whether it stands, and nothing else', async () => {
		const p = await person(['volunteer'], 'Tom Brennan');
		await completeInduction(p);
		const issued = await issueCertificate(test.db, p.id, 'induction', content);
		if (!issued.ok) throw new Error(issued.message);
		const found = await verifyCertificate(test.db, issued.code.toLowerCase().replace(/(.{4})/g, '$1 '), address());
		expect(found.status).toBe('found');
		if (found.status !== 'found') return;
		expect(Object.keys(found.certificate).sort()).toEqual(['completedOn', 'name', 'standing', 'title', 'withdrawnAt']);
		expect(found.certificate).toMatchObject({
			name: 'Tom Brennan',
			title: 'Induction',
			standing: 'stands',
			withdrawnAt: null
		});
		expect(found.certificate.completedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
	});

	it('finds nothing for an unknown or malformed code', async () => {
		const from = address();
		expect(await verifyCertificate(test.db, '0000-0000-0000', from)).toEqual({ status: 'unknown' });
		expect(await verifyCertificate(test.db, 'not a code', from)).toEqual({ status: 'unknown' });
		expect(await verifyCertificate(test.db, "'; drop table certificate; --", from)).toEqual({ status: 'unknown' });
	});

	it('refuses every lookup from an address that has failed too often, while others carry on', async () => {
		const p = await person(['volunteer']);
		await completeInduction(p);
		const issued = await issueCertificate(test.db, p.id, 'induction', content);
		if (!issued.ok) throw new Error(issued.message);
		const guesser = '198.51.100.7';
		const results = await Promise.all(
			Array.from({ length: lookupLimits.perAddress + 5 }, (_, i) =>
				verifyCertificate(test.db, `ZZZZ-ZZZZ-${String(i).padStart(4, '0')}`, guesser)
			)
		);
		expect(results.filter((r) => r.status === 'unknown')).toHaveLength(lookupLimits.perAddress);
		expect(results.filter((r) => r.status === 'limited')).toHaveLength(5);
		const refused = await verifyCertificate(test.db, issued.code, guesser);
		expect(refused.status).toBe('limited');
		if (refused.status === 'limited') expect(refused.retryMinutes).toBeGreaterThanOrEqual(59);
		expect((await verifyCertificate(test.db, issued.code, '198.51.100.8')).status).toBe('found');

		// A lookup that succeeds does not count against the address.
		const honest = '198.51.100.9';
		for (let i = 0; i < lookupLimits.perAddress + 2; i++)
			expect((await verifyCertificate(test.db, issued.code, honest)).status).toBe('found');
	});
});
