// The demo cast's life with the service up to the seed's now: induction and quizzes, policy
// acknowledgements, declarations, and supervision of every kind, so the reports have a year to show.
import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { CaseGrade, DB, RecordKind, Role } from '../db/schema';
import type { Content } from '../content';
import type { Quiz } from '../content/quizzes';
import { inductionModulesFor, registerModuleVersions } from '../induction';
import { registerQuizVersions } from '../quizzes';
import { registerPolicyVersions } from '../policies';
import { reviewSummary } from '../supervision';
import { supervisionInterval } from '../supervision/overview';
import { drawCases } from '../supervision/draw';
import { moveOnToStages } from '../supervision/history';
import { serviceDay } from '../../format';
import { demoCast, demoRandom, type CastMember, type DemoRandom } from './cast';

const day = 24 * 60 * 60 * 1000;

export interface SessionNotes {
	minutes: number;
	format: 'one-to-one' | 'group';
	agenda: string;
	discussion: string;
	impartiality: string;
	wellbeing: string;
	trainingNeeds: string;
}

/** A submitted or half-done attempt as rows: every answer right, every one wrong, or `wrong` of them wrong. */
export function attemptRows(
	personId: string,
	quiz: Quiz,
	quizVersionId: string,
	outcome: 'pass' | 'fail' | 'open',
	at: Date,
	wrong?: (stepIndex: number) => boolean
) {
	const steps = quiz.scenarios
		.slice(0, quiz.draw ?? undefined)
		.flatMap((sc) =>
			sc.steps.map((st) => ({ scenarioId: sc.id, stepId: st.id, optionOrder: st.options.map((o) => o.id) }))
		);
	const submitted = outcome !== 'open';
	const answered = outcome === 'open' ? steps.slice(0, Math.ceil(steps.length / 2)) : steps;
	const stepById = new Map(quiz.scenarios.flatMap((sc) => sc.steps.map((st) => [st.id, st])));
	const id = randomUUID();
	const answers = answered.map((ref, i) => {
		const options = stepById.get(ref.stepId)!.options;
		const right = options.filter((o) => o.correct).map((o) => o.id);
		const wrongOption = options.find((o) => !o.correct)?.id ?? right[0]!;
		const correct = outcome === 'fail' ? !(wrong?.(i) ?? true) : true;
		return { attemptId: id, stepId: ref.stepId, selected: correct ? right : [wrongOption], correct, answeredAt: at };
	});
	const score = submitted ? Math.round((100 * answers.filter((a) => a.correct).length) / (steps.length || 1)) : null;
	return {
		attempt: {
			id,
			personId,
			quizSlug: quiz.slug,
			quizVersionId,
			steps: JSON.stringify(steps),
			startedAt: new Date(at.getTime() - 20 * 60_000),
			submittedAt: submitted ? at : null,
			score,
			passed: submitted ? outcome === 'pass' : null
		},
		answers
	};
}

/** Inserts in chunks, under the database's limit on parameters in one statement. */
async function insertAll<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
	for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
}

/** Adds the cast's people; their ids join `ids` under their keys. */
export async function seedCastPeople(
	trx: Transaction<DB>,
	ids: Map<string, string>,
	passwordHash: string,
	now: number
): Promise<CastMember[]> {
	const cast = demoCast();
	// Supervisors come before the people they supervise.
	const ordered = [...cast].sort((a, b) => rank(a) - rank(b));
	for (const p of ordered) {
		const joined = new Date(now - p.joinedDaysAgo * day);
		const { id } = await trx
			.insertInto('person')
			.values({
				email: p.email,
				name: p.name,
				roles: p.roles,
				status: p.status,
				supervisorId: p.supervisor ? ids.get(p.supervisor)! : null,
				passwordHash,
				createdAt: joined,
				activatedAt: joined,
				deactivatedAt: p.leftDaysAgo === undefined ? null : new Date(now - p.leftDaysAgo * day)
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		ids.set(p.key, id);
	}
	return cast;
}

const rank = (p: CastMember) => (p.roles.includes('coordinator') ? 0 : p.roles.includes('supervisor') ? 1 : 2);

/** The cast's history, written as it stands (the supervision records then moved on, as the app would). */
export async function seedCastHistory(
	trx: Transaction<DB>,
	ids: Map<string, string>,
	cast: CastMember[],
	content: Pick<Content, 'modules' | 'quizzes' | 'policies' | 'service'>,
	sessionNotes: SessionNotes[],
	now: number
) {
	const random = demoRandom(2026_12);
	await castInduction(trx, ids, cast, content, random, now);
	await castPolicies(trx, ids, cast, content, random, now);
	await castDeclarations(trx, ids, cast, random, now);
	await castSupervision(trx, ids, cast, content.service, sessionNotes, random, now);
}

const joinedAt = (p: CastMember, now: number) => now - p.joinedDaysAgo * day;
const leftAt = (p: CastMember, now: number) => (p.leftDaysAgo === undefined ? now : now - p.leftDaysAgo * day);

/**
 * Induction at its own pace for each person: the long-standing finished it long ago; recent
 * joiners are part way, some after failing a quiz, a few with every attempt used and waiting for
 * the coordinator to allow another.
 */
async function castInduction(
	db: Kysely<DB>,
	ids: Map<string, string>,
	cast: CastMember[],
	content: Pick<Content, 'modules' | 'quizzes'>,
	random: DemoRandom,
	now: number
) {
	const versionIds = await registerModuleVersions(db, content.modules);
	const quizVersionIds = await registerQuizVersions(db, content.quizzes);
	const quizFor = new Map(content.quizzes.map((q) => [q.module, q]));
	const progress: Insertable<DB['moduleProgress']>[] = [];
	const completions: { personId: string; moduleVersionId: string; completedAt: Date; method: 'quiz' | 'read' }[] = [];
	const attempts: ReturnType<typeof attemptRows>[] = [];
	// Its own source, so how a new intake fares at the first quiz does not move when the content does.
	const firstTry = demoRandom(1);
	for (const p of cast) {
		const personId = ids.get(p.key)!;
		const modules = inductionModulesFor(content.modules, p.roles);
		const start = joinedAt(p, now) + day;
		const end = Math.min(leftAt(p, now), now - day / 2);
		// Days to finish the whole induction: staff within a few months; volunteers, fitting it
		// around the rest of their lives, and steering members, at their own pace.
		const span =
			(p.roles.includes('volunteer')
				? random.int(90, 330)
				: p.roles.includes('steering')
					? random.int(60, 240)
					: random.int(30, 150)) * day;
		let previous = start;
		for (const [i, m] of modules.entries()) {
			const versionId = versionIds.get(m.slug)!;
			const doneAt = start + Math.round(((i + 1) / modules.length) * span) + random.int(0, 8) * 3_600_000;
			const quiz = quizFor.get(m.slug);
			const quizVersionId = quiz ? quizVersionIds.get(quiz.slug) : undefined;
			const attempt = (outcome: 'pass' | 'fail', at: number) =>
				attempts.push(attemptRows(personId, quiz!, quizVersionId!, outcome, new Date(at), () => random.chance(0.5)));
			// The first quiz trips up most of a new intake at their first try.
			const stuckAtFirst = i === 0 && !!quiz && now - joinedAt(p, now) < 45 * day && firstTry.chance(0.85);
			if (doneAt < end && !stuckAtFirst) {
				if (quiz && quizVersionId) {
					// About one in three needs a second go, a few a third.
					const fails = random.chance(0.3) ? (random.chance(0.25) ? 2 : 1) : 0;
					for (let f = fails; f > 0; f--) attempt('fail', doneAt - f * random.int(1, 3) * day);
					attempt('pass', doneAt);
				}
				progress.push({
					personId,
					slug: m.slug,
					startedAt: new Date(previous),
					lastViewedVersionId: versionId,
					completedAt: new Date(doneAt),
					completedVersionId: versionId,
					completedVersion: m.version,
					outcome: null
				});
				completions.push({
					personId,
					moduleVersionId: versionId,
					completedAt: new Date(doneAt),
					method: quiz ? 'quiz' : 'read'
				});
				previous = doneAt;
				continue;
			}
			// The module they are on: started, unless they joined only days ago.
			if (p.leftDaysAgo === undefined && now - start > 3 * day) {
				let outcome: 'did-not-pass' | null = null;
				if (quiz && quizVersionId) {
					const tried = Math.min(now - day, previous + random.int(2, 10) * day);
					if (stuckAtFirst) attempt('fail', Math.min(now - day, start + random.int(3, 12) * day));
					else if (random.chance(0.25) && quiz.attempts !== null) {
						for (let f = 0; f < quiz.attempts; f++) attempt('fail', tried - (quiz.attempts - f) * day);
						outcome = 'did-not-pass';
					} else if (random.chance(0.6)) attempt('fail', tried);
				}
				progress.push({
					personId,
					slug: m.slug,
					startedAt: new Date(Math.min(now - day, previous + day)),
					lastViewedVersionId: versionId,
					completedAt: null,
					completedVersionId: null,
					completedVersion: null,
					outcome
				});
			}
			break;
		}
	}
	await insertAll(progress, (rows) => db.insertInto('moduleProgress').values(rows).execute());
	await insertAll(completions, (rows) => db.insertInto('moduleCompletion').values(rows).execute());
	await insertAll(attempts, (rows) =>
		db
			.insertInto('quizAttempt')
			.values(rows.map((r) => r.attempt))
			.execute()
	);
	const answers = attempts.flatMap((a) => a.answers);
	await insertAll(answers, (rows) => db.insertInto('quizAnswer').values(rows).execute());
}

/**
 * Acknowledgements: most people acknowledge each version soon after it takes effect (or they join)
 * and again each year; some fell behind long ago, some recent joiners never started, and the
 * newest are still within their first weeks.
 */
async function castPolicies(
	db: Kysely<DB>,
	ids: Map<string, string>,
	cast: CastMember[],
	content: Pick<Content, 'policies'>,
	random: DemoRandom,
	now: number
) {
	const versionIds = await registerPolicyVersions(db, content.policies);
	const rows: Insertable<DB['policyAcknowledgement']>[] = [];
	for (const p of cast) {
		const joined = joinedAt(p, now);
		const end = Math.min(leftAt(p, now), now - day);
		const r = random.next();
		const behind = now - joined > 400 * day && r < 0.2;
		const never = now - joined > 40 * day && now - joined < 365 * day && r < 0.3;
		const newcomer = now - joined < 28 * day && r < 0.7;
		if (never || newcomer) continue;
		for (const policy of content.policies) {
			const inForce = (t: number) => policy.versions.findLast((v) => Date.parse(`${v.effective}T12:00:00Z`) <= t);
			const first = policy.versions[0];
			if (!first) continue;
			let t = Math.max(joined, Date.parse(`${first.effective}T12:00:00Z`)) + random.int(2, 25) * day;
			while (t < end) {
				const version = inForce(t);
				if (version && version.audiences.some((a) => p.roles.includes(a))) {
					rows.push({
						personId: ids.get(p.key)!,
						policyVersionId: versionIds.get(version.hash)!,
						slug: policy.slug,
						version: version.version,
						contentHash: version.hash,
						acknowledgedAt: new Date(t),
						method: 'self',
						recordedBy: null,
						remark: null
					});
				}
				if (behind) break;
				// Again within the year, or soon after a major version takes effect.
				const nextMajor = policy.versions.find((v) => v.major && Date.parse(`${v.effective}T12:00:00Z`) > t);
				const yearly = t + random.int(320, 355) * day;
				const major = nextMajor ? Date.parse(`${nextMajor.effective}T12:00:00Z`) + random.int(2, 20) * day : Infinity;
				t = Math.min(yearly, major);
			}
		}
	}
	rows.sort((a, b) => +a.acknowledgedAt! - +b.acknowledgedAt!);
	await insertAll(rows, (chunk) => db.insertInto('policyAcknowledgement').values(chunk).execute());
}

const organisations: { kind: DB['declaredInterest']['kind']; organisation: string; details: string }[] = [
	{ kind: 'governor', organisation: 'Hollybank Primary School', details: 'Co-opted governor' },
	{ kind: 'family-or-friend', organisation: 'Westmoor Academy', details: 'My brother teaches there' },
	{ kind: 'trustee', organisation: 'Castlegate Learning Trust', details: '' },
	{ kind: 'employee', organisation: 'Northshire College', details: 'Part-time learning support assistant' },
	{ kind: 'education-role', organisation: 'Ridgeway Special School', details: 'Supply teacher, occasional days' },
	{ kind: 'family-or-friend', organisation: 'Meadowside Infant School', details: 'A close friend is the SENCo' },
	{ kind: 'other', organisation: 'Northshire Parent Carer Forum', details: 'Member of the steering committee' }
];

/** Declarations: a yearly return from each worker, nil for most; a few interests; some overdue. */
async function castDeclarations(
	db: Kysely<DB>,
	ids: Map<string, string>,
	cast: CastMember[],
	random: DemoRandom,
	now: number
) {
	const returns: Insertable<DB['declarationReturn']>[] = [];
	const interests: Insertable<DB['declaredInterest']>[] = [];
	for (const p of cast) {
		if (p.roles.includes('steering')) continue;
		const joined = joinedAt(p, now);
		const end = Math.min(leftAt(p, now), now - day);
		const r = random.next();
		const lapsed = now - joined > 420 * day && r < 0.2;
		const interest = random.chance(0.3) ? random.pick(organisations) : null;
		let t = joined + random.int(2, 20) * day;
		if (now - joined < 28 * day && r < 0.6) continue;
		let first = true;
		while (t < end) {
			if (first && interest)
				interests.push({
					personId: ids.get(p.key)!,
					kind: interest.kind,
					organisation: interest.organisation,
					startsOn: null,
					endsOn: null,
					details: interest.details,
					declaredAt: new Date(t),
					endedAt: null,
					endedReason: null
				});
			returns.push({
				personId: ids.get(p.key)!,
				madeAt: new Date(t),
				nil: !interest,
				interests: interest ? 1 : 0
			});
			first = false;
			if (lapsed) break;
			t += random.int(300, 360) * day;
		}
	}
	await insertAll(interests, (chunk) => db.insertInto('declaredInterest').values(chunk).execute());
	await insertAll(returns, (chunk) => db.insertInto('declarationReturn').values(chunk).execute());
}

const observationTexts: {
	setting: 'phone' | 'meeting' | 'drop-in' | 'home-visit' | 'online';
	observed: string;
	summary: string;
}[] = [
	{
		setting: 'phone',
		observed: 'A helpline call from a parent asking how to request an EHC needs assessment.',
		summary: 'Impartiality stated at the start; the law and the timescales explained accurately; options set out.'
	},
	{
		setting: 'meeting',
		observed: 'A meeting with a school about the support in place for a child at SEN support.',
		summary: "The parent's views led the meeting; information accurate; the worker's own views kept out of it."
	},
	{
		setting: 'drop-in',
		observed: 'Two conversations at the monthly drop-in at the family centre.',
		summary: 'Clear about the role and confidentiality; next steps agreed with each family.'
	},
	{
		setting: 'online',
		observed: 'An online meeting to help a young person, 17, prepare their views for an annual review.',
		summary: 'Spoke to the young person directly; made sure the views recorded were their own.'
	},
	{
		setting: 'home-visit',
		observed: 'A home visit to go through a draft EHC plan with a parent.',
		summary: 'Went section by section; explained the right to comment and to request a school; no direction given.'
	}
];
const caseSettings = ['None', 'Brookside Primary School', 'Kingsway Academy', 'Northshire College', 'Elmhurst School'];
const caseComments = [
	'Options set out clearly, with the sources named. Record factual.',
	'Accurate information on the timescales; the outcome recorded in the family’s words.',
	'Impartiality stated at first contact; next steps agreed and recorded.'
];
const reviewTexts = {
	settling: {
		objectivesReviewed: 'Settling-in review. Induction under way; shadowing on the helpline and at the drop-in.',
		objectivesSet: 'Complete induction. Take helpline calls alone, with a supervisor on hand.',
		developmentPlan: 'IPS Level 1 course; an observation of a helpline call.'
	},
	yearly: {
		objectivesReviewed:
			'Annual review. Objectives from last year met; casework and observation show impartial practice.',
		objectivesSet: 'Support families at annual review meetings; keep records factual.',
		developmentPlan: 'IPS Level 2 course on appeals to the tribunal.'
	}
};

/**
 * Supervision for each of the cast's workers from their own supervisor: sessions at about the
 * intended interval (sometimes late), an observation a few months in and then yearly, casework
 * samples, and a settling-in review then yearly ones summing up what is on record.
 */
async function castSupervision(
	trx: Transaction<DB>,
	ids: Map<string, string>,
	cast: CastMember[],
	service: Pick<Content['service'], 'supervision' | 'supervisionIntervalDays'>,
	sessionNotes: SessionNotes[],
	random: DemoRandom,
	now: number
) {
	const rules = service.supervision;
	const dayOf = (t: number) => serviceDay(new Date(t));
	const grade = (): CaseGrade =>
		random.chance(0.84) ? 'good' : random.chance(0.85) ? 'requires-improvement' : 'inadequate';
	type RecordRow = {
		id: string;
		kind: RecordKind;
		subjectId: string;
		authorId: string;
		heldOn: string;
		details: string;
		createdAt: Date;
		updatedAt: Date;
	};
	const records: RecordRow[] = [];
	const reviews: { row: Omit<RecordRow, 'details'>; details: Record<string, unknown> }[] = [];
	const actions: Insertable<DB['agreedAction']>[] = [];
	const samples: Insertable<DB['caseworkSample']>[] = [];
	const cases: Insertable<DB['sampledCase']>[] = [];
	let nextCase = 1000;
	const record = (p: CastMember, kind: RecordKind, t: number, details: Record<string, unknown>): RecordRow => {
		const row = {
			id: randomUUID(),
			kind,
			subjectId: ids.get(p.key)!,
			authorId: ids.get(p.supervisor!)!,
			heldOn: dayOf(t),
			details: JSON.stringify(details),
			createdAt: new Date(t),
			updatedAt: new Date(Math.min(t + day, now))
		};
		records.push(row);
		return row;
	};
	for (const p of cast) {
		if (!p.supervisor) continue;
		const interval = supervisionInterval(p.roles as Role[], service.supervisionIntervalDays) ?? 56;
		const start = Math.max(joinedAt(p, now) + 14 * day, now - 760 * day);
		const end = Math.min(leftAt(p, now), now - 2 * day);
		const sessions: number[] = [];
		for (
			let t = start + random.int(0, 10) * day;
			t < end;
			t += Math.round(interval * (0.85 + random.next() * 0.5)) * day
		)
			sessions.push(t);
		for (const [n, t] of sessions.entries()) {
			const row = record(p, 'supervision', t, { ...sessionNotes[(n + random.int(0, 5)) % sessionNotes.length]! });
			if (random.chance(0.3)) {
				const next = sessions[n + 1];
				actions.push({
					recordId: row.id,
					subjectId: row.subjectId,
					ownerId: row.subjectId,
					description: random.pick([
						'Read chapter 9 of the SEND Code of Practice on EHC plans',
						'Re-read the conflicts of interest section of the Impartiality Policy',
						'Update the case record so it says what was said, not what was meant'
					]),
					dueOn: dayOf(t + Math.min(21, interval) * day),
					createdAt: new Date(t),
					closedAt: next === undefined ? null : new Date(next),
					closedBy: next === undefined ? null : row.authorId
				});
			}
		}
		for (let t = joinedAt(p, now) + random.int(60, 120) * day; t < end; t += random.int(300, 400) * day) {
			if (t < start) continue;
			const text = random.pick(observationTexts);
			record(p, 'observation', t, {
				...text,
				criteria: rules.observationCriteria.map((criterion) => {
					const g = grade();
					return {
						criterion,
						grade: g,
						evidence: g === 'good' ? 'Seen throughout the observation.' : 'Talked through in feedback.'
					};
				})
			});
		}
		const every = p.roles.includes('volunteer') ? 540 : 330;
		for (
			let t = joinedAt(p, now) + random.int(150, 250) * day;
			t < end;
			t += random.int(every - 30, every + 30) * day
		) {
			if (t < start) continue;
			const periodFrom = dayOf(t - 120 * day);
			const periodTo = dayOf(t - day);
			const row = record(p, 'sample', t, { periodFrom, periodTo });
			const year = dayOf(t - 60 * day).slice(0, 4);
			const entered = Array.from(
				{ length: random.int(5, 9) },
				() => `NS-${year}-${String(nextCase++).padStart(4, '0')}`
			);
			const seed = Math.floor(random.next() * 2 ** 32)
				.toString(16)
				.padStart(8, '0');
			const drawn = drawCases(entered, seed, rules.sampleSize);
			samples.push({
				recordId: row.id,
				subjectId: row.subjectId,
				periodFrom,
				periodTo,
				entered,
				excluded: [],
				seed,
				size: rules.sampleSize,
				drawn,
				drawnAt: new Date(t)
			});
			drawn.forEach((caseReference, i) =>
				cases.push({
					recordId: row.id,
					position: i + 1,
					caseReference,
					drawnAt: new Date(t),
					grades: JSON.stringify(
						rules.caseworkCriteria.map((criterion) => ({ criterion, grade: grade(), evidence: '' }))
					),
					comment: random.pick(caseComments),
					supportLevel: rules.supportLevels[i % rules.supportLevels.length] ?? null,
					setting: random.pick(caseSettings),
					conflict: null,
					reviewedAt: new Date(t + day)
				})
			);
		}
		// A settling-in review at six months, then one a year; their summaries are worked out below.
		for (let t = joinedAt(p, now) + 180 * day, n = 0; t < end; t += 365 * day, n++) {
			if (t < start) continue;
			reviews.push({
				row: {
					id: randomUUID(),
					kind: 'review',
					subjectId: ids.get(p.key)!,
					authorId: ids.get(p.supervisor)!,
					heldOn: dayOf(t),
					createdAt: new Date(t),
					updatedAt: new Date(Math.min(t + day, now))
				},
				details: n === 0 ? reviewTexts.settling : reviewTexts.yearly
			});
		}
	}
	const draft = (rows: RecordRow[]) => rows.map((r) => ({ ...r, status: 'draft' as const }));
	await insertAll(records, (chunk) => trx.insertInto('supervisionRecord').values(draft(chunk)).execute());
	await insertAll(actions, (chunk) => trx.insertInto('agreedAction').values(chunk).execute());
	await insertAll(samples, (chunk) => trx.insertInto('caseworkSample').values(chunk).execute());
	await insertAll(cases, (chunk) => trx.insertInto('sampledCase').values(chunk).execute());
	const stages = (rows: { id: string; createdAt: Date }[]) =>
		rows.map((r) => ({
			id: r.id,
			status: 'locked' as const,
			sharedAt: new Date(Math.min(r.createdAt.getTime() + day, now)),
			signedAt: new Date(Math.min(r.createdAt.getTime() + 3 * day, now))
		}));
	await moveOnToStages(trx, stages(records));
	// Each review sums up the record before it, as the supervisor's form does.
	const written: RecordRow[] = [];
	for (const review of reviews) {
		const summary = await reviewSummary(trx, review.row.subjectId, review.row.heldOn, service.supervisionIntervalDays);
		written.push({ ...review.row, details: JSON.stringify({ ...review.details, summary }) });
	}
	await insertAll(written, (chunk) => trx.insertInto('supervisionRecord').values(draft(chunk)).execute());
	await moveOnToStages(trx, stages(written));
}
