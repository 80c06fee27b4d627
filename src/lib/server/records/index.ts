// A person's record: everything the service holds on their training, policies, declarations and
// supervision, gathered once for the page, the JSON download and the CSV (a subject access request).
import { isoInZone } from '../../format';
import { sql, type Kysely } from 'kysely';
import type { DB, PersonStatus, RecordKind, Role } from '../db/schema';
import type { SessionPerson } from '../auth/sessions';
import { recordAudit } from '../audit';
import { downloadHeaders as fileHeaders, toCsv } from '../csv';
import {
	gradeLabels,
	observationSettings,
	recordKindLabels,
	recordStatusLabels,
	sessionFormats,
	type ReviewSummary
} from '../../supervision';
import { interestKindLabels } from '../../interest-kinds';
import { roleLabels, statusTags } from '../../roles';
import { moduleMethodLabels, moduleStatusLabels } from '../../module-status';
import { attendanceLabels, placeStatusLabels } from '../../courses';
import { earlierKindLabels, type EarlierRecordKind } from '../../earlier-records';
import { standingLabels, type Standing } from '../../certificate-standing';
import { hoursByYear, trainingLogKindLabels, trainingLogOf, type TrainingLogEntry } from '../training-log';
import { certificatesOf } from '../certificates';
import { earlierRecordsOf } from '../import';

type Db = Kysely<DB>;

/** An instant as ISO 8601, so the record reads the same on the page, in JSON and in CSV. */
type Instant = string;
/** A calendar day, YYYY-MM-DD. */
type Day = string;

export interface RecordField {
	label: string;
	value: string;
}

export interface SupervisionEntry {
	id: string;
	kind: RecordKind;
	heldOn: Day;
	status: 'shared' | 'locked';
	authorName: string | null;
	sharedAt: Instant | null;
	signedAt: Instant | null;
	/** What the record says, labelled as its page labels it. */
	fields: RecordField[];
	/** An observation's ratings against the criteria. */
	criteria: { criterion: string; grade: keyof typeof gradeLabels; evidence: string }[];
	/** A performance review's summary of what was on record since the last one, as it stood then. */
	reviewSummary: ReviewSummary | null;
	sample: { periodFrom: Day; periodTo: Day } | null;
	cases: {
		caseReference: string;
		supportLevel: string | null;
		setting: string | null;
		conflict: string | null;
		comment: string;
		grades: { criterion: string; grade: keyof typeof gradeLabels }[];
		reviewedAt: Instant | null;
	}[];
	actions: { description: string; ownerName: string; dueOn: Day; closedAt: Instant | null }[];
	comments: RecordNote[];
	addenda: RecordNote[];
}

export interface RecordNote {
	body: string;
	authorName: string | null;
	createdAt: Instant;
}

export interface PersonalRecord {
	producedAt: Instant;
	person: {
		id: string;
		name: string;
		email: string;
		roles: Role[];
		status: PersonStatus;
		supervisorName: string | null;
		invitedAt: Instant;
		activatedAt: Instant | null;
		deactivatedAt: Instant | null;
	};
	modules: {
		slug: string;
		title: string;
		version: number;
		completedAt: Instant;
		method: 'read' | 'quiz' | 'recorded' | 'scenario';
	}[];
	quizzes: {
		slug: string;
		title: string;
		version: number;
		startedAt: Instant;
		submittedAt: Instant | null;
		score: number | null;
		passed: boolean | null;
	}[];
	acknowledgements: {
		slug: string;
		title: string;
		version: number;
		acknowledgedAt: Instant;
		method: 'self' | 'recorded';
		recordedByName: string | null;
		remark: string | null;
	}[];
	courses: {
		completions: { courseSlug: string; title: string; cohortTitle: string; completedAt: Instant }[];
		places: {
			courseSlug: string;
			title: string;
			cohortTitle: string;
			status: string;
			steeringPlace: boolean;
			requestedAt: Instant;
			changedAt: Instant;
		}[];
		attendance: {
			courseSlug: string;
			title: string;
			cohortTitle: string;
			session: number;
			startsAt: Instant;
			venue: string;
			mark: 'attended' | 'partly' | 'absent';
		}[];
	};
	declarations: {
		interests: {
			kind: keyof typeof interestKindLabels;
			organisation: string;
			startsOn: Day | null;
			endsOn: Day | null;
			details: string;
			declaredAt: Instant;
			endedAt: Instant | null;
			endedReason: string | null;
		}[];
		returns: { madeAt: Instant; nil: boolean; interests: number }[];
	};
	/** Records they are the subject of, once shared with them: drafts are their author's until then. */
	supervision: SupervisionEntry[];
	/** Their own log of training done elsewhere and reflective notes, with the training's hours by year. */
	trainingLog: {
		entries: Omit<TrainingLogEntry, 'id'>[];
		hoursByYear: { year: string; hours: number; entries: number }[];
	};
	/** Certificates issued to them, withdrawn ones included, with how each stands today. */
	certificates: {
		title: string;
		completedOn: Day;
		code: string;
		issuedAt: Instant;
		withdrawnAt: Instant | null;
		standing: Standing;
	}[];
	/** What the service recorded about them before it used this system. */
	earlierRecords: { kind: EarlierRecordKind; happenedOn: Day; enteredAt: Instant; enteredBy: string | null }[];
}

/** The content that names what the database knows by slug: quizzes and courses (modules and policies keep their titles by version). */
export interface RecordContent {
	quizBySlug: ReadonlyMap<string, { title: string }>;
	courseBySlug: ReadonlyMap<string, { title: string }>;
}

// Instants are written on the service's clock, with its offset, so the CSV a person opens shows
// the times they saw on the pages.
const iso = (d: Date) => isoInZone(d);
const isoOrNull = (d: Date | null) => (d ? isoInZone(d) : null);
const dayText = (column: string) => sql<string>`${sql.ref(column)}::text`;

/** Free text as stored, or nothing: a record written by an older form may lack a field. */
const text = (value: unknown): string =>
	typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';

/** The label a stored value has in a list of labels, or the value itself when the list does not have it. */
const labelOf = (labels: Record<string, string>, value: unknown): string =>
	typeof value === 'string' && Object.hasOwn(labels, value) ? labels[value]! : text(value);

/** A record's details as its page labels them. */
export function recordFields(kind: RecordKind, details: Record<string, unknown>): RecordField[] {
	const fields: RecordField[] =
		kind === 'supervision'
			? [
					{ label: 'Length', value: text(details.minutes) ? `${text(details.minutes)} minutes` : '' },
					{ label: 'Format', value: labelOf(sessionFormats, details.format) },
					{ label: 'Agenda', value: text(details.agenda) },
					{ label: 'Discussion', value: text(details.discussion) },
					{ label: 'Reflection on impartiality', value: text(details.impartiality) },
					{ label: 'Wellbeing', value: text(details.wellbeing) },
					{ label: 'Training needs', value: text(details.trainingNeeds) }
				]
			: kind === 'observation'
				? [
						{ label: 'Setting', value: labelOf(observationSettings, details.setting) },
						{ label: 'What was observed', value: text(details.observed) },
						{ label: 'Overall feedback', value: text(details.summary) }
					]
				: kind === 'review'
					? [
							{ label: 'Objectives reviewed', value: text(details.objectivesReviewed) },
							{ label: 'Objectives for the coming year', value: text(details.objectivesSet) },
							{ label: 'Development plan', value: text(details.developmentPlan) }
						]
					: [];
	const closed = Array.isArray(details.closedCarried) ? details.closedCarried.map(text).filter(Boolean) : [];
	if (closed.length) fields.push({ label: 'Earlier actions closed', value: closed.join('\n') });
	return fields;
}

/** A stored grade, or "not applicable" for anything the grade list does not know. */
const gradeOf = (value: unknown): keyof typeof gradeLabels =>
	typeof value === 'string' && Object.hasOwn(gradeLabels, value)
		? (value as keyof typeof gradeLabels)
		: 'not-applicable';

/** Ratings as stored in a record's details or a sampled case, each with a criterion, grade and evidence. */
function gradesOf(value: unknown): SupervisionEntry['criteria'] {
	if (!Array.isArray(value)) return [];
	return value
		.filter((c): c is Record<string, unknown> => !!c && typeof c === 'object')
		.map((c) => ({ criterion: text(c.criterion), grade: gradeOf(c.grade), evidence: text(c.evidence) }));
}

/** A review's stored summary, when it has the shape the review page wrote. */
function reviewSummaryOf(details: Record<string, unknown>): ReviewSummary | null {
	const s = details.summary as Partial<ReviewSummary> | undefined;
	const complete =
		!!s &&
		typeof s === 'object' &&
		typeof s.since === 'string' &&
		typeof s.until === 'string' &&
		Array.isArray(s.quizzes) &&
		Array.isArray(s.acknowledgements) &&
		!!s.induction &&
		!!s.supervision &&
		!!s.observations &&
		!!s.casework &&
		!!s.declarations;
	return complete ? (s as ReviewSummary) : null;
}

/** Who the person is, and who supervises them. */
async function personSection(db: Db, personId: string) {
	const person = await db
		.selectFrom('person')
		.leftJoin('person as supervisor', 'supervisor.id', 'person.supervisorId')
		.select([
			'person.id',
			'person.name',
			'person.email',
			'person.roles',
			'person.status',
			'supervisor.name as supervisorName',
			'person.createdAt',
			'person.activatedAt',
			'person.deactivatedAt'
		])
		.where('person.id', '=', personId)
		.executeTakeFirst();
	return (
		person && {
			id: person.id,
			name: person.name,
			email: person.email,
			roles: person.roles,
			status: person.status,
			supervisorName: person.supervisorName,
			invitedAt: iso(person.createdAt),
			activatedAt: isoOrNull(person.activatedAt),
			deactivatedAt: isoOrNull(person.deactivatedAt)
		}
	);
}

/** Modules completed, quiz attempts and policy acknowledgements, newest first. */
async function trainingSection(db: Db, personId: string, content: RecordContent) {
	const [modules, quizzes, acknowledgements] = await Promise.all([
		db
			.selectFrom('moduleCompletion')
			.innerJoin('moduleVersion', 'moduleVersion.id', 'moduleCompletion.moduleVersionId')
			.select([
				'moduleVersion.slug',
				'moduleVersion.title',
				'moduleVersion.version',
				'moduleCompletion.completedAt',
				'moduleCompletion.method'
			])
			.where('moduleCompletion.personId', '=', personId)
			.orderBy('moduleCompletion.completedAt', 'desc')
			.orderBy('moduleCompletion.id')
			.execute(),
		db
			.selectFrom('quizAttempt')
			.innerJoin('quizVersion', 'quizVersion.id', 'quizAttempt.quizVersionId')
			.select([
				'quizAttempt.quizSlug',
				'quizVersion.version',
				'quizAttempt.startedAt',
				'quizAttempt.submittedAt',
				'quizAttempt.score',
				'quizAttempt.passed'
			])
			.where('quizAttempt.personId', '=', personId)
			.orderBy('quizAttempt.startedAt', 'desc')
			.orderBy('quizAttempt.id')
			.execute(),
		db
			.selectFrom('policyAcknowledgement')
			.innerJoin('policyVersion', 'policyVersion.id', 'policyAcknowledgement.policyVersionId')
			.leftJoin('person as recorder', 'recorder.id', 'policyAcknowledgement.recordedBy')
			.select([
				'policyAcknowledgement.slug',
				'policyVersion.title',
				'policyAcknowledgement.version',
				'policyAcknowledgement.acknowledgedAt',
				'policyAcknowledgement.method',
				'recorder.name as recordedByName',
				'policyAcknowledgement.remark'
			])
			.where('policyAcknowledgement.personId', '=', personId)
			.orderBy('policyAcknowledgement.acknowledgedAt', 'desc')
			.orderBy('policyAcknowledgement.id')
			.execute()
	]);
	const quizTitle = (slug: string) => content.quizBySlug.get(slug)?.title ?? slug;
	return {
		modules: modules.map((m) => ({
			slug: m.slug,
			title: m.title,
			version: m.version,
			completedAt: iso(m.completedAt),
			method: m.method
		})),
		quizzes: quizzes.map((q) => ({
			slug: q.quizSlug,
			title: quizTitle(q.quizSlug),
			version: q.version,
			startedAt: iso(q.startedAt),
			submittedAt: isoOrNull(q.submittedAt),
			score: q.score,
			passed: q.passed
		})),
		acknowledgements: acknowledgements.map((a) => ({
			slug: a.slug,
			title: a.title,
			version: a.version,
			acknowledgedAt: iso(a.acknowledgedAt),
			method: a.method,
			recordedByName: a.recordedByName,
			remark: a.remark
		}))
	};
}

/** IPS course completions, places and attendance. */
async function coursesSection(db: Db, personId: string, content: RecordContent): Promise<PersonalRecord['courses']> {
	const [completions, places, attendance] = await Promise.all([
		db
			.selectFrom('courseCompletion')
			.innerJoin('cohort', 'cohort.id', 'courseCompletion.cohortId')
			.select(['courseCompletion.courseSlug', 'cohort.title as cohortTitle', 'courseCompletion.completedAt'])
			.where('courseCompletion.personId', '=', personId)
			.orderBy('courseCompletion.completedAt', 'desc')
			.execute(),
		db
			.selectFrom('coursePlace')
			.innerJoin('cohort', 'cohort.id', 'coursePlace.cohortId')
			.select([
				'cohort.courseSlug',
				'cohort.title as cohortTitle',
				'coursePlace.status',
				'coursePlace.steeringPlace',
				'coursePlace.requestedAt',
				'coursePlace.changedAt'
			])
			.where('coursePlace.personId', '=', personId)
			.orderBy('coursePlace.requestedAt', 'desc')
			.orderBy('coursePlace.id')
			.execute(),
		db
			.selectFrom('sessionAttendance')
			.innerJoin('cohortSession', 'cohortSession.id', 'sessionAttendance.sessionId')
			.innerJoin('cohort', 'cohort.id', 'cohortSession.cohortId')
			.select([
				'cohort.courseSlug',
				'cohort.title as cohortTitle',
				'cohortSession.position',
				'cohortSession.startsAt',
				'cohortSession.venue',
				'sessionAttendance.mark'
			])
			.where('sessionAttendance.personId', '=', personId)
			.orderBy('cohortSession.startsAt', 'desc')
			.orderBy('cohortSession.id')
			.execute()
	]);
	const courseTitle = (slug: string) => content.courseBySlug.get(slug)?.title ?? slug;
	return {
		completions: completions.map((c) => ({
			courseSlug: c.courseSlug,
			title: courseTitle(c.courseSlug),
			cohortTitle: c.cohortTitle,
			completedAt: iso(c.completedAt)
		})),
		places: places.map((p) => ({
			courseSlug: p.courseSlug,
			title: courseTitle(p.courseSlug),
			cohortTitle: p.cohortTitle,
			status: p.status,
			steeringPlace: p.steeringPlace,
			requestedAt: iso(p.requestedAt),
			changedAt: iso(p.changedAt)
		})),
		attendance: attendance.map((a) => ({
			courseSlug: a.courseSlug,
			title: courseTitle(a.courseSlug),
			cohortTitle: a.cohortTitle,
			session: a.position,
			startsAt: iso(a.startsAt),
			venue: a.venue,
			mark: a.mark
		}))
	};
}

/** Declared interests, ended ones included, and declaration returns. */
async function declarationsSection(db: Db, personId: string): Promise<PersonalRecord['declarations']> {
	const [interests, returns] = await Promise.all([
		db
			.selectFrom('declaredInterest')
			.select([
				'kind',
				'organisation',
				dayText('starts_on').as('startsOn'),
				dayText('ends_on').as('endsOn'),
				'details',
				'declaredAt',
				'endedAt',
				'endedReason'
			])
			.where('personId', '=', personId)
			.orderBy('endedAt', (ob) => ob.desc().nullsFirst())
			.orderBy('declaredAt', 'desc')
			.orderBy('id')
			.execute(),
		db
			.selectFrom('declarationReturn')
			.select(['madeAt', 'nil', 'interests'])
			.where('personId', '=', personId)
			.orderBy('madeAt', 'desc')
			.orderBy('id')
			.execute()
	]);
	return {
		interests: interests.map((i) => ({
			kind: i.kind,
			organisation: i.organisation,
			startsOn: i.startsOn,
			endsOn: i.endsOn,
			details: i.details,
			declaredAt: iso(i.declaredAt),
			endedAt: isoOrNull(i.endedAt),
			endedReason: i.endedReason
		})),
		returns: returns.map((r) => ({ madeAt: iso(r.madeAt), nil: r.nil, interests: r.interests }))
	};
}

/** Supervision records shared with the person, each with its notes, actions and sampled cases. */
async function supervisionSection(db: Db, personId: string): Promise<PersonalRecord['supervision']> {
	// Records shared with the subject; every part of a supervision record is read through this.
	const sharedRecords = db
		.selectFrom('supervisionRecord')
		.select('id')
		.where('subjectId', '=', personId)
		.where('status', '!=', 'draft');
	const [records, notes, actions, samples, cases] = await Promise.all([
		db
			.selectFrom('supervisionRecord as r')
			.leftJoin('person as author', 'author.id', 'r.authorId')
			.select([
				'r.id',
				'r.kind',
				dayText('r.held_on').as('heldOn'),
				'r.status',
				'author.name as authorName',
				'r.details',
				'r.sharedAt',
				'r.signedAt'
			])
			.where('r.subjectId', '=', personId)
			.where('r.status', '!=', 'draft')
			.orderBy('r.heldOn', 'desc')
			.orderBy('r.createdAt', 'desc')
			.orderBy('r.id')
			.execute(),
		db
			.selectFrom('recordNote')
			.leftJoin('person', 'person.id', 'recordNote.authorId')
			.select([
				'recordNote.recordId',
				'recordNote.kind',
				'recordNote.body',
				'recordNote.createdAt',
				'person.name as authorName'
			])
			.where('recordNote.recordId', 'in', sharedRecords)
			.orderBy('recordNote.createdAt')
			.orderBy('recordNote.id')
			.execute(),
		db
			.selectFrom('agreedAction')
			.innerJoin('person as owner', 'owner.id', 'agreedAction.ownerId')
			.select([
				'agreedAction.recordId',
				'agreedAction.description',
				'owner.name as ownerName',
				dayText('agreed_action.due_on').as('dueOn'),
				'agreedAction.closedAt'
			])
			.where('agreedAction.recordId', 'in', sharedRecords)
			.orderBy('agreedAction.dueOn')
			.orderBy('agreedAction.id')
			.execute(),
		db
			.selectFrom('caseworkSample')
			.select(['recordId', dayText('period_from').as('periodFrom'), dayText('period_to').as('periodTo')])
			.where('recordId', 'in', sharedRecords)
			.execute(),
		db
			.selectFrom('sampledCase')
			.select(['recordId', 'caseReference', 'supportLevel', 'setting', 'conflict', 'comment', 'grades', 'reviewedAt'])
			.where('recordId', 'in', sharedRecords)
			.orderBy('position')
			.execute()
	]);
	const byRecord = <T extends { recordId: string }>(rows: T[]) => {
		const map = new Map<string, T[]>();
		for (const row of rows) map.set(row.recordId, [...(map.get(row.recordId) ?? []), row]);
		return map;
	};
	const notesBy = byRecord(notes);
	const actionsBy = byRecord(actions);
	const casesBy = byRecord(cases);
	const sampleBy = new Map(samples.map((s) => [s.recordId, s]));
	const note = (n: (typeof notes)[number]): RecordNote => ({
		body: n.body,
		authorName: n.authorName,
		createdAt: iso(n.createdAt)
	});
	return records.map((r) => {
		const details = (r.details ?? {}) as Record<string, unknown>;
		const sample = sampleBy.get(r.id);
		const recordNotes = notesBy.get(r.id) ?? [];
		return {
			id: r.id,
			kind: r.kind,
			heldOn: r.heldOn,
			status: r.status as SupervisionEntry['status'],
			authorName: r.authorName,
			sharedAt: isoOrNull(r.sharedAt),
			signedAt: isoOrNull(r.signedAt),
			fields: recordFields(r.kind, details),
			criteria: gradesOf(details.criteria),
			reviewSummary: r.kind === 'review' ? reviewSummaryOf(details) : null,
			sample: sample ? { periodFrom: sample.periodFrom, periodTo: sample.periodTo } : null,
			cases: (casesBy.get(r.id) ?? []).map((c) => ({
				caseReference: c.caseReference,
				supportLevel: c.supportLevel,
				setting: c.setting,
				conflict: c.conflict,
				comment: c.comment,
				grades: gradesOf(c.grades).map((g) => ({ criterion: g.criterion, grade: g.grade })),
				reviewedAt: isoOrNull(c.reviewedAt)
			})),
			actions: (actionsBy.get(r.id) ?? []).map((a) => ({
				description: a.description,
				ownerName: a.ownerName,
				dueOn: a.dueOn,
				closedAt: isoOrNull(a.closedAt)
			})),
			comments: recordNotes.filter((n) => n.kind === 'comment').map(note),
			addenda: recordNotes.filter((n) => n.kind === 'addendum').map(note)
		};
	});
}

/**
 * Everything on record about a person, as plain data: ISO strings for instants, YYYY-MM-DD for
 * days. The page, the JSON and the CSV are all made from this, so they say the same. Null when
 * there is no such person. Each section is read by its own function, all at once.
 */
export async function personalRecord(
	db: Db,
	personId: string,
	content: RecordContent,
	now = new Date()
): Promise<PersonalRecord | null> {
	const [person, training, courses, declarations, supervision, log, certificates, earlier] = await Promise.all([
		personSection(db, personId),
		trainingSection(db, personId, content),
		coursesSection(db, personId, content),
		declarationsSection(db, personId),
		supervisionSection(db, personId),
		trainingLogOf(db, personId),
		certificatesOf(db, personId),
		earlierRecordsOf(db, personId)
	]);
	if (!person) return null;
	return {
		producedAt: iso(now),
		person,
		...training,
		courses,
		declarations,
		supervision,
		trainingLog: { entries: log.map(({ id: _id, ...entry }) => entry), hoursByYear: hoursByYear(log) },
		certificates: certificates.map((c) => ({
			title: c.title,
			completedOn: c.completedOn,
			code: c.code,
			issuedAt: iso(c.issuedAt),
			withdrawnAt: isoOrNull(c.withdrawnAt),
			standing: c.standing
		})),
		earlierRecords: earlier.map((e) => ({
			kind: e.kind,
			happenedOn: e.happenedOn,
			enteredAt: iso(e.enteredAt),
			enteredBy: e.enteredBy
		}))
	};
}

/** How an attempt ended, in words. */
export function quizResult(q: Pick<PersonalRecord['quizzes'][number], 'submittedAt' | 'score' | 'passed'>): string {
	if (!q.submittedAt) return 'Not submitted';
	if (q.score === null) return 'Closed when the quiz changed';
	return `${q.score}%, ${q.passed ? 'passed' : 'not passed'}`;
}

/** How a policy acknowledgement was made, in words. */
export function acknowledgementHow(
	a: Pick<PersonalRecord['acknowledgements'][number], 'method' | 'recordedByName'>
): string {
	return a.method === 'self'
		? 'Acknowledged online'
		: `Recorded by ${a.recordedByName ?? 'a former member of the service'}`;
}

function summaryRows(s: ReviewSummary): [string, string][] {
	return [
		['Period', `${s.since} to ${s.until}`],
		[
			'Induction',
			`${moduleStatusLabels[s.induction.stage]?.label ?? s.induction.stage}; ${s.induction.completedSince} modules completed in the period`
		],
		[
			'Quizzes',
			s.quizzes
				.map(
					(q) =>
						`${q.slug}: ${q.attempts} attempts, ${q.passed} passed${q.best !== null ? `, best score ${q.best}` : ''}`
				)
				.join('; ') || 'None in the period'
		],
		[
			'Policy acknowledgements',
			s.acknowledgements.map((a) => `${a.slug} version ${a.version}, ${a.at}`).join('; ') || 'None in the period'
		],
		[
			'Supervision sessions',
			`${s.supervision.held} held${s.supervision.expected === null ? '' : `; ${s.supervision.expected} expected`}`
		],
		[
			'Observations of practice',
			`${s.observations.count} observations: ${s.observations.good} ratings good, ${s.observations.requiresImprovement} requires improvement, ${s.observations.inadequate} inadequate`
		],
		[
			'Casework sampling',
			`${s.casework.cases} cases sampled: ${s.casework.good} grades good, ${s.casework.requiresImprovement} requires improvement, ${s.casework.inadequate} inadequate; ${s.casework.conflicts} possible conflicts of interest`
		],
		[
			'Declarations of interest',
			`${s.declarations.current} current interests; ${s.declarations.lastReturn ? `last declared ${s.declarations.lastReturn}` : 'no declaration made'}`
		]
	];
}

/** The record as CSV, one row an item, safe to open in a spreadsheet. */
export function recordCsv(record: PersonalRecord): string {
	const rows: unknown[][] = [['Section', 'Date', 'Item', 'Detail']];
	const p = record.person;
	rows.push(
		['Person', record.producedAt, 'Record produced', p.name],
		['Person', null, 'Email', p.email],
		['Person', null, 'Roles', p.roles.map((r) => roleLabels[r]).join('; ')],
		['Person', null, 'Supervisor', p.supervisorName ?? 'None'],
		['Person', null, 'Status', statusTags[p.status].label],
		['Person', p.invitedAt, 'Invited', '']
	);
	if (p.activatedAt) rows.push(['Person', p.activatedAt, 'Account set up', '']);
	if (p.deactivatedAt) rows.push(['Person', p.deactivatedAt, 'Deactivated', '']);
	for (const m of record.modules)
		rows.push(['Module completed', m.completedAt, `${m.title} (version ${m.version})`, moduleMethodLabels[m.method]]);
	for (const q of record.quizzes)
		rows.push(['Quiz attempt', q.submittedAt ?? q.startedAt, `${q.title} (version ${q.version})`, quizResult(q)]);
	for (const a of record.acknowledgements)
		rows.push([
			'Policy acknowledgement',
			a.acknowledgedAt,
			`${a.title} (version ${a.version})`,
			[acknowledgementHow(a), a.remark].filter(Boolean).join(': ')
		]);
	for (const c of record.courses.completions) rows.push(['Course completed', c.completedAt, c.title, c.cohortTitle]);
	for (const pl of record.courses.places)
		rows.push([
			'Course place',
			pl.requestedAt,
			`${pl.title}, ${pl.cohortTitle}`,
			placeStatusLabels[pl.status]?.label ?? pl.status
		]);
	for (const a of record.courses.attendance)
		rows.push([
			'Course session',
			a.startsAt,
			`${a.title}, ${a.cohortTitle}, session ${a.session}`,
			attendanceLabels[a.mark]
		]);
	for (const i of record.declarations.interests) {
		const when = [i.startsOn && `from ${i.startsOn}`, i.endsOn && `until ${i.endsOn}`].filter(Boolean).join(' ');
		const ended = i.endedAt ? `Ended ${i.endedAt}: ${i.endedReason ?? ''}` : 'Current';
		rows.push([
			'Declared interest',
			i.declaredAt,
			`${interestKindLabels[i.kind]}: ${i.organisation}`,
			[i.details, when, ended].filter(Boolean).join('. ')
		]);
	}
	for (const r of record.declarations.returns)
		rows.push(['Declaration return', r.madeAt, r.nil ? 'Nil return' : 'Return', `${r.interests} current interests`]);
	for (const s of record.supervision) {
		const kind = recordKindLabels[s.kind];
		const row = (item: string, detail: unknown, date: unknown = s.heldOn) =>
			rows.push(['Supervision record', date, `${kind}: ${item}`, detail]);
		row(
			'Status',
			`${recordStatusLabels[s.status].label}; written by ${s.authorName ?? 'a former member of the service'}`
		);
		for (const f of s.fields) row(f.label, f.value);
		for (const c of s.criteria)
			row(`Rating: ${c.criterion}`, [gradeLabels[c.grade], c.evidence].filter(Boolean).join('. '));
		if (s.reviewSummary) for (const [label, value] of summaryRows(s.reviewSummary)) row(`On record: ${label}`, value);
		if (s.sample) row('Period sampled', `${s.sample.periodFrom} to ${s.sample.periodTo}`);
		for (const c of s.cases) {
			const grades = c.grades.map((g) => `${g.criterion}: ${gradeLabels[g.grade]}`).join('; ');
			row(
				`Case ${c.caseReference}`,
				[c.supportLevel, c.setting, c.conflict && `Possible conflict: ${c.conflict}`, grades, c.comment]
					.filter(Boolean)
					.join('. ')
			);
		}
		for (const a of s.actions)
			row(
				'Agreed action',
				`${a.description} (owner ${a.ownerName}, due ${a.dueOn}${a.closedAt ? `, done ${a.closedAt}` : ', open'})`
			);
		for (const n of s.comments)
			row(`Comment by ${n.authorName ?? 'a former member of the service'}`, n.body, n.createdAt);
		for (const n of s.addenda)
			row(`Addendum by ${n.authorName ?? 'a former member of the service'}`, n.body, n.createdAt);
	}
	for (const e of record.trainingLog.entries)
		rows.push([
			trainingLogKindLabels[e.kind],
			e.doneOn,
			e.title,
			[e.provider && `Provider: ${e.provider}`, e.hours !== null && `${e.hours} hours`, e.reflection]
				.filter(Boolean)
				.join('. ')
		]);
	for (const y of record.trainingLog.hoursByYear)
		rows.push([
			'Training hours',
			y.year,
			`Training done elsewhere in ${y.year}`,
			`${y.hours} hours, ${y.entries} entries`
		]);
	for (const c of record.certificates)
		rows.push([
			'Certificate',
			c.issuedAt,
			`${c.title} (completed ${c.completedOn})`,
			`${c.code}; ${standingLabels[c.standing].label}${c.withdrawnAt ? ` on ${c.withdrawnAt}` : ''}`
		]);
	for (const e of record.earlierRecords)
		rows.push([
			'Earlier record',
			e.happenedOn,
			earlierKindLabels[e.kind],
			`Entered ${e.enteredAt} by ${e.enteredBy ?? 'a former member of the service'}`
		]);
	return toCsv(rows);
}

/** A download's file name: the person and the day, in characters any system accepts. */
export function recordFileName(record: PersonalRecord, extension: 'json' | 'csv'): string {
	const name =
		record.person.name
			.normalize('NFKD')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 60) || 'person';
	return `record-${name}-${record.producedAt.slice(0, 10)}.${extension}`;
}

/** Headers for a download of the record: never cached, always saved rather than shown. */
export function downloadHeaders(record: PersonalRecord, extension: 'json' | 'csv'): HeadersInit {
	return fileHeaders(recordFileName(record, extension), extension);
}

/** Audits a coordinator producing someone else's record; a person reading their own is not logged. */
export async function recordRecordProduced(
	db: Db,
	viewer: SessionPerson,
	personId: string,
	how: 'viewed' | { exported: 'json' | 'csv' }
): Promise<void> {
	if (viewer.id === personId) return;
	await recordAudit(
		db,
		how === 'viewed'
			? { actorId: viewer.id, action: 'record.viewed', recordType: 'person', recordId: personId }
			: {
					actorId: viewer.id,
					action: 'record.exported',
					recordType: 'person',
					recordId: personId,
					detail: { format: how.exported }
				}
	);
}
