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
export async function seedDemo(db: Kysely<DB>, content: Pick<Content, 'modules' | 'quizzes' | 'policies'>): Promise<boolean> {
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
