// Table types for Kysely: one interface a table, camelCase as CamelCasePlugin presents them.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { InductionStatus } from '../../module-status';
import type { LeafletFormat, LeafletKind, LeafletVersionStatus } from '../../leaflets';
import type { EarlierRecordKind } from '../../earlier-records';

export type { EarlierRecordKind };

export const roles = ['volunteer', 'staff', 'supervisor', 'coordinator', 'steering', 'editor'] as const;
export type Role = (typeof roles)[number];

export const personStatuses = ['invited', 'active', 'deactivated'] as const;
export type PersonStatus = (typeof personStatuses)[number];

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface PersonTable {
	id: Generated<string>;
	email: string;
	name: string;
	roles: ColumnType<Role[], Role[] | undefined, Role[]>;
	supervisorId: string | null;
	status: PersonStatus;
	passwordHash: string | null;
	createdAt: Timestamp;
	activatedAt: NullableTimestamp;
	deactivatedAt: NullableTimestamp;
	/** Kept by triggers from module progress, roles and induction_requirement. */
	inductionStage: ColumnType<InductionStatus, never, never>;
	/** Kept by triggers from supervision sessions and earlier records of supervision. */
	lastSupervisionOn: ColumnType<Date | null, never, never>;
}

export interface SessionTable {
	id: string;
	personId: string;
	createdAt: Timestamp;
	expiresAt: ColumnType<Date, Date, Date>;
	/** How the person signed in: with their password, or through the single sign-on provider. */
	authMethod: ColumnType<AuthMethod, AuthMethod | undefined, AuthMethod>;
	/** Whether the provider said the person used a second factor (its ID token's amr or acr). */
	providerMfa: ColumnType<boolean, boolean | undefined, boolean>;
	/** When this session passed its second step (multi-factor authentication); null if it has not. */
	secondFactorAt: NullableTimestamp;
	/** The WebAuthn challenge this session is waiting on an answer to. */
	webauthnChallenge: ColumnType<string | null, string | null | undefined, string | null>;
}

export type AuthMethod = 'password' | 'oidc';

/** A person's identity at a single sign-on provider, linked once by their verified email. */
export interface OidcIdentityTable {
	id: Generated<string>;
	personId: string;
	issuer: string;
	subject: string;
	/** The email the provider gave last time. */
	email: string;
	linkedAt: Timestamp;
	lastSignedInAt: Timestamp;
}

/** A sign-in sent to the provider, waiting for it to come back; the id is the hash of the browser's secret. */
export interface OidcRequestTable {
	id: string;
	state: string;
	nonce: string;
	codeVerifier: string;
	next: string;
	createdAt: Timestamp;
}

export type AccountLinkPurpose = 'invitation' | 'password-reset';

export interface AccountLinkTable {
	id: Generated<string>;
	tokenHash: string;
	personId: string;
	purpose: AccountLinkPurpose;
	createdBy: string | null;
	createdAt: Timestamp;
	expiresAt: ColumnType<Date, Date, Date>;
	usedAt: NullableTimestamp;
	/** When the emailed address was first opened and exchanged for the secret in sessionHash. */
	openedAt: NullableTimestamp;
	/** SHA-256 of the secret in the opening browser's cookie, which carries the link on from there. */
	sessionHash: string | null;
}

export interface SignInAttemptTable {
	id: Generated<string>;
	email: string;
	address: string;
	succeeded: boolean;
	attemptedAt: Timestamp;
}

/** A request for a password-reset link, counted to throttle them, whether or not the email has an account. */
export interface PasswordResetRequestTable {
	id: Generated<string>;
	email: string;
	address: string;
	requestedAt: Generated<Timestamp>;
}

/** A retention run, named by its transaction, so that the database's guards let that transaction through. */
export interface RetentionRunTable {
	xact: string;
	startedAt: Generated<Timestamp>;
}

export interface AuditEventTable {
	id: Generated<string>;
	at: Timestamp;
	actorId: string | null;
	action: string;
	recordType: string | null;
	recordId: string | null;
	detail: ColumnType<Record<string, unknown>, Record<string, unknown> | undefined, never>;
	address: string | null;
}

/**
 * Where a message stands: being sent, waiting to be tried again, sent, given up on, not sent
 * because email is not set up, or held because this instance sends no email.
 */
export type OutboxStatus = 'sending' | 'retrying' | 'sent' | 'failed' | 'unsent' | 'held';

export interface OutboxMessageTable {
	id: Generated<string>;
	toAddress: string;
	subject: string;
	/** What was sent, with any single-use link taken out. */
	body: string;
	createdAt: Timestamp;
	sentAt: NullableTimestamp;
	status: OutboxStatus;
	attempts: Generated<number>;
	nextAttemptAt: NullableTimestamp;
	/** Why the last attempt failed, as the coordinator is told it. */
	lastError: string | null;
	/** Whom a message with a single-use link is for, and what the link does: a retry makes a fresh one. */
	personId: string | null;
	linkPurpose: AccountLinkPurpose | null;
	linkCreatedBy: string | null;
}

export interface ModuleVersionTable {
	id: Generated<string>;
	slug: string;
	version: number;
	contentHash: string;
	title: string;
	markdown: string;
	registeredAt: Timestamp;
}

export interface ModuleProgressTable {
	personId: string;
	slug: string;
	startedAt: Timestamp;
	lastViewedVersionId: string;
	completedAt: NullableTimestamp;
	completedVersionId: string | null;
	completedVersion: number | null;
	outcome: 'did-not-pass' | null;
}

export interface ModuleCompletionTable {
	id: Generated<string>;
	personId: string;
	moduleVersionId: string;
	completedAt: Timestamp;
	method: 'read' | 'quiz' | 'recorded' | 'scenario';
}

export interface ScenarioRunTable {
	id: Generated<string>;
	personId: string;
	scenarioSlug: string;
	scenarioVersion: number;
	contentHash: string;
	currentStep: string;
	endingId: string | null;
	startedAt: Timestamp;
	finishedAt: NullableTimestamp;
}

export interface ScenarioChoiceTable {
	runId: string;
	position: number;
	stepId: string;
	optionId: string;
	chosenAt: Timestamp;
}

export interface QuizVersionTable {
	id: Generated<string>;
	slug: string;
	version: number;
	contentHash: string;
	registeredAt: Timestamp;
}

/** One question of an attempt: the step shown and its options in the order shown. */
export interface AttemptStep {
	scenarioId: string;
	stepId: string;
	optionOrder: string[];
}

export interface QuizAttemptTable {
	id: Generated<string>;
	/** Null once retention has detached an old attempt from its person. */
	personId: string | null;
	/** For a detached attempt: random, shared by one person's attempts detached in the same run. */
	anonymousKey: string | null;
	quizSlug: string;
	quizVersionId: string;
	steps: ColumnType<AttemptStep[], string, never>;
	startedAt: Timestamp;
	submittedAt: NullableTimestamp;
	score: number | null;
	passed: boolean | null;
	/** The person's first marked attempt at the quiz, settled when it is marked. */
	firstAttempt: Generated<boolean>;
}

export interface QuizAnswerTable {
	attemptId: string;
	stepId: string;
	selected: string[];
	correct: boolean;
	answeredAt: Timestamp;
}

export interface PolicyVersionTable {
	id: Generated<string>;
	slug: string;
	version: number;
	contentHash: string;
	title: string;
	major: boolean;
	/** YYYY-MM-DD */
	effective: ColumnType<Date, string, string>;
	markdown: string;
	registeredAt: Timestamp;
}

export interface PolicyAcknowledgementTable {
	id: Generated<string>;
	personId: string;
	policyVersionId: string;
	slug: string;
	version: number;
	contentHash: string;
	acknowledgedAt: Timestamp;
	method: 'self' | 'recorded';
	recordedBy: string | null;
	remark: string | null;
}

export interface ReminderEmailTable {
	personId: string;
	day: ColumnType<Date, string, string>;
	sentAt: Timestamp;
}

export interface ReminderItemTable {
	personId: string;
	key: string;
	day: ColumnType<Date, string, string>;
}

export const interestKinds = [
	'governor',
	'trustee',
	'employee',
	'family-or-friend',
	'education-role',
	'other'
] as const;
export type InterestKind = (typeof interestKinds)[number];

export interface DeclaredInterestTable {
	id: Generated<string>;
	personId: string;
	kind: InterestKind;
	organisation: string;
	startsOn: ColumnType<Date | null, string | null, string | null>;
	endsOn: ColumnType<Date | null, string | null, string | null>;
	details: string;
	declaredAt: Timestamp;
	endedAt: NullableTimestamp;
	endedReason: string | null;
}

export interface DeclarationReturnTable {
	id: Generated<string>;
	personId: string;
	madeAt: Timestamp;
	nil: boolean;
	interests: number;
	/** Set when the return is one from the service's earlier records, entered on import. */
	earlierRecordId: Generated<string | null>;
}

/** Each person's latest acknowledgement of each policy, kept by a trigger. */
export interface PolicyLatestAcknowledgementTable {
	personId: string;
	slug: string;
	acknowledgementId: string;
	acknowledgedAt: Timestamp;
	version: number;
	method: 'self' | 'recorded';
	remark: string | null;
	recordedBy: string | null;
}

/** A person and a policy they have never acknowledged, kept by triggers. */
export interface PolicyNeverAcknowledgedTable {
	slug: string;
	personId: string;
}

/** Each person's last declaration return and last change to their interests, kept by triggers. */
export interface DeclarationLatestTable {
	personId: string;
	lastReturnAt: Timestamp | null;
	lastChangeAt: Timestamp | null;
}

/** One grade given in an observation or a sampled case, kept by triggers for counting. */
export interface RecordGradeTable {
	recordId: string;
	kind: 'observation' | 'sample';
	heldOn: string;
	counted: boolean;
	criterion: string;
	grade: string;
}

export type PlaceStatus = 'booked' | 'pending' | 'waitlisted' | 'declined' | 'cancelled' | 'removed' | 'moved';
export type AttendanceMark = 'attended' | 'partly' | 'absent';

export interface CohortTable {
	id: Generated<string>;
	courseSlug: string;
	title: string;
	capacity: number;
	steeringPlaces: Generated<number>;
	/** A date, as YYYY-MM-DD: held places are released to everyone after it. */
	steeringHoldUntil: ColumnType<string | null, string | null | undefined, string | null>;
	registrationOpens: ColumnType<string, string, string>;
	registrationCloses: ColumnType<string, string, string>;
	needsApproval: Generated<boolean>;
	createdBy: string | null;
	createdAt: Timestamp;
}

export interface CohortSessionTable {
	id: Generated<string>;
	cohortId: string;
	position: number;
	startsAt: Date;
	endsAt: Date;
	venue: string;
}

export interface CoursePlaceTable {
	id: Generated<string>;
	cohortId: string;
	personId: string;
	status: PlaceStatus;
	steeringPlace: Generated<boolean>;
	requestedAt: Timestamp;
	changedAt: Timestamp;
	message: string | null;
}

export interface SessionAttendanceTable {
	sessionId: string;
	personId: string;
	mark: AttendanceMark;
	markedBy: string | null;
	markedAt: Timestamp;
}

export interface CourseCompletionTable {
	personId: string;
	courseSlug: string;
	cohortId: string;
	completedAt: Timestamp;
}

/** The modules induction currently requires, written at start-up from the content. */
export interface InductionRequirementTable {
	slug: string;
	version: number;
	audiences: Role[];
}

export const recordKinds = ['supervision', 'observation', 'review', 'sample'] as const;
export type RecordKind = (typeof recordKinds)[number];
export const recordStatuses = ['draft', 'shared', 'locked'] as const;
export type RecordStatus = (typeof recordStatuses)[number];

type Json<T> = ColumnType<T, string, string>;

export interface SupervisionRecordTable {
	id: Generated<string>;
	kind: RecordKind;
	subjectId: string;
	authorId: string | null;
	/** The day the session, observation or review took place, or the sample was drawn. */
	heldOn: ColumnType<string, string, string>;
	status: ColumnType<RecordStatus, RecordStatus | undefined, RecordStatus>;
	details: Json<Record<string, unknown>>;
	createdAt: Timestamp;
	updatedAt: Timestamp;
	sharedAt: NullableTimestamp;
	signedAt: NullableTimestamp;
}

export interface RecordNoteTable {
	id: Generated<string>;
	recordId: string;
	authorId: string | null;
	kind: 'comment' | 'addendum';
	body: string;
	createdAt: Timestamp;
}

export interface AgreedActionTable {
	id: Generated<string>;
	recordId: string;
	subjectId: string;
	ownerId: string;
	description: string;
	dueOn: ColumnType<string, string, string>;
	createdAt: Timestamp;
	closedAt: NullableTimestamp;
	closedBy: string | null;
}

export interface CaseworkSampleTable {
	recordId: string;
	/** Whom the sample is about: one draw per worker and period. */
	subjectId: string;
	/** 1 for every draw; earlier duplicates of a worker's period, from before the rule, are 2, 3 and so on. */
	periodDraw: Generated<number>;
	periodFrom: ColumnType<string, string, string>;
	periodTo: ColumnType<string, string, string>;
	entered: string[];
	excluded: string[];
	seed: string;
	size: number;
	drawn: string[];
	drawnAt: Timestamp;
}

export const caseGrades = ['good', 'requires-improvement', 'inadequate', 'not-applicable'] as const;
export type CaseGrade = (typeof caseGrades)[number];

export interface CriterionGrade {
	criterion: string;
	grade: CaseGrade;
	/** The evidence for an observation's rating; empty for a sampled case. */
	evidence: string;
}

export interface SampledCaseTable {
	id: Generated<string>;
	recordId: string;
	position: number;
	caseReference: string;
	drawnAt: Timestamp;
	grades: ColumnType<CriterionGrade[], string | undefined, string>;
	comment: ColumnType<string, string | undefined, string>;
	supportLevel: string | null;
	setting: string | null;
	/** The declared interest the setting matched when the case was reviewed, if any. */
	conflict: string | null;
	reviewedAt: NullableTimestamp;
}

export interface ReportCommentaryTable {
	periodFrom: ColumnType<string, string, string>;
	periodTo: ColumnType<string, string, string>;
	body: string;
	updatedBy: string | null;
	updatedAt: Timestamp;
}

/** Something the service gives families (a leaflet, a letter template, a web page), kept after it is retired. */
export interface LeafletTable {
	id: Generated<string>;
	title: string;
	kind: LeafletKind;
	createdBy: string | null;
	createdAt: Timestamp;
	retiredAt: NullableTimestamp;
	retiredBy: string | null;
}

/** One version of a leaflet: its text or PDF, and where its review stands. */
export interface LeafletVersionTable {
	id: Generated<string>;
	leafletId: string;
	number: number;
	label: string;
	dated: ColumnType<string, string, string>;
	format: LeafletFormat;
	bodyText: string | null;
	pdf: Uint8Array | null;
	pdfName: string | null;
	pdfBytes: number | null;
	status: ColumnType<LeafletVersionStatus, LeafletVersionStatus | undefined, LeafletVersionStatus>;
	createdBy: string | null;
	createdAt: Timestamp;
	sentBy: string | null;
	sentAt: NullableTimestamp;
	decidedBy: string | null;
	decidedAt: NullableTimestamp;
	decisionComments: string | null;
}

/** A steering group member in the review sub-group. */
export interface LeafletReviewerTable {
	personId: string;
	addedBy: string | null;
	addedAt: Timestamp;
}

/** One member's review of one version. */
export interface LeafletReviewTable {
	versionId: string;
	reviewerId: string;
	impartial: boolean;
	comments: string;
	reviewedAt: Timestamp;
}

/** A person's authenticator app; not a factor until `confirmedAt` is set. */
export interface TotpFactorTable {
	personId: string;
	secret: string;
	confirmedAt: NullableTimestamp;
	/** The last time step accepted (a bigint, read as a string). */
	lastStep: ColumnType<string | null, number | null | undefined, number | null>;
	createdAt: Timestamp;
}

/** A passkey (WebAuthn credential) a person has registered. */
export interface PasskeyTable {
	id: Generated<string>;
	personId: string;
	credentialId: string;
	publicKey: Uint8Array;
	counter: ColumnType<string, number | undefined, number>;
	transports: Generated<string>;
	name: string;
	createdAt: Timestamp;
	lastUsedAt: NullableTimestamp;
}

/** A single-use recovery code, stored only as its argon2 hash. */
export interface RecoveryCodeTable {
	id: Generated<string>;
	personId: string;
	codeHash: string;
	usedAt: NullableTimestamp;
}

/** A wrong second-factor code, counted to throttle guessing. */
export interface SecondFactorAttemptTable {
	id: Generated<string>;
	personId: string;
	attemptedAt: Timestamp;
}

/** Something that happened before the service used Impartial, from its own records, entered by a coordinator. */
export interface EarlierRecordTable {
	id: Generated<string>;
	personId: string;
	kind: EarlierRecordKind;
	happenedOn: ColumnType<string, string, string>;
	enteredBy: string | null;
	enteredAt: Timestamp;
}

/** A file of people uploaded for import, kept from its preview until it is confirmed. */
export interface PersonImportTable {
	id: Generated<string>;
	uploadedBy: string;
	uploadedAt: Timestamp;
	fileName: string;
	rows: ColumnType<unknown, string, never>;
	planHash: string;
	confirmedAt: NullableTimestamp;
}

export type FeedbackChannelColumn = 'helpline' | 'email' | 'meeting' | 'workshop' | 'other';

export interface FeedbackLinkTable {
	id: Generated<string>;
	code: string;
	channel: FeedbackChannelColumn;
	label: string;
	workerId: string | null;
	createdBy: string | null;
	createdAt: Timestamp;
	retiredAt: NullableTimestamp;
}

export interface FeedbackResponseTable {
	id: Generated<string>;
	linkId: string | null;
	channel: FeedbackChannelColumn;
	audience: string;
	questionnaireVersion: number;
	/** The first day of the month it came in, as YYYY-MM-DD. */
	receivedMonth: ColumnType<string, string, string>;
}

export interface FeedbackAnswerTable {
	responseId: string;
	questionId: string;
	value: string;
	/** The month of its response, kept beside it so a period's answers are counted from one index. */
	receivedMonth: ColumnType<string, string, string>;
}

export interface FeedbackCommentTable {
	id: Generated<string>;
	responseId: string;
	questionId: string;
	body: string;
	receivedMonth: ColumnType<string, string, string>;
	themes: ColumnType<string[], string[] | undefined, string[]>;
	quote: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface FeedbackSaltTable {
	day: ColumnType<string, string, string>;
	salt: string;
}

export interface FeedbackIntakeTable {
	linkKey: string;
	clientKey: string;
	at: Timestamp;
}

export interface DB {
	earlierRecord: EarlierRecordTable;
	personImport: PersonImportTable;
}

/** A certificate issued to a person, with the facts it states frozen at issue (see certificates/). */
export interface CertificateTable {
	id: Generated<string>;
	personId: string;
	kind: 'induction' | 'course';
	/** 'induction', or 'course:<slug>': a person holds one live certificate for each. */
	achievement: string;
	cohortId: string | null;
	code: string;
	facts: ColumnType<Record<string, unknown>, string, never>;
	issuedAt: Timestamp;
	issuedBy: string | null;
	withdrawnAt: NullableTimestamp;
}

/** A lookup of a verification code that matched nothing, counted per address to throttle guessing. */
export interface CertificateLookupFailureTable {
	id: Generated<string>;
	address: string;
	failedAt: Timestamp;
}

export interface DB {
	certificate: CertificateTable;
	certificateLookupFailure: CertificateLookupFailureTable;
	reportCommentary: ReportCommentaryTable;
	supervisionRecord: SupervisionRecordTable;
	recordNote: RecordNoteTable;
	agreedAction: AgreedActionTable;
	caseworkSample: CaseworkSampleTable;
	sampledCase: SampledCaseTable;
	cohort: CohortTable;
	cohortSession: CohortSessionTable;
	coursePlace: CoursePlaceTable;
	sessionAttendance: SessionAttendanceTable;
	courseCompletion: CourseCompletionTable;
	inductionRequirement: InductionRequirementTable;
	person: PersonTable;
	session: SessionTable;
	oidcIdentity: OidcIdentityTable;
	oidcRequest: OidcRequestTable;
	accountLink: AccountLinkTable;
	signInAttempt: SignInAttemptTable;
	passwordResetRequest: PasswordResetRequestTable;
	retentionRun: RetentionRunTable;
	auditEvent: AuditEventTable;
	outboxMessage: OutboxMessageTable;
	moduleVersion: ModuleVersionTable;
	moduleProgress: ModuleProgressTable;
	moduleCompletion: ModuleCompletionTable;
	quizVersion: QuizVersionTable;
	quizAttempt: QuizAttemptTable;
	quizAnswer: QuizAnswerTable;
	scenarioRun: ScenarioRunTable;
	scenarioChoice: ScenarioChoiceTable;
	policyVersion: PolicyVersionTable;
	policyAcknowledgement: PolicyAcknowledgementTable;
	policyLatestAcknowledgement: PolicyLatestAcknowledgementTable;
	policyNeverAcknowledged: PolicyNeverAcknowledgedTable;
	reminderEmail: ReminderEmailTable;
	reminderItem: ReminderItemTable;
	declaredInterest: DeclaredInterestTable;
	declarationReturn: DeclarationReturnTable;
	declarationLatest: DeclarationLatestTable;
	recordGrade: RecordGradeTable;
	leaflet: LeafletTable;
	leafletVersion: LeafletVersionTable;
	leafletReviewer: LeafletReviewerTable;
	leafletReview: LeafletReviewTable;
	totpFactor: TotpFactorTable;
	passkey: PasskeyTable;
	recoveryCode: RecoveryCodeTable;
	secondFactorAttempt: SecondFactorAttemptTable;
	feedbackLink: FeedbackLinkTable;
	feedbackResponse: FeedbackResponseTable;
	feedbackAnswer: FeedbackAnswerTable;
	feedbackComment: FeedbackCommentTable;
	feedbackSalt: FeedbackSaltTable;
	feedbackIntake: FeedbackIntakeTable;
}

export type Person = Selectable<PersonTable>;
export type NewPerson = Insertable<PersonTable>;
export type PersonUpdate = Updateable<PersonTable>;

/** Training done elsewhere, or a reflective note for supervision, written by the person themselves. */
export interface TrainingLogEntryTable {
	id: Generated<string>;
	personId: string;
	kind: 'training' | 'note';
	doneOn: ColumnType<Date, string, string>;
	title: string;
	provider: Generated<string>;
	/** The training's length in minutes; null for a note. */
	minutes: number | null;
	reflection: Generated<string>;
	createdAt: Timestamp;
	updatedAt: Timestamp;
}

export interface DB {
	trainingLogEntry: TrainingLogEntryTable;
}

/** An image uploaded for modules and other content, named by the hash of its stored bytes (see files/). */
export interface ContentFileTable {
	name: string;
	contentType: 'image/png' | 'image/jpeg' | 'image/svg+xml';
	bytes: Buffer;
	size: number;
	/** What the image shows, for people who cannot see it: the alternative text it is offered with. */
	description: string;
	originalName: string;
	uploadedBy: string | null;
	uploadedAt: Generated<Date>;
}

export interface DB {
	contentFile: ContentFileTable;
}

/** One publication of content: its id tells every instance whether the content it holds is the latest. */
export interface ContentPublicationTable {
	id: ColumnType<number, never, never>;
	publishedBy: string | null;
	at: Timestamp;
}

/** A file of the content tree kept in the database: a module, quiz, policy version, course or setting. */
export interface ContentDocumentTable {
	id: Generated<string>;
	kind: string;
	slug: string;
	/** Where the file sits in a content/ tree, such as modules/02-arms-length.md. */
	path: string;
	/** The shipped file's hash and text as last seen at start-up. */
	shippedHash: string | null;
	shippedBody: string | null;
	/** When the library changed a document the service had edited; cleared once dealt with. */
	shippedChangedAt: Timestamp | null;
	createdAt: Timestamp;
}

/** A text a document has had: a draft (at most one per document) or a published version, never changed. */
export interface ContentRevisionTable {
	id: Generated<string>;
	documentId: string;
	body: string | null;
	bytes: Uint8Array | null;
	hash: string;
	state: 'draft' | 'published';
	change: 'major' | 'minor' | null;
	summary: Generated<string>;
	/** Null when the text came from the shipped library. */
	authorId: string | null;
	createdAt: Timestamp;
	updatedAt: Timestamp;
	publicationId: number | null;
}

/** A choice of the service's logo made in the browser; the newest is in use. */
export interface ServiceLogoTable {
	id: ColumnType<number, never, never>;
	/** The uploaded image used; null puts back the logo service.yml names, or none. */
	fileName: string | null;
	/** The logo's text for people who cannot see it; null when the logo spells the service's name. */
	altText: string | null;
	setBy: string | null;
	setAt: Generated<Date>;
	publicationId: number;
}

export interface DB {
	serviceLogo: ServiceLogoTable;
	contentPublication: ContentPublicationTable;
	contentDocument: ContentDocumentTable;
	contentRevision: ContentRevisionTable;
}

/** The steering group's review of a policy draft; closed against the version it produced on publishing. */
export interface PolicyReviewTable {
	id: Generated<string>;
	documentId: string;
	sentBy: string | null;
	sentAt: Timestamp;
	revisionId: string | null;
	/** When the group approved the version, as the coordinator recorded it (YYYY-MM-DD). */
	reviewedOn: ColumnType<Date | null, string | null | undefined, string | null>;
	recordedBy: string | null;
}

/** A steering member a policy draft was sent to. */
export interface PolicyReviewerTable {
	reviewId: string;
	personId: string;
	addedAt: Timestamp;
}

/** A member's comment on a policy draft under review, and whether they approve it. */
export interface PolicyReviewCommentTable {
	id: Generated<string>;
	reviewId: string;
	authorId: string | null;
	approves: boolean;
	comment: string;
	draftHash: string;
	createdAt: Timestamp;
}

export interface DB {
	policyReview: PolicyReviewTable;
	policyReviewer: PolicyReviewerTable;
	policyReviewComment: PolicyReviewCommentTable;
}
