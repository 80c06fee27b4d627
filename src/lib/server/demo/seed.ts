// The demo service: a small, realistic cast at different stages, seeded once into an empty database.
import type { Kysely, Transaction } from 'kysely';
import type { CaseGrade, DB, PersonStatus, RecordKind, Role } from '../db/schema';
import type { SessionPerson } from '../auth/sessions';
import { hashPassword } from '../auth/password';
import { recordAudit } from '../audit';
import { defaultContentDir, type Content } from '../content';
import { sha256 } from '../content/markdown';
import { inductionModulesFor, registerModuleVersions } from '../induction';
import type { Quiz } from '../content/quizzes';
import { registerQuizVersions, settleFirstAttempts } from '../quizzes';
import { registerPolicyVersions } from '../policies';
import { currentVersion, latestMajorVersion } from '../content/policies';
import {
	addAddendum,
	commentOnRecord,
	createRecord,
	reviewCase,
	reviewSummary,
	shareRecord,
	signRecord,
	startSample,
	type ChangeResult
} from '../supervision';
import { drawCases } from '../supervision/draw';
import { moveOnToStages } from '../supervision/history';
import { serviceDay } from '../../format';
import { attemptRows, seedCastHistory, seedCastPeople } from './history';
import { demoCast, type CastMember } from './cast';
import { seedLeaflets } from './leaflets';
import { seedFeedback } from './feedback';
import { seedContentHistory } from './content';
import { folderSource, type ContentSource } from '../content/source';
import { achievementsOf, issueCertificate } from '../certificates';

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
	{
		key: 'coordinator',
		induction: -1,
		email: 'coordinator@demo.test',
		name: 'Priya Raman',
		roles: ['coordinator', 'staff'],
		status: 'active',
		joinedDaysAgo: 2100
	},
	{
		key: 'supervisor',
		induction: -1,
		email: 'supervisor@demo.test',
		name: 'Gareth Lloyd',
		roles: ['supervisor', 'staff'],
		status: 'active',
		joinedDaysAgo: 1500
	},
	{
		key: 'supervisor2',
		induction: -1,
		email: 'supervisor2@demo.test',
		name: 'Ama Mensah',
		roles: ['supervisor', 'staff'],
		status: 'active',
		joinedDaysAgo: 900
	},
	{
		key: 'volunteer',
		induction: 2,
		email: 'volunteer@demo.test',
		name: 'Sam Whitfield',
		roles: ['volunteer'],
		status: 'active',
		supervisor: 'supervisor',
		joinedDaysAgo: 12
	},
	{
		key: 'volunteer2',
		induction: 6,
		email: 'volunteer2@demo.test',
		name: 'Helen Okafor',
		roles: ['volunteer'],
		status: 'active',
		supervisor: 'supervisor',
		joinedDaysAgo: 60
	},
	{
		key: 'volunteer3',
		induction: 'review',
		email: 'volunteer3@demo.test',
		name: 'Tom Brennan',
		roles: ['volunteer'],
		status: 'active',
		supervisor: 'supervisor2',
		joinedDaysAgo: 420
	},
	{
		key: 'volunteer4',
		email: 'volunteer4@demo.test',
		name: 'Ruth Adeyemi',
		roles: ['volunteer'],
		status: 'invited',
		supervisor: 'supervisor2',
		joinedDaysAgo: 2
	},
	{
		key: 'staff',
		induction: -1,
		email: 'staff@demo.test',
		name: 'Joanna Pike',
		roles: ['staff'],
		status: 'active',
		supervisor: 'supervisor',
		joinedDaysAgo: 200
	},
	{
		key: 'staff2',
		induction: 8,
		email: 'staff2@demo.test',
		name: 'Marcus Hale',
		roles: ['staff'],
		status: 'active',
		supervisor: 'supervisor2',
		joinedDaysAgo: 700
	},
	{
		key: 'former',
		induction: 3,
		email: 'former@demo.test',
		name: 'Dev Sharma',
		roles: ['volunteer'],
		status: 'deactivated',
		supervisor: 'supervisor2',
		joinedDaysAgo: 1100
	},
	{
		key: 'steering',
		induction: 1,
		email: 'steering@demo.test',
		name: 'Claire Dunmore',
		roles: ['steering'],
		status: 'active',
		joinedDaysAgo: 300
	},
	{
		key: 'steering2',
		induction: 0,
		email: 'steering2@demo.test',
		name: 'Imran Qureshi',
		roles: ['steering'],
		status: 'active',
		joinedDaysAgo: 150
	}
];

const day = 24 * 60 * 60 * 1000;

/** Seeds the demo when no one exists yet; true when it did. */
export async function seedDemo(
	db: Kysely<DB>,
	content: Pick<Content, 'modules' | 'quizzes' | 'policies' | 'courses' | 'service'>,
	shipped: ContentSource = folderSource(process.env.CONTENT_DIR || defaultContentDir)
): Promise<boolean> {
	const anyone = await db.selectFrom('person').select('id').limit(1).executeTakeFirst();
	if (anyone) return false;
	const passwordHash = await hashPassword(demoPassword);
	const now = Date.now();
	const ids = new Map<string, string>();
	await db.transaction().execute(async (trx) => {
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
		// Around the named people, the rest of the service: enough for the reports to show figures.
		const cast = await seedCastPeople(trx, ids, passwordHash, now);
		await seedInduction(trx, ids, content);
		await seedPolicies(trx, ids, content);
		await seedDeclarations(trx, ids);
		await seedCourses(trx, ids, content, cast);
		await seedSupervision(trx, ids, content.service);
		await seedCastHistory(trx, ids, cast, content, sessionNotes, now);
		await seedLeaflets(trx, ids, now);
		await seedFeedback(trx, ids, now);
		await seedCertificates(joining(trx), ids, content);
		await settleFirstAttempts(trx);
		await seedTrainingLog(trx, ids, now);
		await recordAudit(trx, {
			actorId: null,
			action: 'demo.seeded',
			detail: { people: demoPeople.length + cast.length }
		});
	});
	// Content is published in transactions of its own, after the people who write it exist.
	await seedContentHistory(db, shipped, ids.get('coordinator')!);
	return true;
}

/** Joanna, whose induction is complete, holds the certificates for all she has achieved. */
async function seedCertificates(
	db: Kysely<DB>,
	ids: Map<string, string>,
	content: Pick<Content, 'modules' | 'courses' | 'service'>
) {
	const personId = ids.get('staff')!;
	const withCourses = { ...content, courseBySlug: new Map(content.courses.map((c) => [c.slug, c])) };
	for (const { achievement } of await achievementsOf(db, personId, withCourses)) {
		const issued = await issueCertificate(db, personId, achievement, withCourses);
		if (!issued.ok) throw new Error(`demo certificate: ${issued.message}`);
	}
}

/** Joanna's training log: a course done elsewhere, and a reflective note for supervision. */
async function seedTrainingLog(db: Kysely<DB>, ids: Map<string, string>, now: number) {
	const personId = ids.get('staff')!;
	const on = (days: number) => serviceDay(new Date(now - days * day));
	await db
		.insertInto('trainingLogEntry')
		.values([
			{
				personId,
				kind: 'training',
				doneOn: on(120),
				title: 'SEND law update: the Children and Families Act in practice',
				provider: 'Council for Disabled Children',
				minutes: 180,
				reflection:
					'Useful on the timescales for EHC needs assessments. I will check dates against the guidance before I quote them to parents.'
			},
			{
				personId,
				kind: 'note',
				doneOn: on(20),
				title: 'Staying neutral when a parent asks what I would do',
				provider: '',
				minutes: null,
				reflection:
					'I was asked twice this month to choose a school for the family. I set out the options and the law instead; to talk over in supervision.'
			}
		])
		.execute();
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
		const markdown =
			lastSection > 0
				? revised.markdown.slice(0, lastSection) + revised.markdown.slice(sourcesAt)
				: `${revised.markdown}\n`;
		const { id } = await db
			.insertInto('moduleVersion')
			.values({
				slug: revised.slug,
				version: revised.version - 1,
				contentHash: sha256(`${markdown}\nversion ${revised.version - 1}`),
				title: revised.title,
				markdown,
				registeredAt: new Date(Date.now() - 400 * day)
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		previous = { slug: revised.slug, id, version: revised.version - 1 };
	}
	for (const p of demoPeople) {
		if (p.induction === undefined || p.induction === 0) continue;
		const personId = ids.get(p.key)!;
		const modules = inductionModulesFor(content.modules, p.roles);
		const count =
			p.induction === -1 || p.induction === 'review' ? modules.length : Math.min(p.induction, modules.length);
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
				await db
					.insertInto('moduleCompletion')
					.values({ personId, moduleVersionId: versionId, completedAt: at, method: quiz ? 'quiz' : 'read' })
					.execute();
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
	const stuck = helensModules
		.slice(Number(helen.induction) + 1)
		.find(
			(m) =>
				quizFor.has(m.slug) &&
				m.prerequisites.every((pre) => helensModules.slice(0, Number(helen.induction)).some((d) => d.slug === pre))
		);
	if (stuck) {
		const quiz = quizFor.get(stuck.slug)!;
		const personId = ids.get('volunteer2')!;
		for (let i = 0; i < (quiz.attempts ?? 1); i++)
			await attempt(personId, quiz, 'fail', new Date(Date.now() - (10 - i) * day));
		if (quiz.attempts !== null) {
			await db
				.insertInto('moduleProgress')
				.values({
					personId,
					slug: stuck.slug,
					startedAt: new Date(Date.now() - 11 * day),
					lastViewedVersionId: versionIds.get(stuck.slug)!,
					outcome: 'did-not-pass'
				})
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
				.values({
					personId: ids.get(key)!,
					policyVersionId: versionIds.get(version.hash)!,
					slug: policy.slug,
					version: version.version,
					contentHash: version.hash,
					acknowledgedAt: at,
					method: remark ? 'recorded' : 'self',
					recordedBy: remark ? coordinator : null,
					remark: remark ?? null
				})
				.execute();
		}
	}
}

/**
 * Three cohorts of the first course: one run last autumn with attendance recorded (two people
 * completed it), one full with a waitlist, and one with places held for the steering group.
 */
async function seedCourses(
	db: Kysely<DB>,
	ids: Map<string, string>,
	content: Pick<Content, 'courses'>,
	cast: CastMember[]
) {
	const course = content.courses[0];
	if (!course) return;
	const today = Date.now();
	const date = (days: number) => new Date(today + days * day).toISOString().slice(0, 10);
	const at = (days: number, hour: number) => new Date(Date.parse(`${date(days)}T00:00:00Z`) + hour * 60 * 60 * 1000);
	const venues = ['Northshire Family Centre, Room 2', 'Online: the joining link is emailed the day before'];
	const cohort = async (
		title: string,
		o: {
			capacity: number;
			opens: number;
			closes: number;
			firstSession: number;
			steeringPlaces?: number;
			holdUntil?: number;
		}
	) => {
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
			const row = await db
				.insertInto('cohortSession')
				.values({
					cohortId: id,
					position: n + 1,
					startsAt,
					endsAt: new Date(startsAt.getTime() + 3 * 60 * 60 * 1000),
					venue: venues[n % 2]!
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			sessions.push(row.id);
		}
		return { id, sessions };
	};
	const place = (
		cohortId: string,
		key: string,
		status: 'booked' | 'waitlisted',
		requestedDaysAgo: number,
		steeringPlace = false
	) =>
		db
			.insertInto('coursePlace')
			.values({
				cohortId,
				personId: ids.get(key)!,
				status,
				steeringPlace,
				requestedAt: at(-requestedDaysAgo, 10),
				changedAt: at(-requestedDaysAgo, 10)
			})
			.execute();

	const autumn = await cohort('Autumn 2026', { capacity: 8, opens: -120, closes: -70, firstSession: -60 });
	for (const key of ['volunteer2', 'staff2', 'staff']) await place(autumn.id, key, 'booked', 100);
	// Helen and Marcus attended every session; Joanna missed the third.
	for (const [n, sessionId] of autumn.sessions.entries()) {
		for (const key of ['volunteer2', 'staff2', 'staff']) {
			const mark = key === 'staff' && n === 2 ? 'absent' : 'attended';
			await db
				.insertInto('sessionAttendance')
				.values({
					sessionId,
					personId: ids.get(key)!,
					mark,
					markedBy: ids.get('coordinator')!,
					markedAt: at(-60 + 7 * n, 13)
				})
				.execute();
		}
	}
	for (const key of ['volunteer2', 'staff2']) {
		await db
			.insertInto('courseCompletion')
			.values({
				personId: ids.get(key)!,
				courseSlug: course.slug,
				cohortId: autumn.id,
				completedAt: at(-60 + 7 * (course.sessions - 1), 13)
			})
			.execute();
	}

	// Last spring's cohort, run for the rest of the service: most attended every session.
	const earlier = await cohort('Spring 2026', { capacity: 12, opens: -300, closes: -250, firstSession: -235 });
	const booked = cast
		.filter((p) => (p.roles.includes('volunteer') || p.roles.includes('staff')) && p.joinedDaysAgo > 270)
		.slice(0, 11);
	for (const p of booked) await place(earlier.id, p.key, 'booked', 280);
	const missed = new Set(booked.filter((_, i) => i % 5 === 2).map((p) => p.key));
	await db
		.insertInto('sessionAttendance')
		.values(
			earlier.sessions.flatMap((sessionId, n) =>
				booked.map((p) => ({
					sessionId,
					personId: ids.get(p.key)!,
					mark: missed.has(p.key) && n === 1 ? ('absent' as const) : ('attended' as const),
					markedBy: ids.get('coordinator')!,
					markedAt: at(-235 + 7 * n, 13)
				}))
			)
		)
		.execute();
	const completed = booked.filter((p) => !missed.has(p.key));
	if (completed.length)
		await db
			.insertInto('courseCompletion')
			.values(
				completed.map((p) => ({
					personId: ids.get(p.key)!,
					courseSlug: course.slug,
					cohortId: earlier.id,
					completedAt: at(-235 + 7 * (course.sessions - 1), 13)
				}))
			)
			.execute();

	const spring = await cohort('Spring 2027', { capacity: 3, opens: -10, closes: 30, firstSession: 40 });
	await place(spring.id, 'staff', 'booked', 9);
	await place(spring.id, 'volunteer3', 'booked', 8);
	await place(spring.id, 'supervisor2', 'booked', 7);
	await place(spring.id, 'staff2', 'waitlisted', 5);

	const summer = await cohort('Summer 2027', {
		capacity: 12,
		opens: -5,
		closes: 80,
		firstSession: 100,
		steeringPlaces: 3,
		holdUntil: 60
	});
	await place(summer.id, 'supervisor', 'booked', 4);
	await place(summer.id, 'steering2', 'booked', 3, true);
}

/** Declarations: nil returns, current interests, and one long out of date. */
async function seedDeclarations(db: Kysely<DB>, ids: Map<string, string>) {
	const ago = (days: number) => new Date(Date.now() - days * day);
	const interests = [
		{
			key: 'supervisor',
			kind: 'governor' as const,
			organisation: 'Brookfield Primary School',
			startsOn: '2023-09-01',
			details: 'Parent governor',
			daysAgo: 420
		},
		{
			key: 'volunteer2',
			kind: 'family-or-friend' as const,
			organisation: 'Oakwood Academy',
			startsOn: null,
			details: 'My sister is a teaching assistant there',
			daysAgo: 55
		},
		{
			key: 'volunteer3',
			kind: 'trustee' as const,
			organisation: 'Riverside Learning Trust',
			startsOn: '2022-01-01',
			details: '',
			daysAgo: 410
		},
		// A casework sample of Joanna's finds a case at this school: the review flags it.
		{
			key: 'staff',
			kind: 'governor' as const,
			organisation: 'Oakfield Primary School',
			startsOn: '2024-09-01',
			details: 'Local authority governor',
			daysAgo: 195
		}
	];
	for (const i of interests) {
		await db
			.insertInto('declaredInterest')
			.values({
				personId: ids.get(i.key)!,
				kind: i.kind,
				organisation: i.organisation,
				startsOn: i.startsOn,
				details: i.details,
				declaredAt: ago(i.daysAgo)
			})
			.execute();
	}
	const returns: [string, number, boolean, number][] = [
		['coordinator', 100, true, 0],
		['supervisor', 200, false, 1],
		['volunteer2', 50, false, 1],
		['volunteer3', 400, false, 1],
		['staff', 30, false, 1],
		['staff2', 300, true, 0]
	];
	for (const [key, days, nil, count] of returns) {
		await db
			.insertInto('declarationReturn')
			.values({ personId: ids.get(key)!, madeAt: ago(days), nil, interests: count })
			.execute();
	}
}

/** What the demo's supervision sessions talked about: impartiality first, families by case reference only. */
const sessionNotes: {
	minutes: number;
	format: 'one-to-one' | 'group';
	agenda: string;
	discussion: string;
	impartiality: string;
	wellbeing: string;
	trainingNeeds: string;
}[] = [
	{
		minutes: 60,
		format: 'one-to-one',
		agenda: 'Casework review, impartiality, wellbeing',
		discussion:
			'Talked through NS-2026-0118: a parent asked which of two secondary schools to name in the EHC plan. Went over what was said: the right to request a school, the grounds on which the council can refuse, and where each school publishes its SEN information report.',
		impartiality:
			'The parent asked "which would you choose?". Reflected on the pull to answer. Agreed the response is to set out what each option involves and ask what matters most to the family, not to rank the schools.',
		wellbeing: 'Caseload manageable. Tribunal deadlines feel stressful; agreed to raise them early when one is close.',
		trainingNeeds: 'IPS Level 2: appeals to the tribunal.'
	},
	{
		minutes: 45,
		format: 'one-to-one',
		agenda: 'Annual review meeting attended for NS-2026-0131',
		discussion:
			"At the annual review the school proposed a specialist placement. Before the meeting the parent asked whether they should agree. Went over what was explained: the presumption of mainstream education, how a specialist placement is considered, and the parent's right to disagree and appeal.",
		impartiality:
			'Noticed a personal view that mainstream is usually best. Discussed keeping it out of the meeting: the role is to make sure the parent understands the options and can give their own view, not to steer them.',
		wellbeing: 'Fine. Would like fewer evening meetings this month.',
		trainingNeeds: 'None this month.'
	},
	{
		minutes: 60,
		format: 'one-to-one',
		agenda: 'Helpline shift, case records',
		discussion:
			'Several helpline calls about suspensions. Read the record of NS-2025-0907 together against the factual-recording standard: it now says what the parent said and what information was given, without opinion.',
		impartiality:
			'A SENCo rang asking us to "talk the parent round" to a reduced timetable. Discussed explaining our arm\'s-length role: we give the parent the law and guidance on part-time timetables and support them to decide.',
		wellbeing: 'Good. Finds the helpline rota works well.',
		trainingNeeds: 'Refresher on the statutory guidance on suspensions and permanent exclusions.'
	},
	{
		minutes: 90,
		format: 'group',
		agenda: 'Group supervision: the new home-to-school transport policy',
		discussion:
			"Went through the council's revised transport policy and the questions families are already asking. Agreed the information sheet to use and where to point families for the appeal process.",
		impartiality:
			'Several in the group disagree with the policy. Discussed how to explain it accurately without criticising the council, and how to tell families about their right to challenge it.',
		wellbeing: 'Group reported a busy term; two asked for a quieter rota week.',
		trainingNeeds: 'Transport appeals, at the next team meeting.'
	},
	{
		minutes: 50,
		format: 'one-to-one',
		agenda: 'Casework review, request from the council',
		discussion:
			"A council officer asked for our view of a family's chances at appeal (NS-2026-0164). Agreed we do not give that view to the council: the family's information stays with us unless they consent, and we inform the parent of the process.",
		impartiality:
			'Reflected on being seen as "on the parent\'s side". Our role is impartial information, advice and support to the parent; being arm\'s length from the council does not make us advocates for a particular outcome.',
		wellbeing: 'Tired after a run of long calls; taking leave next month.',
		trainingNeeds: 'Confidentiality and consent refresher.'
	},
	{
		minutes: 60,
		format: 'one-to-one',
		agenda: 'Casework review, own declarations',
		discussion:
			"Talked through NS-2026-0172, a young person over 16 who wants to make their own decisions about college. Went over the rights that pass to the young person and how to involve the parent only with the young person's agreement.",
		impartiality:
			'A new case involves a school where a friend works. Checked the declaration of interests and agreed to pass the case to a colleague.',
		wellbeing: 'Good.',
		trainingNeeds: 'Preparing for adulthood: the post-16 duties.'
	}
];

/**
 * The supervision domain's functions each open a transaction of their own. Inside the seed's they
 * join it instead, so the demo is seeded whole or not at all and the audit log records each step.
 */
function joining(trx: Transaction<DB>): Kysely<DB> {
	return new Proxy(trx, {
		get(target, key) {
			if (key === 'transaction')
				return () => ({ execute: <T>(work: (t: Transaction<DB>) => Promise<T>) => work(target) });
			const value = Reflect.get(target, key, target);
			return typeof value === 'function' ? value.bind(target) : value;
		}
	});
}

function must(result: ChangeResult) {
	if (!result.ok) throw new Error(`demo supervision: ${result.message}`);
}

/**
 * Supervision records of every kind at every stage. Gareth's supervisees: Sam, new, with one record
 * of each kind (a session signed and corrected by addendum, an observation waiting for his sign-off
 * with his comment, a review in draft, a sample being worked) and open actions on his home page;
 * Helen, overdue for supervision; Joanna, whose sample found a case at a school where she is a
 * governor. Ama's supervisees have longer histories. The current records go through the domain's
 * functions; the history before them is inserted as it stands.
 */
async function seedSupervision(
	trx: Transaction<DB>,
	ids: Map<string, string>,
	service: Pick<Content['service'], 'supervision' | 'supervisionIntervalDays'>
) {
	const db = joining(trx);
	const rules = service.supervision;
	const now = Date.now();
	const ago = (days: number) => new Date(now - days * day);
	const dayAgo = (days: number) => serviceDay(ago(days));
	const as = (key: string): SessionPerson => {
		const p = demoPeople.find((d) => d.key === key)!;
		return {
			id: ids.get(key)!,
			name: p.name,
			email: p.email,
			roles: p.roles,
			supervisorId: p.supervisor ? ids.get(p.supervisor)! : null
		};
	};
	const observationCriteria = (ratings: [CaseGrade, string][]) =>
		rules.observationCriteria.map((criterion, i) => ({
			criterion,
			grade: ratings[i]?.[0] ?? 'good',
			evidence: ratings[i]?.[1] ?? 'Seen throughout the observation.'
		}));
	const caseGradesFor = (grades: Partial<Record<number, CaseGrade>> = {}) =>
		rules.caseworkCriteria.map((criterion, i) => ({ criterion, grade: grades[i] ?? ('good' as const), evidence: '' }));
	const summaryUntil = (key: string, days: number) =>
		reviewSummary(trx, ids.get(key)!, dayAgo(days), service.supervisionIntervalDays);

	// History, locked: written the day it happened, shared the next, signed off two days after that.
	// Written as a draft with what hangs off it (`items`), then moved on, as the app would.
	const past = async (o: {
		subject: string;
		author: string;
		kind: RecordKind;
		daysAgo: number;
		details: Record<string, unknown>;
		action?: { description: string; dueInDays: number; closedDaysAgo: number | null };
		items?: (recordId: string) => Promise<void>;
	}) => {
		const later = (days: number) => ago(Math.max(o.daysAgo - days, 0.1));
		const { id } = await trx
			.insertInto('supervisionRecord')
			.values({
				kind: o.kind,
				subjectId: ids.get(o.subject)!,
				authorId: ids.get(o.author)!,
				heldOn: dayAgo(o.daysAgo),
				details: JSON.stringify(o.details),
				createdAt: ago(o.daysAgo),
				updatedAt: later(1)
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		if (o.action) {
			const closed = o.action.closedDaysAgo !== null;
			await trx
				.insertInto('agreedAction')
				.values({
					recordId: id,
					subjectId: ids.get(o.subject)!,
					ownerId: ids.get(o.subject)!,
					description: o.action.description,
					dueOn: dayAgo(o.daysAgo - o.action.dueInDays),
					createdAt: ago(o.daysAgo),
					closedAt: closed ? ago(o.action.closedDaysAgo!) : null,
					closedBy: closed ? ids.get(o.author)! : null
				})
				.execute();
		}
		await o.items?.(id);
		await moveOnToStages(trx, [{ id, status: 'locked', sharedAt: later(1), signedAt: later(3) }]);
		return id;
	};
	const actionsToCarry = [
		'Re-read the conflicts of interest section of the Impartiality Policy',
		'Update the case record so it says what was said, not what was meant',
		'Read chapter 9 of the SEND Code of Practice on EHC plans'
	];
	/**
	 * Sessions every `every` days from `from` days ago until `until`. Every other one agrees an action,
	 * done by the next session; the last one's is left open for the session after it to close.
	 */
	const sessions = async (
		subject: string,
		author: string,
		from: number,
		until: number,
		every: number,
		lastActionOpen = true
	) => {
		let n = 0;
		for (let d = from; d >= until; d -= every, n++) {
			const next = d - every >= until ? d - every : null;
			const agreed = next === null ? lastActionOpen : n % 2 === 0;
			const action = agreed
				? {
						description: actionsToCarry[n % actionsToCarry.length]!,
						dueInDays: Math.min(21, every),
						closedDaysAgo: next
					}
				: undefined;
			await past({
				subject,
				author,
				kind: 'supervision',
				daysAgo: d,
				details: sessionNotes[n % sessionNotes.length]!,
				action
			});
		}
	};
	const openAbout = async (person: SessionPerson) =>
		(
			await trx
				.selectFrom('agreedAction')
				.select('id')
				.where('subjectId', '=', person.id)
				.where('closedAt', 'is', null)
				.execute()
		).map((a) => a.id);
	const writtenOn = (recordId: string, days: number) =>
		trx
			.updateTable('supervisionRecord')
			.set({ createdAt: ago(days), updatedAt: ago(days) })
			.where('id', '=', recordId)
			.execute();
	const shareOn = async (author: SessionPerson, recordId: string, days: number) => {
		must(await shareRecord(db, author, recordId, undefined, ago(days)));
	};
	const gareth = as('supervisor');
	const ama = as('supervisor2');
	const sam = as('volunteer');
	const joanna = as('staff');
	const tom = as('volunteer3');
	const marcus = as('staff2');

	// Sam, twelve days in. His first session: signed off, then corrected by an addendum.
	const first = await createRecord(db, gareth, sam.id, 'supervision', {
		heldOn: dayAgo(10),
		details: {
			minutes: 60,
			format: 'one-to-one',
			agenda: 'Welcome, induction so far, shadowing on the helpline',
			discussion:
				"Sam has shadowed two helpline shifts. On one call a parent asked which primary school to choose for their child (NS-2026-0142). Talked through how the call was handled and what information to give next time: the admissions timetable and each school's SEN information report.",
			impartiality:
				'Sam said he felt he "should know the answer" about the better school. Agreed that the role is not to choose: set out the options and the law, and ask the parent what matters to them.',
			wellbeing: 'Settling in well. Unsure about taking calls alone yet; agreed more shadowing first.',
			trainingNeeds: 'Finish the induction modules; IPS Level 1 course.'
		},
		actions: [
			{
				owner: 'subject',
				description: "Read the service's guide to requesting an EHC needs assessment",
				dueOn: dayAgo(2)
			},
			{
				owner: 'subject',
				description: 'Finish the induction modules on the law and on stating impartiality',
				dueOn: dayAgo(-7)
			},
			{
				owner: 'subject',
				description: 'Shadow two more helpline shifts before taking calls alone',
				dueOn: dayAgo(-21)
			},
			{ owner: 'author', description: 'Book Sam a place on the next IPS Level 1 course', dueOn: dayAgo(-14) }
		]
	});
	await writtenOn(first, 10);
	await shareOn(gareth, first, 9);
	must(await signRecord(db, sam, first));
	must(
		await addAddendum(
			db,
			gareth,
			first,
			"Correction: the session lasted 45 minutes, not 60. The helpline call discussed was Sam's second shadowing shift, not his first."
		)
	);

	// His first observation: shared, with his comment, waiting for his sign-off.
	const observed = await createRecord(db, gareth, sam.id, 'observation', {
		heldOn: dayAgo(4),
		details: {
			setting: 'phone',
			observed:
				"Sam took a helpline call with Gareth listening in (NS-2026-0187): a parent asking whether their child's school can refuse to carry out an EHC needs assessment request on their behalf.",
			summary:
				"A calm, accurate call. Sam stated the service's impartiality at the start and gave the parent the right information. Towards the end he began to say what he would do in the parent's position; he stopped himself, but should set out the options instead.",
			criteria: observationCriteria([
				['good', 'Stated that the service is impartial and confidential in his opening.'],
				['good', 'Explained that a parent can request an assessment themselves and the six-week decision timescale.'],
				[
					'requires-improvement',
					'Started to say "if it were my child I would..." before stopping. Talked through in feedback.'
				],
				['good', 'Asked the parent what they wanted to happen and checked their understanding.'],
				['good', 'Used the case reference only in his notes.'],
				['requires-improvement', 'As above: his own view came through briefly.'],
				['good', 'The call record is factual and says what information was given.']
			])
		},
		actions: []
	});
	await writtenOn(observed, 4);
	await shareOn(gareth, observed, 3);
	must(
		await commentOnRecord(
			db,
			sam,
			observed,
			'Thank you. I agree I started to say what I would do. Next time I will stop and go back to setting out the options.'
		)
	);

	// His settling-in review, started but not yet finished.
	const reviewDraft = await createRecord(
		db,
		gareth,
		sam.id,
		'review',
		{
			heldOn: dayAgo(1),
			details: {
				objectivesReviewed:
					'First review since joining, so there are no earlier objectives. Induction under way; three helpline shifts shadowed.',
				objectivesSet: 'Complete induction. Take helpline calls alone from next month, with a supervisor on hand.',
				developmentPlan: 'IPS Level 1 course; a further observation of a helpline call in two months.'
			},
			actions: []
		},
		{ summary: await summaryUntil('volunteer', 1) }
	);
	await writtenOn(reviewDraft, 1);

	// His first casework sample: drawn two days ago, one case of three reviewed so far.
	const samsSample = await startSample(
		db,
		gareth,
		sam.id,
		{
			periodFrom: dayAgo(12),
			periodTo: dayAgo(2),
			caseReferences: ['NS-2026-0187', 'NS-2026-0190', 'NS-2026-0193', 'NS-2026-0196', 'NS-2026-0199']
		},
		rules,
		ago(2)
	);
	if (!samsSample.ok) throw new Error(`demo supervision: ${samsSample.message}`);
	const samsCases = await trx
		.selectFrom('sampledCase')
		.select('id')
		.where('recordId', '=', samsSample.recordId)
		.orderBy('position')
		.execute();
	must(
		await reviewCase(db, gareth, samsSample.recordId, samsCases[0]!.id, {
			supportLevel: rules.supportLevels[0] ?? 'Information',
			setting: 'None',
			comment: 'Information on the assessment process given accurately, with the source named. Record is factual.',
			grades: caseGradesFor()
		})
	);

	// Helen joined two months ago and had one session in her first days: she is now overdue.
	await past({
		subject: 'volunteer2',
		author: 'supervisor',
		kind: 'supervision',
		daysAgo: 59,
		details: {
			minutes: 45,
			format: 'one-to-one',
			agenda: 'Welcome and induction plan',
			discussion:
				'Went through the induction plan and the helpline rota. Helen has declared a family connection with a local academy; talked through what to do if a case involves it.',
			impartiality:
				'Helen asked how to respond if a parent asks about the academy where her sister works. Agreed she passes any such case to a colleague and says only that another adviser will help.',
			wellbeing: 'Keen to start. No concerns.',
			trainingNeeds: 'Induction modules.'
		},
		action: { description: 'Start the induction modules on the law', dueInDays: 21, closedDaysAgo: 40 }
	});

	// Joanna: monthly sessions, an observation, her six-month review, then the one waiting for her sign-off.
	await sessions('staff', 'supervisor', 188, 48, 28);
	await past({
		subject: 'staff',
		author: 'supervisor',
		kind: 'observation',
		daysAgo: 90,
		details: {
			setting: 'meeting',
			observed: 'Joanna supported a parent at a meeting with the school to discuss a draft EHC plan (NS-2026-0121).',
			summary:
				'Well prepared and clear. Joanna helped the parent say what they wanted changed in sections B and F without speaking for them. Her notes of the meeting went slightly beyond what was said.',
			criteria: observationCriteria([
				[
					'good',
					'Introduced her role to everyone present, including that she does not work for the school or the council.'
				],
				['good', "Explained the parent's right to comment on the draft and to request a particular school."],
				['good', "When asked for her opinion by the SENCo, she turned it back to the parent's views."],
				['good', "Prepared the parent's points with them beforehand; the parent led."],
				['good', 'Nothing discussed outside the meeting.'],
				['good', 'No sign of her own views.'],
				[
					'requires-improvement',
					"The meeting note includes her impression of the school's attitude; records should say what was said."
				]
			])
		}
	});
	await past({
		subject: 'staff',
		author: 'supervisor',
		kind: 'review',
		daysAgo: 26,
		details: {
			objectivesReviewed:
				'Six-month review. Joanna has completed induction and taken on a full caseload. Her casework and observation show consistently impartial practice; records now factual after feedback.',
			objectivesSet: 'Take on tribunal support cases with a colleague. Mentor one new volunteer on the helpline.',
			developmentPlan: 'IPS Level 2 course on appeals to the tribunal. Shadow a tribunal hearing.',
			summary: await summaryUntil('staff', 26)
		}
	});
	const joannasLatest = await createRecord(db, gareth, joanna.id, 'supervision', {
		heldOn: dayAgo(20),
		details: sessionNotes[5]!,
		actions: [
			{
				owner: 'subject',
				description:
					'Pass any new case involving a school where you have an interest to a colleague before first contact',
				dueOn: dayAgo(-10)
			}
		],
		close: await openAbout(joanna)
	});
	await writtenOn(joannasLatest, 20);
	await shareOn(gareth, joannasLatest, 19);

	// Joanna's casework sample found a case at Oakfield Primary, where she is a governor: flagged, then signed off.
	const joannasSample = await startSample(
		db,
		gareth,
		joanna.id,
		{
			periodFrom: dayAgo(100),
			periodTo: dayAgo(10),
			caseReferences: [
				'NS-2026-0301',
				'NS-2026-0304',
				'NS-2026-0309',
				'NS-2026-0312',
				'NS-2026-0318',
				'NS-2026-0325',
				'NS-2026-0331',
				'NS-2026-0340'
			]
		},
		rules,
		ago(8)
	);
	if (!joannasSample.ok) throw new Error(`demo supervision: ${joannasSample.message}`);
	const joannasCases = await trx
		.selectFrom('sampledCase')
		.select('id')
		.where('recordId', '=', joannasSample.recordId)
		.orderBy('position')
		.execute();
	const reviews = [
		{
			supportLevel: rules.supportLevels[2] ?? 'Individual support',
			setting: 'Oakfield Primary',
			comment:
				'Accurate advice on the annual review process, but Joanna is a governor at this school and the case should have gone to a colleague at first contact. She has agreed to check her declarations before taking any case.',
			grades: caseGradesFor({ 5: 'requires-improvement' })
		},
		{
			supportLevel: rules.supportLevels[1] ?? 'Advice',
			setting: 'Hillcrest Academy',
			comment: 'Options on a reduced timetable set out clearly, with the statutory guidance named. Record factual.',
			grades: caseGradesFor()
		},
		{
			supportLevel: rules.supportLevels[0] ?? 'Information',
			setting: 'None',
			comment: 'Information about the local offer given and recorded. Impartiality stated in the first email.',
			grades: caseGradesFor({ 1: 'requires-improvement' })
		}
	];
	for (const [i, sampled] of joannasCases.entries())
		must(await reviewCase(db, gareth, joannasSample.recordId, sampled.id, reviews[i % reviews.length]!));
	await trx
		.updateTable('sampledCase')
		.set({ reviewedAt: ago(7) })
		.where('recordId', '=', joannasSample.recordId)
		.execute();
	await shareOn(gareth, joannasSample.recordId, 6);
	must(await signRecord(db, joanna, joannasSample.recordId));

	// Tom: a year and more of sessions, his first annual review, and the latest waiting for his sign-off.
	await sessions('volunteer3', 'supervisor2', 415, 75, 56);
	await past({
		subject: 'volunteer3',
		author: 'supervisor2',
		kind: 'observation',
		daysAgo: 150,
		details: {
			setting: 'drop-in',
			observed:
				'Tom ran the monthly drop-in at the family centre; observed three conversations (NS-2025-0944, NS-2025-0951 and one enquiry with no case opened).',
			summary:
				"Friendly and accurate. Tom stated the service's role at each conversation and gave information with sources. He should say more about what happens next and when.",
			criteria: observationCriteria([
				['good', 'Explained the service is impartial and confidential at the start of each conversation.'],
				['good', 'Information on SEN support and EHC plans accurate.'],
				['good', 'Set out options on school support without favouring one.'],
				['requires-improvement', 'In one conversation the next steps were left unclear.']
			])
		}
	});
	await past({
		subject: 'volunteer3',
		author: 'supervisor2',
		kind: 'review',
		daysAgo: 55,
		details: {
			objectivesReviewed:
				'First annual review. Tom set out to take helpline calls alone and run the drop-in; both done.',
			objectivesSet:
				'Keep up to date with the changed induction module on stating impartiality. Support families at annual review meetings.',
			developmentPlan: 'IPS Level 1 course (spring cohort). Observation at an annual review meeting.',
			summary: await summaryUntil('volunteer3', 55)
		}
	});
	const tomsLatest = await createRecord(db, ama, tom.id, 'supervision', {
		heldOn: dayAgo(30),
		details: sessionNotes[4]!,
		actions: [
			{ owner: 'subject', description: 'Read the revised induction module on stating impartiality', dueOn: dayAgo(-14) }
		],
		close: await openAbout(tom)
	});
	await writtenOn(tomsLatest, 30);
	await shareOn(ama, tomsLatest, 29);

	// Marcus: two years of monthly sessions, a yearly review, an observation and a sample; the latest session still a draft.
	await sessions('staff2', 'supervisor2', 690, 40, 28);
	await past({
		subject: 'staff2',
		author: 'supervisor2',
		kind: 'review',
		daysAgo: 335,
		details: {
			objectivesReviewed: 'First annual review. Marcus completed induction and IPS Level 1 and holds a full caseload.',
			objectivesSet: 'Support families through tribunal appeals. Lead the group session on transport.',
			developmentPlan: 'IPS Level 2 course. Shadow a tribunal hearing.',
			summary: await summaryUntil('staff2', 335)
		}
	});
	await past({
		subject: 'staff2',
		author: 'supervisor2',
		kind: 'observation',
		daysAgo: 100,
		details: {
			setting: 'online',
			observed:
				'Marcus supported a young person, 17, and their parent online while they prepared their views for a tribunal appeal (NS-2025-0812).',
			summary:
				"Excellent. Marcus spoke to the young person directly and made sure their views were their own. Clear explanation of the tribunal's process and timescales.",
			criteria: observationCriteria([])
		}
	});
	const entered = [
		'NS-2025-0805',
		'NS-2025-0812',
		'NS-2025-0818',
		'NS-2025-0826',
		'NS-2025-0833',
		'NS-2025-0840',
		'NS-2025-0847'
	];
	const seed = '5eed0f0d5eed0f0d';
	const drawn = drawCases(entered, seed, rules.sampleSize);
	const settings = ['Northfield School', 'None', "St Anne's C of E Infant School"];
	await past({
		subject: 'staff2',
		author: 'supervisor2',
		kind: 'sample',
		daysAgo: 130,
		details: { periodFrom: dayAgo(250), periodTo: dayAgo(131) },
		items: async (recordId) => {
			await trx
				.insertInto('caseworkSample')
				.values({
					recordId,
					subjectId: ids.get('staff2')!,
					periodFrom: dayAgo(250),
					periodTo: dayAgo(131),
					entered,
					excluded: [],
					seed,
					size: rules.sampleSize,
					drawn,
					drawnAt: ago(130)
				})
				.execute();
			await trx
				.insertInto('sampledCase')
				.values(
					drawn.map((caseReference, i) => ({
						recordId,
						position: i + 1,
						caseReference,
						drawnAt: ago(130),
						grades: JSON.stringify(caseGradesFor()),
						comment: 'Impartial throughout; options and sources recorded.',
						supportLevel: rules.supportLevels[i % rules.supportLevels.length] ?? null,
						setting: settings[i % settings.length]!,
						conflict: null,
						reviewedAt: ago(129)
					}))
				)
				.execute();
		}
	});

	const draft = await createRecord(db, ama, marcus.id, 'supervision', {
		heldOn: dayAgo(12),
		details: sessionNotes[1]!,
		actions: [],
		close: await openAbout(marcus)
	});
	await writtenOn(draft, 12);

	// Dev left last month; his records stay.
	await sessions('former', 'supervisor2', 1095, 40, 56, false);
}

/** A quiz attempt with every answer right ('pass'), every answer wrong ('fail'), or half done ('open'). */
async function seedAttempt(
	db: Kysely<DB>,
	personId: string,
	quiz: Quiz,
	quizVersionId: string,
	outcome: 'pass' | 'fail' | 'open',
	at: Date
) {
	const { attempt, answers } = attemptRows(personId, quiz, quizVersionId, outcome, at);
	await db.insertInto('quizAttempt').values(attempt).execute();
	if (answers.length) await db.insertInto('quizAnswer').values(answers).execute();
}

export function demoSignIns(): string {
	const active = demoPeople.filter((p) => p.status === 'active');
	const width = Math.max(...active.map((p) => p.email.length));
	return [
		'Demo sign-ins (password for all: demo-password):',
		...active.map((p) => `  ${p.email.padEnd(width)}  ${p.name} (${p.roles.join(', ')})`),
		`  and ${demoCast().length} more people around them, listed under People.`
	].join('\n');
}
