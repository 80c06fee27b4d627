// Generates a large service for the benchmark: 2,000+ people with realistic roles and supervisors,
// ten years of policy acknowledgements, induction progress and quiz attempts. Later features add
// their data here.
import type { Kysely } from 'kysely';
import type { DB, Role } from '../src/lib/server/db/schema';
import type { Content } from '../src/lib/server/content';
import { hashPassword } from '../src/lib/server/auth/password';
import { inductionModulesFor, registerModuleVersions } from '../src/lib/server/induction';
import { registerQuizVersions } from '../src/lib/server/quizzes';
import { registerPolicyVersions } from '../src/lib/server/policies';

export const benchPassword = 'bench-password-1';
const day = 24 * 60 * 60 * 1000;

/** A small deterministic random source, so every run generates the same service. */
function random(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s * 1664525 + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}

const first = ['Amira', 'Ben', 'Chloe', 'Dev', 'Ella', 'Farah', 'George', 'Hana', 'Isaac', 'Jade', 'Kofi', 'Lena', 'Marek', 'Nadia', 'Owen', 'Priya', 'Quinn', 'Rosa', 'Sami', 'Tess', 'Uma', 'Victor', 'Wen', 'Yusuf', 'Zara'];
const last = ['Ahmed', 'Brown', 'Clarke', 'Davies', 'Evans', 'Fraser', 'Green', 'Hughes', 'Iqbal', 'Jones', 'Khan', 'Lewis', 'Morgan', 'Nowak', 'Okafor', 'Patel', 'Quinn', 'Roberts', 'Singh', 'Taylor', 'Walsh', 'Young'];

export interface GeneratedService {
	people: number;
	acknowledgements: number;
	/** The open cohort, full with a waitlist, whose register the bench loads. */
	registerCohort: string;
	signIns: Record<'coordinator' | 'supervisor' | 'volunteer', string>;
}

export async function generateService(db: Kysely<DB>, content: Pick<Content, 'modules' | 'quizzes' | 'policies' | 'courses'>, size = 2000): Promise<GeneratedService> {
	const rand = random(20261123);
	const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]!;
	const passwordHash = await hashPassword(benchPassword);
	const now = Date.now();

	// Roles in the proportions of a large service: mostly volunteers, some staff, a few supervisors.
	type Row = { email: string; name: string; roles: Role[]; status: 'active' | 'invited' | 'deactivated'; joined: Date };
	const rows: Row[] = [];
	const add = (email: string, roles: Role[], status: Row['status'] = 'active') =>
		rows.push({ email, name: `${pick(first)} ${pick(last)}`, roles, status, joined: new Date(now - Math.floor(rand() * 3650) * day) });
	add('coordinator@bench.test', ['coordinator', 'staff']);
	add('coordinator2@bench.test', ['coordinator']);
	add('supervisor@bench.test', ['supervisor', 'staff']);
	for (let i = 0; i < 59; i++) add(`supervisor${i}@bench.test`, ['supervisor', 'staff']);
	add('volunteer@bench.test', ['volunteer']);
	for (let i = 0; i < 60; i++) add(`steering${i}@bench.test`, ['steering']);
	for (let i = 0; i < 300; i++) add(`staff${i}@bench.test`, ['staff'], rand() < 0.05 ? 'deactivated' : 'active');
	while (rows.length < size) add(`volunteer${rows.length}@bench.test`, ['volunteer'], rand() < 0.04 ? 'invited' : rand() < 0.06 ? 'deactivated' : 'active');

	const ids: string[] = [];
	for (let i = 0; i < rows.length; i += 500) {
		const inserted = await db
			.insertInto('person')
			.values(rows.slice(i, i + 500).map((r) => ({ email: r.email, name: r.name, roles: r.roles, status: r.status, passwordHash: r.status === 'invited' ? null : passwordHash, createdAt: r.joined, activatedAt: r.status === 'invited' ? null : r.joined })))
			.returning('id')
			.execute();
		ids.push(...inserted.map((r) => r.id));
	}
	const supervisors = ids.filter((_, i) => rows[i]!.roles.includes('supervisor'));
	const benchSupervisor = ids[rows.findIndex((r) => r.email === 'supervisor@bench.test')]!;
	// Every volunteer and member of staff has a named supervisor; the bench supervisor has about 30.
	for (const [i, id] of ids.entries()) {
		const r = rows[i]!;
		if (!r.roles.includes('volunteer') && !(r.roles.includes('staff') && !r.roles.includes('supervisor'))) continue;
		const supervisorId = i % 60 === 0 ? benchSupervisor : pick(supervisors);
		await db.updateTable('person').set({ supervisorId }).where('id', '=', id).execute();
	}

	const moduleVersions = await registerModuleVersions(db, content.modules);
	const quizVersions = await registerQuizVersions(db, content.quizzes);
	const policyVersions = await registerPolicyVersions(db, content.policies);

	// Induction progress: most people part or all of the way through.
	const progress: { personId: string; slug: string; startedAt: Date; lastViewedVersionId: string; completedAt: Date | null; completedVersionId: string | null; completedVersion: number | null }[] = [];
	for (const [i, id] of ids.entries()) {
		const r = rows[i]!;
		if (r.status === 'invited') continue;
		const modules = inductionModulesFor(content.modules, r.roles);
		const done = Math.floor(rand() * (modules.length + 2));
		modules.slice(0, done + 1).forEach((m, j) => {
			const at = new Date(r.joined.getTime() + (j + 1) * day);
			const complete = j < done;
			progress.push({ personId: id, slug: m.slug, startedAt: at, lastViewedVersionId: moduleVersions.get(m.slug)!, completedAt: complete ? at : null, completedVersionId: complete ? moduleVersions.get(m.slug)! : null, completedVersion: complete ? m.version : null });
		});
	}
	for (let i = 0; i < progress.length; i += 1000) await db.insertInto('moduleProgress').values(progress.slice(i, i + 1000)).execute();

	// Ten years of yearly acknowledgements of every policy in force at the time.
	let acknowledgements = 0;
	for (const policy of content.policies) {
		const batch: { personId: string; policyVersionId: string; slug: string; version: number; contentHash: string; acknowledgedAt: Date; method: 'self' }[] = [];
		for (const [i, id] of ids.entries()) {
			const r = rows[i]!;
			if (r.status === 'invited') continue;
			for (let t = r.joined.getTime() + 7 * day; t < now - 30 * day; t += (330 + Math.floor(rand() * 60)) * day) {
				const when = new Date(t).toISOString().slice(0, 10);
				const version = policy.versions.filter((v) => v.effective <= when).at(-1) ?? policy.versions[0]!;
				if (!version.audiences.some((a) => r.roles.includes(a))) continue;
				batch.push({ personId: id, policyVersionId: policyVersions.get(version.hash)!, slug: policy.slug, version: version.version, contentHash: version.hash, acknowledgedAt: new Date(t), method: 'self' });
			}
		}
		for (let i = 0; i < batch.length; i += 1000) await db.insertInto('policyAcknowledgement').values(batch.slice(i, i + 1000)).execute();
		acknowledgements += batch.length;
	}

	// Submitted quiz attempts for the people who completed a quiz's module.
	for (const quiz of content.quizzes) {
		const steps = quiz.scenarios.flatMap((s) => s.steps.map((st) => ({ scenarioId: s.id, stepId: st.id, optionOrder: st.options.map((o) => o.id) })));
		const done = progress.filter((p) => p.slug === quiz.module && p.completedAt);
		for (let i = 0; i < done.length; i += 500) {
			await db
				.insertInto('quizAttempt')
				.values(done.slice(i, i + 500).map((p) => ({ personId: p.personId, quizSlug: quiz.slug, quizVersionId: quizVersions.get(quiz.slug)!, steps: JSON.stringify(steps), startedAt: p.completedAt!, submittedAt: p.completedAt!, score: 100, passed: true })))
				.execute();
		}
	}
	// IPS course cohorts every quarter for five years, 24 places each with attendance at 4 sessions,
	// and an open one that is full with a waitlist: the register the bench loads.
	let registerCohort = '';
	const course = content.courses[0];
	if (course) {
		const active = ids.filter((_, i) => rows[i]!.status === 'active');
		for (let q = 0; q <= 20; q++) {
			const first = new Date(now + (q === 20 ? 40 : -(20 - q) * 91) * day);
			const iso = (d: Date) => d.toISOString().slice(0, 10);
			const { id: cohortId } = await db
				.insertInto('cohort')
				.values({ courseSlug: course.slug, title: `Cohort ${q + 1}`, capacity: 24, steeringPlaces: 2, steeringHoldUntil: iso(new Date(first.getTime() - 30 * day)), registrationOpens: iso(new Date(first.getTime() - 60 * day)), registrationCloses: iso(new Date(first.getTime() - 7 * day)) })
				.returning('id')
				.executeTakeFirstOrThrow();
			const sessions = await db
				.insertInto('cohortSession')
				.values(Array.from({ length: course.sessions }, (_, n) => ({ cohortId, position: n + 1, startsAt: new Date(first.getTime() + n * 7 * day), endsAt: new Date(first.getTime() + n * 7 * day + 3 * 60 * 60 * 1000), venue: 'Family Centre' })))
				.returning('id')
				.execute();
			const members = Array.from({ length: q === 20 ? 34 : 24 }, (_, k) => active[(q * 24 + k) % active.length]!);
			await db
				.insertInto('coursePlace')
				.values(members.map((personId, k) => ({ cohortId, personId, status: k < 24 ? ('booked' as const) : ('waitlisted' as const), requestedAt: new Date(first.getTime() - (50 - k) * day), changedAt: new Date(first.getTime() - (50 - k) * day) })))
				.execute();
			if (q < 20) {
				await db
					.insertInto('sessionAttendance')
					.values(sessions.flatMap((session, n) => members.map((personId, k) => ({ sessionId: session.id, personId, mark: (k + n) % 11 === 0 ? ('absent' as const) : ('attended' as const), markedAt: new Date(first.getTime() + n * 7 * day) }))))
					.execute();
			} else registerCohort = cohortId;
		}
	}
	return { people: rows.length, acknowledgements, registerCohort, signIns: { coordinator: 'coordinator@bench.test', supervisor: 'supervisor@bench.test', volunteer: 'volunteer@bench.test' } };
}
