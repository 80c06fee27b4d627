// Generates a large service for the benchmark: 2,000+ people with realistic roles and supervisors,
// ten years of policy acknowledgements, induction progress and quiz attempts, and supervision
// records. Later features add their data here.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { CaseGrade, DB, RecordKind, RecordStatus, Role } from '../src/lib/server/db/schema';
import type { Content } from '../src/lib/server/content';
import type { ReviewSummary } from '../src/lib/supervision';
import { supervisionInterval } from '../src/lib/server/supervision/overview';
import { drawCases } from '../src/lib/server/supervision/draw';
import { moveOnToStages } from '../src/lib/server/supervision/history';
import { hashPassword } from '../src/lib/server/auth/password';
import { inductionModulesFor, registerModuleVersions } from '../src/lib/server/induction';
import { registerQuizVersions, settleFirstAttempts } from '../src/lib/server/quizzes';
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

const first = [
	'Amira',
	'Ben',
	'Chloe',
	'Dev',
	'Ella',
	'Farah',
	'George',
	'Hana',
	'Isaac',
	'Jade',
	'Kofi',
	'Lena',
	'Marek',
	'Nadia',
	'Owen',
	'Priya',
	'Quinn',
	'Rosa',
	'Sami',
	'Tess',
	'Uma',
	'Victor',
	'Wen',
	'Yusuf',
	'Zara'
];
const last = [
	'Ahmed',
	'Brown',
	'Clarke',
	'Davies',
	'Evans',
	'Fraser',
	'Green',
	'Hughes',
	'Iqbal',
	'Jones',
	'Khan',
	'Lewis',
	'Morgan',
	'Nowak',
	'Okafor',
	'Patel',
	'Quinn',
	'Roberts',
	'Singh',
	'Taylor',
	'Walsh',
	'Young'
];

export interface GeneratedService {
	people: number;
	acknowledgements: number;
	supervisionRecords: number;
	/** The open cohort, full with a waitlist, whose register the bench loads. */
	registerCohort: string;
	signIns: Record<'coordinator' | 'supervisor' | 'volunteer', string>;
}

export async function generateService(
	db: Kysely<DB>,
	content: Pick<Content, 'modules' | 'quizzes' | 'policies' | 'courses' | 'service'>,
	size = 2000
): Promise<GeneratedService> {
	const rand = random(20261123);
	const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]!;
	const passwordHash = await hashPassword(benchPassword);
	const now = Date.now();

	// Roles in the proportions of a large service: mostly volunteers, some staff, a few supervisors.
	type Row = { email: string; name: string; roles: Role[]; status: 'active' | 'invited' | 'deactivated'; joined: Date };
	const rows: Row[] = [];
	const add = (email: string, roles: Role[], status: Row['status'] = 'active') =>
		rows.push({
			email,
			name: `${pick(first)} ${pick(last)}`,
			roles,
			status,
			joined: new Date(now - Math.floor(rand() * 3650) * day)
		});
	add('coordinator@bench.test', ['coordinator', 'staff']);
	add('coordinator2@bench.test', ['coordinator']);
	add('supervisor@bench.test', ['supervisor', 'staff']);
	for (let i = 0; i < 59; i++) add(`supervisor${i}@bench.test`, ['supervisor', 'staff']);
	add('volunteer@bench.test', ['volunteer']);
	for (let i = 0; i < 60; i++) add(`steering${i}@bench.test`, ['steering']);
	for (let i = 0; i < 300; i++) add(`staff${i}@bench.test`, ['staff'], rand() < 0.05 ? 'deactivated' : 'active');
	while (rows.length < size)
		add(
			`volunteer${rows.length}@bench.test`,
			['volunteer'],
			rand() < 0.04 ? 'invited' : rand() < 0.06 ? 'deactivated' : 'active'
		);

	const ids: string[] = [];
	for (let i = 0; i < rows.length; i += 500) {
		const inserted = await db
			.insertInto('person')
			.values(
				rows.slice(i, i + 500).map((r) => ({
					email: r.email,
					name: r.name,
					roles: r.roles,
					status: r.status,
					passwordHash: r.status === 'invited' ? null : passwordHash,
					createdAt: r.joined,
					activatedAt: r.status === 'invited' ? null : r.joined
				}))
			)
			.returning('id')
			.execute();
		ids.push(...inserted.map((r) => r.id));
	}
	const supervisors = ids.filter((_, i) => rows[i]!.roles.includes('supervisor'));
	const benchSupervisor = ids[rows.findIndex((r) => r.email === 'supervisor@bench.test')]!;
	// Every volunteer and member of staff has a named supervisor; the bench supervisor has about 55,
	// more than a page of the supervision list.
	const supervisorOf = new Map<string, string>();
	for (const [i, id] of ids.entries()) {
		const r = rows[i]!;
		if (!r.roles.includes('volunteer') && !(r.roles.includes('staff') && !r.roles.includes('supervisor'))) continue;
		const supervisorId = i % 60 === 0 ? benchSupervisor : pick(supervisors);
		supervisorOf.set(id, supervisorId);
		await db.updateTable('person').set({ supervisorId }).where('id', '=', id).execute();
	}

	const moduleVersions = await registerModuleVersions(db, content.modules);
	const quizVersions = await registerQuizVersions(db, content.quizzes);
	const policyVersions = await registerPolicyVersions(db, content.policies);

	// Induction progress: most people part or all of the way through.
	const progress: {
		personId: string;
		slug: string;
		startedAt: Date;
		lastViewedVersionId: string;
		completedAt: Date | null;
		completedVersionId: string | null;
		completedVersion: number | null;
	}[] = [];
	for (const [i, id] of ids.entries()) {
		const r = rows[i]!;
		if (r.status === 'invited') continue;
		const modules = inductionModulesFor(content.modules, r.roles);
		const done = Math.floor(rand() * (modules.length + 2));
		modules.slice(0, done + 1).forEach((m, j) => {
			const at = new Date(r.joined.getTime() + (j + 1) * day);
			const complete = j < done;
			progress.push({
				personId: id,
				slug: m.slug,
				startedAt: at,
				lastViewedVersionId: moduleVersions.get(m.slug)!,
				completedAt: complete ? at : null,
				completedVersionId: complete ? moduleVersions.get(m.slug)! : null,
				completedVersion: complete ? m.version : null
			});
		});
	}
	for (let i = 0; i < progress.length; i += 1000)
		await db
			.insertInto('moduleProgress')
			.values(progress.slice(i, i + 1000))
			.execute();

	// Ten years of yearly acknowledgements of every policy in force at the time.
	let acknowledgements = 0;
	for (const policy of content.policies) {
		const batch: {
			personId: string;
			policyVersionId: string;
			slug: string;
			version: number;
			contentHash: string;
			acknowledgedAt: Date;
			method: 'self';
		}[] = [];
		for (const [i, id] of ids.entries()) {
			const r = rows[i]!;
			if (r.status === 'invited') continue;
			for (let t = r.joined.getTime() + 7 * day; t < now - 30 * day; t += (330 + Math.floor(rand() * 60)) * day) {
				const when = new Date(t).toISOString().slice(0, 10);
				const version = policy.versions.filter((v) => v.effective <= when).at(-1) ?? policy.versions[0]!;
				if (!version.audiences.some((a) => r.roles.includes(a))) continue;
				batch.push({
					personId: id,
					policyVersionId: policyVersions.get(version.hash)!,
					slug: policy.slug,
					version: version.version,
					contentHash: version.hash,
					acknowledgedAt: new Date(t),
					method: 'self'
				});
			}
		}
		for (let i = 0; i < batch.length; i += 1000)
			await db
				.insertInto('policyAcknowledgement')
				.values(batch.slice(i, i + 1000))
				.execute();
		acknowledgements += batch.length;
	}

	// Submitted quiz attempts for the people who completed a quiz's module.
	for (const quiz of content.quizzes) {
		const steps = quiz.scenarios.flatMap((s) =>
			s.steps.map((st) => ({ scenarioId: s.id, stepId: st.id, optionOrder: st.options.map((o) => o.id) }))
		);
		const done = progress.filter((p) => p.slug === quiz.module && p.completedAt);
		for (let i = 0; i < done.length; i += 500) {
			await db
				.insertInto('quizAttempt')
				.values(
					done.slice(i, i + 500).map((p) => ({
						personId: p.personId,
						quizSlug: quiz.slug,
						quizVersionId: quizVersions.get(quiz.slug)!,
						steps: JSON.stringify(steps),
						startedAt: p.completedAt!,
						submittedAt: p.completedAt!,
						score: 100,
						passed: true
					}))
				)
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
				.values({
					courseSlug: course.slug,
					title: `Cohort ${q + 1}`,
					capacity: 24,
					steeringPlaces: 2,
					steeringHoldUntil: iso(new Date(first.getTime() - 30 * day)),
					registrationOpens: iso(new Date(first.getTime() - 60 * day)),
					registrationCloses: iso(new Date(first.getTime() - 7 * day))
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			const sessions = await db
				.insertInto('cohortSession')
				.values(
					Array.from({ length: course.sessions }, (_, n) => ({
						cohortId,
						position: n + 1,
						startsAt: new Date(first.getTime() + n * 7 * day),
						endsAt: new Date(first.getTime() + n * 7 * day + 3 * 60 * 60 * 1000),
						venue: 'Family Centre'
					}))
				)
				.returning('id')
				.execute();
			const members = Array.from({ length: q === 20 ? 34 : 24 }, (_, k) => active[(q * 24 + k) % active.length]!);
			await db
				.insertInto('coursePlace')
				.values(
					members.map((personId, k) => ({
						cohortId,
						personId,
						status: k < 24 ? ('booked' as const) : ('waitlisted' as const),
						requestedAt: new Date(first.getTime() - (50 - k) * day),
						changedAt: new Date(first.getTime() - (50 - k) * day)
					}))
				)
				.execute();
			if (q < 20) {
				await db
					.insertInto('sessionAttendance')
					.values(
						sessions.flatMap((session, n) =>
							members.map((personId, k) => ({
								sessionId: session.id,
								personId,
								mark: (k + n) % 11 === 0 ? ('absent' as const) : ('attended' as const),
								markedAt: new Date(first.getTime() + n * 7 * day)
							}))
						)
					)
					.execute();
			} else registerCohort = cohortId;
		}
	}
	await generateFeedback(db, ids.slice(0, 40), size);
	const workers = ids.flatMap((id, i) =>
		supervisorOf.has(id) && rows[i]!.status !== 'invited'
			? [
					{
						id,
						supervisorId: supervisorOf.get(id)!,
						roles: rows[i]!.roles,
						joined: rows[i]!.joined,
						left: rows[i]!.status === 'deactivated'
					}
				]
			: []
	);
	const supervisionRecords = await generateSupervision(db, content.service, workers, now);
	await settleFirstAttempts(db);
	return {
		people: rows.length,
		acknowledgements,
		supervisionRecords,
		registerCohort,
		signIns: {
			coordinator: 'coordinator@bench.test',
			supervisor: 'supervisor@bench.test',
			volunteer: 'volunteer@bench.test'
		}
	};
}

/**
 * Families' feedback for ten years: a quarter of a response a year for each person on the books
 * (5,000 a year at 20,000 people, far more than any service gets), through twenty links, six of
 * them naming a worker, with a comment on about one in seven. Made by the database in a few
 * statements; the answers follow a fixed pattern, as only their volume is being measured.
 */
async function generateFeedback(db: Kysely<DB>, workers: string[], size: number) {
	const perYear = Math.round(size / 4);
	const channels = sql`array['helpline', 'email', 'meeting', 'workshop', 'other']`;
	await sql`insert into feedback_link (code, channel, label, worker_id)
		select 'bench' || lpad(g::text, 3, '0'), (${channels})[1 + g % 5], 'Bench link ' || g,
			case when g % 3 = 0 then (${workers}::uuid[])[1 + g % ${workers.length}] end
		from generate_series(1, 20) g`.execute(db);
	await sql`insert into feedback_response (link_id, channel, audience, questionnaire_version, received_month)
		select l.id, l.channel, case when g % 10 = 0 then 'young-people' else 'families' end, 1,
			(date_trunc('month', current_date) - ((g % 120) || ' months')::interval)::date
		from generate_series(1, ${perYear * 10}) g
		join (select id, channel, row_number() over (order by code) as n from feedback_link where code like 'bench%') l on l.n = 1 + g % 20`.execute(
		db
	);
	await sql`insert into feedback_answer (response_id, question_id, value, received_month)
		select r.id, q.id, q.answers[1 + abs(hashtext(r.id::text || q.id)) % array_length(q.answers, 1)], r.received_month
		from feedback_response r, (values
			('took-sides', array['no', 'no', 'no', 'a-little', 'yes', 'not-sure']),
			('all-options', array['yes', 'yes', 'yes', 'some', 'no']),
			('views-heard', array['yes', 'yes', 'partly', 'no']),
			('arms-length', array['yes', 'no']),
			('confidence', array['very', 'fairly', 'fairly', 'not-very']),
			('result', array['yes', 'partly', 'no', 'not-yet'])) as q(id, answers)`.execute(db);
	await sql`insert into feedback_comment (response_id, question_id, body, received_month)
		select id, 'anything-else', 'The adviser set out the options and left the choice to us.', received_month
		from feedback_response where abs(hashtext(id::text)) % 7 = 0`.execute(db);
}

/** When the service began keeping supervision records here: the paper files before it stay on paper. */
const recordsKeptForDays = 540;

const sessionText = [
	{
		agenda: 'Casework review, impartiality, wellbeing',
		discussion:
			'Talked through NS-2025-0118, where a parent asked which of two schools to name in the EHC plan, and what information was given about the right to request a school.',
		impartiality:
			'Reflected on the pull to answer "which would you choose?". Agreed to set out what each option involves and ask what matters to the family.'
	},
	{
		agenda: 'Helpline calls, case records',
		discussion:
			'Read two call records together against the factual-recording standard; both now say what was said and what information was given.',
		impartiality:
			"A school asked us to talk a parent round to a reduced timetable. Discussed explaining our arm's-length role and giving the parent the guidance."
	},
	{
		agenda: 'Annual review meeting, training',
		discussion:
			'At an annual review the school proposed a specialist placement and the parent asked whether to agree. Went over what was explained about the options and the right to appeal.',
		impartiality:
			'Noticed a personal view on mainstream schooling; discussed keeping it out of meetings and letting the parent reach their own view.'
	}
];

/**
 * Supervision for every worker since records were kept here: sessions at about their interval,
 * more often a little late than early; an observation and a review a year; a casework sample of
 * three cases a year for staff and every other year for volunteers. Old records are locked; recent
 * ones may still be drafts or waiting for sign-off. Some sessions agree an action, mostly closed at
 * the next session. Statuses go straight in: the triggers guard updates, not inserts.
 */
async function generateSupervision(
	db: Kysely<DB>,
	service: Pick<Content['service'], 'supervision' | 'supervisionIntervalDays'>,
	workers: { id: string; supervisorId: string; roles: Role[]; joined: Date; left: boolean }[],
	now: number
): Promise<number> {
	const rand = random(20261125);
	const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
	const rules = service.supervision;
	type RecordRow = {
		id: string;
		kind: RecordKind;
		subjectId: string;
		authorId: string;
		heldOn: string;
		status: RecordStatus;
		details: string;
		createdAt: Date;
		updatedAt: Date;
		sharedAt: Date | null;
		signedAt: Date | null;
	};
	const records: RecordRow[] = [];
	const actions: {
		recordId: string;
		subjectId: string;
		ownerId: string;
		description: string;
		dueOn: string;
		createdAt: Date;
		closedAt: Date | null;
		closedBy: string | null;
	}[] = [];
	const notes: { recordId: string; authorId: string; kind: 'comment' | 'addendum'; body: string; createdAt: Date }[] =
		[];
	const samples: {
		recordId: string;
		subjectId: string;
		periodFrom: string;
		periodTo: string;
		entered: string[];
		excluded: string[];
		seed: string;
		size: number;
		drawn: string[];
		drawnAt: Date;
	}[] = [];
	const cases: {
		recordId: string;
		position: number;
		caseReference: string;
		drawnAt: Date;
		grades: string;
		comment: string;
		supportLevel: string;
		setting: string;
		reviewedAt: Date;
	}[] = [];
	const nextCase = new Map<string, number>();
	const caseReference = (t: number) => {
		const year = iso(t).slice(0, 4);
		const n = (nextCase.get(year) ?? 0) + 1;
		nextCase.set(year, n);
		return `NS-${year}-${String(n % 10_000).padStart(4, '0')}`;
	};
	const grade = (): CaseGrade => (rand() < 0.85 ? 'good' : rand() < 0.9 ? 'requires-improvement' : 'inadequate');
	/** An observation's or a sampled case's grades, and when: what a review sums up. */
	type Graded = { t: number; grades: CaseGrade[] };

	for (const w of workers) {
		const interval = supervisionInterval(w.roles, service.supervisionIntervalDays) ?? 56;
		const start = Math.max(w.joined.getTime() + 14 * day, now - recordsKeptForDays * day);
		const end = w.left ? now - (30 + Math.floor(rand() * 300)) * day : now - day;
		if (start >= end) continue;
		const record = (kind: RecordKind, t: number, details: Record<string, unknown>): RecordRow => {
			// The last three weeks' records may not have been shared or signed yet.
			const recent = now - t < 21 * day && !w.left;
			const r = rand();
			const status: RecordStatus = recent && r < 0.15 ? 'draft' : recent && r < 0.4 ? 'shared' : 'locked';
			const row = {
				id: randomUUID(),
				kind,
				subjectId: w.id,
				authorId: w.supervisorId,
				heldOn: iso(t),
				status,
				details: JSON.stringify(details),
				createdAt: new Date(t),
				updatedAt: new Date(t + day),
				sharedAt: status === 'draft' ? null : new Date(Math.min(t + day, now)),
				signedAt: status === 'locked' ? new Date(Math.min(t + 3 * day, now)) : null
			};
			records.push(row);
			if (status !== 'draft' && rand() < 0.04)
				notes.push({
					recordId: row.id,
					authorId: w.id,
					kind: 'comment',
					body: 'Agreed. I will read the guidance before my next visit.',
					createdAt: new Date(Math.min(t + 2 * day, now))
				});
			if (status === 'locked' && rand() < 0.015)
				notes.push({
					recordId: row.id,
					authorId: w.supervisorId,
					kind: 'addendum',
					body: 'Correction: the session lasted 45 minutes, not 60.',
					createdAt: new Date(Math.min(t + 10 * day, now))
				});
			return row;
		};

		const sessions: number[] = [];
		for (
			let t = start + Math.floor(rand() * interval) * day;
			t < end;
			t += Math.round(interval * (0.85 + rand() * 0.5)) * day
		)
			sessions.push(t);
		for (const [n, t] of sessions.entries()) {
			const text = sessionText[n % sessionText.length]!;
			const row = record('supervision', t, {
				minutes: 60,
				format: n % 7 === 6 ? 'group' : 'one-to-one',
				...text,
				wellbeing: 'Caseload manageable.',
				trainingNeeds: n % 4 === 0 ? 'IPS Level 2: appeals to the tribunal.' : ''
			});
			if (rand() < 0.35) {
				const next = sessions[n + 1];
				// Closed at the next session, as a rule; now and then one is left open and carried.
				const closedAt = next !== undefined && rand() < 0.97 ? new Date(next) : null;
				actions.push({
					recordId: row.id,
					subjectId: w.id,
					ownerId: rand() < 0.85 ? w.id : w.supervisorId,
					description: 'Read the updated guidance on EHC needs assessments',
					dueOn: iso(t + 28 * day),
					createdAt: new Date(t),
					closedAt,
					closedBy: closedAt ? w.supervisorId : null
				});
			}
		}
		const observed: Graded[] = [];
		for (let t = start + Math.floor(rand() * 365) * day; t < end; t += 365 * day) {
			const criteria = rules.observationCriteria.map((criterion) => ({
				criterion,
				grade: grade(),
				evidence: 'Seen during the call.'
			}));
			observed.push({ t, grades: criteria.map((c) => c.grade) });
			record('observation', t, {
				setting: (['phone', 'meeting', 'drop-in', 'home-visit', 'online'] as const)[Math.floor(rand() * 5)],
				observed: 'A helpline call about a request for an EHC needs assessment.',
				summary:
					'Impartiality stated at the start; accurate information with sources; options set out without direction.',
				criteria
			});
		}
		const every = w.roles.includes('staff') ? 365 : 730;
		const sampled: Graded[] = [];
		for (let t = start + Math.floor(rand() * every) * day; t < end; t += every * day) {
			const periodFrom = iso(t - 180 * day);
			const periodTo = iso(t - day);
			const row = record('sample', t, { periodFrom, periodTo });
			const entered = Array.from({ length: 8 }, () => caseReference(t - 90 * day)).sort();
			const seed = Math.floor(rand() * 2 ** 32)
				.toString(16)
				.padStart(8, '0');
			const drawn = drawCases(entered, seed, rules.sampleSize);
			samples.push({
				recordId: row.id,
				subjectId: w.id,
				periodFrom,
				periodTo,
				entered,
				excluded: [],
				seed,
				size: rules.sampleSize,
				drawn,
				drawnAt: new Date(t)
			});
			drawn.forEach((ref, i) => {
				const grades = rules.caseworkCriteria.map((criterion) => ({ criterion, grade: grade(), evidence: '' }));
				sampled.push({ t, grades: grades.map((g) => g.grade) });
				cases.push({
					recordId: row.id,
					position: i + 1,
					caseReference: ref,
					drawnAt: new Date(t),
					grades: JSON.stringify(grades),
					comment: 'Options set out clearly; record factual.',
					supportLevel: rules.supportLevels[i % rules.supportLevels.length]!,
					setting: 'None',
					reviewedAt: new Date(t)
				});
			});
		}
		// A review a year from joining, summing up what is on record since the last.
		let since = w.joined.getTime();
		for (let t = w.joined.getTime() + 365 * day; t < end; t += 365 * day) {
			if (t >= start) {
				const within = (x: number) => x >= since && x <= t;
				const tally = (list: Graded[]) => {
					const grades = list.filter((g) => within(g.t)).flatMap((g) => g.grades);
					return {
						good: grades.filter((g) => g === 'good').length,
						requiresImprovement: grades.filter((g) => g === 'requires-improvement').length,
						inadequate: grades.filter((g) => g === 'inadequate').length
					};
				};
				const summary: ReviewSummary = {
					since: iso(since),
					until: iso(t),
					induction: { stage: 'completed', completedSince: 0 },
					quizzes: [],
					acknowledgements: [],
					supervision: {
						held: sessions.filter(within).length,
						expected: Math.floor((t - since) / day / interval),
						intervalDays: interval
					},
					observations: { count: observed.filter((o) => within(o.t)).length, ...tally(observed) },
					casework: { cases: sampled.filter((c) => within(c.t)).length, ...tally(sampled), conflicts: 0 },
					declarations: { current: 0, lastReturn: null }
				};
				record('review', t, {
					objectivesReviewed: 'Objectives from last year met.',
					objectivesSet: 'Support families at annual review meetings; keep records factual.',
					developmentPlan: 'IPS Level 2 course.',
					summary
				});
			}
			since = t;
		}
	}
	// Written as drafts with their draws, cases, notes and actions, then moved on to the stage each
	// had reached: the database takes what hangs off a record only while it is a draft.
	await db.transaction().execute(async (trx) => {
		for (let i = 0; i < records.length; i += 1000)
			await trx
				.insertInto('supervisionRecord')
				.values(
					records.slice(i, i + 1000).map((r) => ({ ...r, status: 'draft' as const, sharedAt: null, signedAt: null }))
				)
				.execute();
		for (let i = 0; i < actions.length; i += 1000)
			await trx
				.insertInto('agreedAction')
				.values(actions.slice(i, i + 1000))
				.execute();
		for (let i = 0; i < notes.length; i += 1000)
			await trx
				.insertInto('recordNote')
				.values(notes.slice(i, i + 1000))
				.execute();
		for (let i = 0; i < samples.length; i += 1000)
			await trx
				.insertInto('caseworkSample')
				.values(samples.slice(i, i + 1000))
				.execute();
		for (let i = 0; i < cases.length; i += 1000)
			await trx
				.insertInto('sampledCase')
				.values(cases.slice(i, i + 1000))
				.execute();
		await moveOnToStages(trx, records);
	});
	return records.length;
}

/**
 * What `generateService` reports, read back from a service it generated earlier, for a run that
 * measures the same data again (BENCH_REUSE=1) rather than spending minutes generating it.
 */
export async function describeGenerated(db: Kysely<DB>): Promise<GeneratedService> {
	const count = async (table: 'person' | 'policyAcknowledgement' | 'supervisionRecord') =>
		Number(
			(
				await db
					.selectFrom(table)
					.select((eb) => eb.fn.countAll<string>().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);
	// The register the bench loads is the one cohort with people waiting for a place.
	const waiting = await db
		.selectFrom('coursePlace')
		.select('cohortId')
		.where('status', '=', 'waitlisted')
		.groupBy('cohortId')
		.orderBy((eb) => eb.fn.countAll(), 'desc')
		.executeTakeFirstOrThrow();
	return {
		people: await count('person'),
		acknowledgements: await count('policyAcknowledgement'),
		supervisionRecords: await count('supervisionRecord'),
		registerCohort: waiting.cohortId,
		signIns: {
			coordinator: 'coordinator@bench.test',
			supervisor: 'supervisor@bench.test',
			volunteer: 'volunteer@bench.test'
		}
	};
}
