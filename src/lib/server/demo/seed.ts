// The demo service: a small, realistic cast at different stages, seeded once into an empty database.
import type { Kysely } from 'kysely';
import type { DB, PersonStatus, Role } from '../db/schema';
import { hashPassword } from '../auth/password';
import { recordAudit } from '../audit';
import type { Content } from '../content';
import { sha256 } from '../content/markdown';
import { inductionModulesFor, registerModuleVersions } from '../induction';
import type { Quiz } from '../content/quizzes';
import { registerQuizVersions } from '../quizzes';
import { registerPolicyVersions } from '../policies';
import { currentVersion, latestMajorVersion } from '../content/policies';

export const demoPassword = 'demo-password';

interface DemoPerson {
	key: string;
	/** How many of their induction modules they have completed; -1 for all; 'review' for all, one on an old version. */
	induction?: number | 'review';
	email: string;
	name: string;
	roles: Role[];
	status: PersonStatus;
	supervisor?: string;
	joinedDaysAgo: number;
}

export const demoPeople: DemoPerson[] = [
	{ key: 'coordinator', induction: -1, email: 'coordinator@demo.test', name: 'Priya Raman', roles: ['coordinator', 'staff'], status: 'active', joinedDaysAgo: 2100 },
	{ key: 'supervisor', induction: -1, email: 'supervisor@demo.test', name: 'Gareth Lloyd', roles: ['supervisor', 'staff'], status: 'active', joinedDaysAgo: 1500 },
	{ key: 'supervisor2', induction: -1, email: 'supervisor2@demo.test', name: 'Ama Mensah', roles: ['supervisor', 'staff'], status: 'active', joinedDaysAgo: 900 },
	{ key: 'volunteer', induction: 2, email: 'volunteer@demo.test', name: 'Sam Whitfield', roles: ['volunteer'], status: 'active', supervisor: 'supervisor', joinedDaysAgo: 12 },
	{ key: 'volunteer2', induction: 6, email: 'volunteer2@demo.test', name: 'Helen Okafor', roles: ['volunteer'], status: 'active', supervisor: 'supervisor', joinedDaysAgo: 60 },
	{ key: 'volunteer3', induction: 'review', email: 'volunteer3@demo.test', name: 'Tom Brennan', roles: ['volunteer'], status: 'active', supervisor: 'supervisor2', joinedDaysAgo: 420 },
	{ key: 'volunteer4', email: 'volunteer4@demo.test', name: 'Ruth Adeyemi', roles: ['volunteer'], status: 'invited', supervisor: 'supervisor2', joinedDaysAgo: 2 },
	{ key: 'staff', induction: -1, email: 'staff@demo.test', name: 'Joanna Pike', roles: ['staff'], status: 'active', supervisor: 'supervisor', joinedDaysAgo: 200 },
	{ key: 'staff2', induction: 8, email: 'staff2@demo.test', name: 'Marcus Hale', roles: ['staff'], status: 'active', supervisor: 'supervisor2', joinedDaysAgo: 700 },
	{ key: 'former', induction: 3, email: 'former@demo.test', name: 'Dev Sharma', roles: ['volunteer'], status: 'deactivated', supervisor: 'supervisor2', joinedDaysAgo: 1100 },
	{ key: 'steering', induction: 1, email: 'steering@demo.test', name: 'Claire Dunmore', roles: ['steering'], status: 'active', joinedDaysAgo: 300 },
	{ key: 'steering2', induction: 0, email: 'steering2@demo.test', name: 'Imran Qureshi', roles: ['steering'], status: 'active', joinedDaysAgo: 150 }
];

const day = 24 * 60 * 60 * 1000;

/** Seeds the demo when no one exists yet; true when it did. */
export async function seedDemo(db: Kysely<DB>, content: Pick<Content, 'modules' | 'quizzes' | 'policies' | 'courses'>): Promise<boolean> {
	const anyone = await db.selectFrom('person').select('id').limit(1).executeTakeFirst();
	if (anyone) return false;
	const passwordHash = await hashPassword(demoPassword);
	await db.transaction().execute(async (trx) => {
		const ids = new Map<string, string>();
		// Supervisors first, so that supervisees can point at them.
		const ordered = [...demoPeople].sort((a, b) => Number(!!a.supervisor) - Number(!!b.supervisor));
		for (const p of ordered) {
			const joined = new Date(Date.now() - p.joinedDaysAgo * day);
			const { id } = await trx
				.insertInto('person')
				.values({
					email: p.email,
					name: p.name,
					roles: p.roles,
					status: p.status,
					supervisorId: p.supervisor ? ids.get(p.supervisor)! : null,
					passwordHash: p.status === 'invited' ? null : passwordHash,
					createdAt: joined,
					activatedAt: p.status === 'invited' ? null : joined,
					deactivatedAt: p.status === 'deactivated' ? new Date(Date.now() - 30 * day) : null
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			ids.set(p.key, id);
		}
		await seedInduction(trx, ids, content);
		await seedPolicies(trx, ids, content);
		await seedDeclarations(trx, ids);
		await seedCourses(trx, ids, content);
		await recordAudit(trx, { actorId: null, action: 'demo.seeded', detail: { people: demoPeople.length } });
	});
	return true;
}

/** Induction progress at every stage, including a completion of a module's earlier version. */
async function seedInduction(db: Kysely<DB>, ids: Map<string, string>, content: Pick<Content, 'modules' | 'quizzes'>) {
	const versionIds = await registerModuleVersions(db, content.modules);
	const quizVersionIds = await registerQuizVersions(db, content.quizzes);
	const quizFor = new Map(content.quizzes.map((q) => [q.module, q]));
	const attempt = (personId: string, quiz: Quiz, outcome: 'pass' | 'fail' | 'open', at: Date) =>
		seedAttempt(db, personId, quiz, quizVersionIds.get(quiz.slug)!, outcome, at);
	// The demo shows "Needs review": register the previous version of the first module that has one.
	const revised = content.modules.find((m) => m.version > 1);
	let previous: { slug: string; id: string; version: number } | undefined;
	if (revised) {
		// The earlier version lacked the last section before the sources.
		const sourcesAt = revised.markdown.lastIndexOf('\n## Sources');
		const lastSection = revised.markdown.lastIndexOf('\n## ', sourcesAt - 1);
		const markdown = lastSection > 0 ? revised.markdown.slice(0, lastSection) + revised.markdown.slice(sourcesAt) : `${revised.markdown}\n`;
		const { id } = await db
			.insertInto('moduleVersion')
			.values({ slug: revised.slug, version: revised.version - 1, contentHash: sha256(`${markdown}\nversion ${revised.version - 1}`), title: revised.title, markdown, registeredAt: new Date(Date.now() - 400 * day) })
			.returning('id')
			.executeTakeFirstOrThrow();
		previous = { slug: revised.slug, id, version: revised.version - 1 };
	}
	for (const p of demoPeople) {
		if (p.induction === undefined || p.induction === 0) continue;
		const personId = ids.get(p.key)!;
		const modules = inductionModulesFor(content.modules, p.roles);
		const count = p.induction === -1 || p.induction === 'review' ? modules.length : Math.min(p.induction, modules.length);
		for (const [i, m] of modules.slice(0, count + 1).entries()) {
			const done = i < count;
			const old = p.induction === 'review' && previous?.slug === m.slug ? previous : undefined;
			const versionId = old?.id ?? versionIds.get(m.slug)!;
			const at = new Date(Date.now() - Math.max(1, p.joinedDaysAgo - 2 - i) * day);
			await db
				.insertInto('moduleProgress')
				.values({
					personId,
					slug: m.slug,
					startedAt: at,
					lastViewedVersionId: versionId,
					completedAt: done ? at : null,
					completedVersionId: done ? versionId : null,
					completedVersion: done ? (old?.version ?? m.version) : null
				})
				.execute();
			const quiz = quizFor.get(m.slug);
			if (done) {
				await db.insertInto('moduleCompletion').values({ personId, moduleVersionId: versionId, completedAt: at, method: quiz ? 'quiz' : 'read' }).execute();
				// Some passed first time; Joanna needed a second go.
				if (quiz && p.key === 'staff') await attempt(personId, quiz, 'fail', new Date(at.getTime() - day));
				if (quiz) await attempt(personId, quiz, 'pass', at);
			} else if (quiz) {
				await attempt(personId, quiz, 'open', at);
			}
		}
	}
	// Helen used every attempt at one quiz without passing: her supervisor sees a flag.
	const helen = demoPeople.find((p) => p.key === 'volunteer2')!;
	const helensModules = inductionModulesFor(content.modules, helen.roles);
	const stuck = helensModules.slice(Number(helen.induction) + 1).find((m) => quizFor.has(m.slug) && m.prerequisites.every((pre) => helensModules.slice(0, Number(helen.induction)).some((d) => d.slug === pre)));
	if (stuck) {
		const quiz = quizFor.get(stuck.slug)!;
		const personId = ids.get('volunteer2')!;
		for (let i = 0; i < (quiz.attempts ?? 1); i++) await attempt(personId, quiz, 'fail', new Date(Date.now() - (10 - i) * day));
		if (quiz.attempts !== null) {
			await db
				.insertInto('moduleProgress')
				.values({ personId, slug: stuck.slug, startedAt: new Date(Date.now() - 11 * day), lastViewedVersionId: versionIds.get(stuck.slug)!, outcome: 'did-not-pass' })
				.onConflict((oc) => oc.columns(['personId', 'slug']).doUpdateSet({ outcome: 'did-not-pass' }))
				.execute();
		}
	}
}

/** Acknowledgements at every stage: up to date, due, overdue, on an old major version, recorded on behalf. */
async function seedPolicies(db: Kysely<DB>, ids: Map<string, string>, content: Pick<Content, 'policies'>) {
	const versionIds = await registerPolicyVersions(db, content.policies);
	const coordinator = ids.get('coordinator')!;
	for (const policy of content.policies) {
		const current = currentVersion(policy);
		if (!current) continue;
		const major = latestMajorVersion(policy);
		const older = policy.versions.filter((v) => v.version < (major?.version ?? 0)).at(-1);
		const effective = Date.parse(`${current.effective}T12:00:00Z`);
		const afterEffective = (days: number) => new Date(Math.min(Date.now() - day, effective + days * day));
		const plan: [string, 'current' | 'older', Date, string?][] = [
			['coordinator', 'current', afterEffective(3)],
			['supervisor', 'current', afterEffective(10)],
			['supervisor2', 'current', afterEffective(14), 'Paper copy signed at the team meeting'],
			['staff2', 'current', afterEffective(20)],
			['steering', 'current', afterEffective(30)],
			['volunteer3', 'older', new Date(effective - 60 * day)],
			['staff', 'older', new Date(effective - 30 * day)]
		];
		for (const [key, which, at, remark] of plan) {
			const version = which === 'current' ? current : older;
			if (!version || !ids.has(key)) continue;
			const person = demoPeople.find((p) => p.key === key)!;
			if (!version.audiences.some((a) => person.roles.includes(a))) continue;
			await db
				.insertInto('policyAcknowledgement')
				.values({ personId: ids.get(key)!, policyVersionId: versionIds.get(version.hash)!, slug: policy.slug, version: version.version, contentHash: version.hash, acknowledgedAt: at, method: remark ? 'recorded' : 'self', recordedBy: remark ? coordinator : null, remark: remark ?? null })
				.execute();
		}
	}
}

/** Declarations: nil returns, current interests, and one long out of date. */
/**
 * Three cohorts of the first course: one run last autumn with attendance recorded (two people
 * completed it), one full with a waitlist, and one with places held for the steering group.
 */
async function seedCourses(db: Kysely<DB>, ids: Map<string, string>, content: Pick<Content, 'courses'>) {
	const course = content.courses[0];
	if (!course) return;
	const today = Date.now();
	const date = (days: number) => new Date(today + days * day).toISOString().slice(0, 10);
	const at = (days: number, hour: number) => new Date(Date.parse(`${date(days)}T00:00:00Z`) + hour * 60 * 60 * 1000);
	const venues = ['Northshire Family Centre, Room 2', 'Online: the joining link is emailed the day before'];
	const cohort = async (title: string, o: { capacity: number; opens: number; closes: number; firstSession: number; steeringPlaces?: number; holdUntil?: number }) => {
		const { id } = await db
			.insertInto('cohort')
			.values({
				courseSlug: course.slug,
				title,
				capacity: o.capacity,
				steeringPlaces: o.steeringPlaces ?? 0,
				steeringHoldUntil: o.holdUntil === undefined ? null : date(o.holdUntil),
				registrationOpens: date(o.opens),
				registrationCloses: date(o.closes),
				createdBy: ids.get('coordinator')!,
				createdAt: at(o.opens - 7, 9)
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const sessions = [];
		for (let n = 0; n < course.sessions; n++) {
			const startsAt = at(o.firstSession + 7 * n, 9.5);
			const row = await db.insertInto('cohortSession').values({ cohortId: id, position: n + 1, startsAt, endsAt: new Date(startsAt.getTime() + 3 * 60 * 60 * 1000), venue: venues[n % 2]! }).returning('id').executeTakeFirstOrThrow();
			sessions.push(row.id);
		}
		return { id, sessions };
	};
	const place = (cohortId: string, key: string, status: 'booked' | 'waitlisted', requestedDaysAgo: number, steeringPlace = false) =>
		db.insertInto('coursePlace').values({ cohortId, personId: ids.get(key)!, status, steeringPlace, requestedAt: at(-requestedDaysAgo, 10), changedAt: at(-requestedDaysAgo, 10) }).execute();

	const autumn = await cohort('Autumn 2026', { capacity: 8, opens: -120, closes: -70, firstSession: -60 });
	for (const key of ['volunteer2', 'staff2', 'staff']) await place(autumn.id, key, 'booked', 100);
	// Helen and Marcus attended every session; Joanna missed the third.
	for (const [n, sessionId] of autumn.sessions.entries()) {
		for (const key of ['volunteer2', 'staff2', 'staff']) {
			const mark = key === 'staff' && n === 2 ? 'absent' : 'attended';
			await db.insertInto('sessionAttendance').values({ sessionId, personId: ids.get(key)!, mark, markedBy: ids.get('coordinator')!, markedAt: at(-60 + 7 * n, 13) }).execute();
		}
	}
	for (const key of ['volunteer2', 'staff2']) {
		await db.insertInto('courseCompletion').values({ personId: ids.get(key)!, courseSlug: course.slug, cohortId: autumn.id, completedAt: at(-60 + 7 * (course.sessions - 1), 13) }).execute();
	}

	const spring = await cohort('Spring 2027', { capacity: 3, opens: -10, closes: 30, firstSession: 40 });
	await place(spring.id, 'staff', 'booked', 9);
	await place(spring.id, 'volunteer3', 'booked', 8);
	await place(spring.id, 'supervisor2', 'booked', 7);
	await place(spring.id, 'staff2', 'waitlisted', 5);

	const summer = await cohort('Summer 2027', { capacity: 12, opens: -5, closes: 80, firstSession: 100, steeringPlaces: 3, holdUntil: 60 });
	await place(summer.id, 'supervisor', 'booked', 4);
	await place(summer.id, 'steering2', 'booked', 3, true);
}

async function seedDeclarations(db: Kysely<DB>, ids: Map<string, string>) {
	const ago = (days: number) => new Date(Date.now() - days * day);
	const interests = [
		{ key: 'supervisor', kind: 'governor' as const, organisation: 'Brookfield Primary School', startsOn: '2023-09-01', details: 'Parent governor', daysAgo: 420 },
		{ key: 'volunteer2', kind: 'family-or-friend' as const, organisation: 'Oakwood Academy', startsOn: null, details: 'My sister is a teaching assistant there', daysAgo: 55 },
		{ key: 'volunteer3', kind: 'trustee' as const, organisation: 'Riverside Learning Trust', startsOn: '2022-01-01', details: '', daysAgo: 410 }
	];
	for (const i of interests) {
		await db.insertInto('declaredInterest').values({ personId: ids.get(i.key)!, kind: i.kind, organisation: i.organisation, startsOn: i.startsOn, details: i.details, declaredAt: ago(i.daysAgo) }).execute();
	}
	const returns: [string, number, boolean, number][] = [
		['coordinator', 100, true, 0],
		['supervisor', 200, false, 1],
		['volunteer2', 50, false, 1],
		['volunteer3', 400, false, 1],
		['staff', 30, true, 0],
		['staff2', 300, true, 0]
	];
	for (const [key, days, nil, count] of returns) {
		await db.insertInto('declarationReturn').values({ personId: ids.get(key)!, madeAt: ago(days), nil, interests: count }).execute();
	}
}

/** A quiz attempt with every answer right ('pass'), every answer wrong ('fail'), or half done ('open'). */
async function seedAttempt(db: Kysely<DB>, personId: string, quiz: Quiz, quizVersionId: string, outcome: 'pass' | 'fail' | 'open', at: Date) {
	const steps = quiz.scenarios.slice(0, quiz.draw ?? undefined).flatMap((sc) => sc.steps.map((st) => ({ scenarioId: sc.id, stepId: st.id, optionOrder: st.options.map((o) => o.id) })));
	const submitted = outcome !== 'open';
	const { id } = await db
		.insertInto('quizAttempt')
		.values({ personId, quizSlug: quiz.slug, quizVersionId, steps: JSON.stringify(steps), startedAt: new Date(at.getTime() - 20 * 60_000), submittedAt: submitted ? at : null, score: submitted ? (outcome === 'pass' ? 100 : 0) : null, passed: submitted ? outcome === 'pass' : null })
		.returning('id')
		.executeTakeFirstOrThrow();
	const answered = outcome === 'open' ? steps.slice(0, Math.ceil(steps.length / 2)) : steps;
	const stepById = new Map(quiz.scenarios.flatMap((sc) => sc.steps.map((st) => [st.id, st])));
	if (!answered.length) return;
	await db
		.insertInto('quizAnswer')
		.values(
			answered.map((ref) => {
				const options = stepById.get(ref.stepId)!.options;
				const right = options.filter((o) => o.correct).map((o) => o.id);
				const wrong = options.find((o) => !o.correct)?.id ?? right[0]!;
				const pass = outcome !== 'fail';
				return { attemptId: id, stepId: ref.stepId, selected: pass ? right : [wrong], correct: pass, answeredAt: at };
			})
		)
		.execute();
}

export function demoSignIns(): string {
	const active = demoPeople.filter((p) => p.status === 'active');
	const width = Math.max(...active.map((p) => p.email.length));
	return [
		'Demo sign-ins (password for all: demo-password):',
		...active.map((p) => `  ${p.email.padEnd(width)}  ${p.name} (${p.roles.join(', ')})`)
	].join('\n');
}
