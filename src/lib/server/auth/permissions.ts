// Who may do what: the one place that decides. Every load and action asks `can`.
import type { Role } from '../db/schema';
import type { SessionPerson } from './sessions';

/** A person as a resource: enough to decide who may see or change them. */
export interface PersonResource {
	id: string;
	supervisorId: string | null;
}

/** A module or other content as a resource: who it is written for. */
export interface AudienceResource {
	audiences: readonly Role[];
}

/** A supervision record, or an action agreed in one: whose it is, who supervises them, and how far along it is. */
export interface RecordResource {
	subjectId: string;
	subjectSupervisorId: string | null;
	status: 'draft' | 'shared' | 'locked';
}

type Resource = PersonResource | AudienceResource | RecordResource;
type Rule = (person: SessionPerson, resource?: Resource) => boolean;

const isPerson = (r?: Resource): r is PersonResource => !!r && 'id' in r;

const isRecord = (r?: Resource): r is RecordResource => !!r && 'subjectId' in r;

/** Coordinators and the subject's current supervisor oversee a record; steering members never do. */
const oversees = (p: SessionPerson, r: RecordResource) =>
	has(p, 'coordinator') || (has(p, 'supervisor') && r.subjectSupervisorId === p.id);

const has = (person: SessionPerson, ...wanted: Role[]) => wanted.some((r) => person.roles.includes(r));

const rules = {
	/** The list of people: coordinators see everyone, supervisors their supervisees. */
	'people.list': (p) => has(p, 'coordinator', 'supervisor'),
	/** Listing everyone rather than only one's own supervisees. */
	'people.list-all': (p) => has(p, 'coordinator'),
	'people.view': (p, r) =>
		isPerson(r) && (r.id === p.id || has(p, 'coordinator') || (has(p, 'supervisor') && r.supervisorId === p.id)),
	'people.invite': (p) => has(p, 'coordinator'),
	'people.manage': (p, r) => has(p, 'coordinator') && isPerson(r) && r.id !== p.id,
	/** Importing people and their earlier records from a file: coordinators. */
	'people.import': (p) => has(p, 'coordinator'),
	/** Induction: anyone signed in has a task list (it may be empty). */
	'induction.view': () => true,
	/**
	 * Any module may be read by anyone signed in, so a link from one module to another never ends
	 * in a refusal (steering members, who take the IPS course, follow them too).
	 */
	'modules.view': () => true,
	/** Working through a module (progress, completion, its quiz) is for the roles it is written for, and coordinators. */
	'modules.take': (p, r) =>
		!!r && 'audiences' in r && (has(p, 'coordinator') || r.audiences.some((a) => p.roles.includes(a))),
	'outbox.read': (p) => has(p, 'coordinator'),
	/** The audit log: who did what to which record. Coordinators only; no one may change it. */
	'audit.read': (p) => has(p, 'coordinator'),
	/** Writing and publishing the service's modules, quizzes, policies, courses and images: coordinators and editors. */
	'content.edit': (p) => has(p, 'coordinator', 'editor'),
	/** Where people struggle in a quiz: coordinators only (the steering group gets aggregates in reports). */
	'quizzes.insights': (p) => has(p, 'coordinator'),
	/** The list of branching scenarios: anyone signed in sees those written for them (steering members, the insights). */
	'scenarios.list': () => true,
	/** Working through a branching scenario: the roles it is written for, and coordinators. */
	'scenarios.take': (p, r) =>
		!!r && 'audiences' in r && (has(p, 'coordinator') || r.audiences.some((a) => p.roles.includes(a))),
	/** How many reached each ending: coordinators, and the steering group with small numbers withheld. */
	'scenarios.insights': (p) => has(p, 'coordinator', 'steering'),
	/** Small numbers in scenario insights are shown only to coordinators. */
	'scenarios.insights-exact': (p) => has(p, 'coordinator'),
	/** A policy is read by the roles it is written for; coordinators publish them and read all. */
	'policies.view': (p, r) =>
		!!r && 'audiences' in r && (has(p, 'coordinator') || r.audiences.some((a) => p.roles.includes(a))),
	'policies.list': () => true,
	'policies.compliance': (p) => has(p, 'coordinator'),
	// Reviewing a policy draft: steering members, and only the drafts sent to them (checked against the review).
	'policies.review': (p) => has(p, 'steering'),
	/** Everyone who does or oversees casework declares interests; steering members do not. */
	'declarations.own': (p) => has(p, 'volunteer', 'staff', 'supervisor', 'coordinator'),
	'declarations.register': (p) => has(p, 'coordinator'),
	/** Courses: anyone signed in sees cohorts and asks for a place; coordinators run them. */
	'courses.view': () => true,
	'courses.manage': (p) => has(p, 'coordinator'),
	/** The advisory group's reports: aggregates only, for steering group members and coordinators. */
	'reports.view': (p) => has(p, 'steering', 'coordinator'),
	'reports.comment': (p) => has(p, 'coordinator'),
	/** What the service gives families, and where each item's review stands: coordinators and the steering group. */
	'leaflets.view': (p) => has(p, 'coordinator', 'steering'),
	/** Recording items, sending them for review, deciding and retiring them, and naming the review sub-group. */
	'leaflets.manage': (p) => has(p, 'coordinator'),
	// Reviewing an item: steering members; whether they are in the sub-group and the item is
	// waiting for their review is the domain's to say.
	'leaflets.review': (p) => has(p, 'steering'),
	/** Families' feedback links (short address and QR code per leaflet or worker): coordinators make them. */
	'feedback.links': (p) => has(p, 'coordinator'),
	/** Families' feedback results with their comments, which only coordinators read, tag and choose quotes from. */
	'feedback.results': (p) => has(p, 'coordinator'),
	/** The totals for a worker's own feedback links: their supervisor and coordinators, never the worker alone. */
	'feedback.worker': (p, r) =>
		isPerson(r) && r.id !== p.id && (has(p, 'coordinator') || (has(p, 'supervisor') && r.supervisorId === p.id)),
	/** Everything on record about oneself, to read, print and download: anyone signed in. */
	'records.own': () => true,
	/** Someone else's whole record (a subject access request): coordinators, for anyone but themselves, who use their own. */
	'records.any': (p, r) => has(p, 'coordinator') && isPerson(r) && r.id !== p.id,
	/** Certificates for one's own achievements: issue, download, print and withdraw them. Anyone signed in. */
	'certificates.own': () => true,
	/** The certificates issued to a person: their own, and anyone's for a coordinator. */
	'certificates.list': (p, r) => isPerson(r) && (r.id === p.id || has(p, 'coordinator')),
	/** One's own training log (training done elsewhere, reflective notes): anyone signed in writes theirs. */
	'training.own': () => true,
	/** A person's training log: their own, their supervisor's and a coordinator's to read; nobody else's. */
	'training.view': (p, r) =>
		isPerson(r) && (r.id === p.id || has(p, 'coordinator') || (has(p, 'supervisor') && r.supervisorId === p.id)),
	/** The supervisor's list of supervisees; coordinators may also list everyone. */
	'supervision.overview': (p) => has(p, 'supervisor', 'coordinator'),
	/** The overview of everyone with a supervision interval, not only one's own supervisees. */
	'supervision.overview-all': (p) => has(p, 'coordinator'),
	/** A person's supervision records: their own, or as their supervisor or a coordinator. */
	'supervision.list': (p, r) =>
		isPerson(r) &&
		((r.id === p.id && has(p, 'volunteer', 'staff', 'supervisor', 'coordinator')) ||
			has(p, 'coordinator') ||
			(has(p, 'supervisor') && r.supervisorId === p.id)),
	/** Writing a record about someone: their supervisor or a coordinator, never about oneself. */
	'supervision.write': (p, r) =>
		isPerson(r) && r.id !== p.id && (has(p, 'coordinator') || (has(p, 'supervisor') && r.supervisorId === p.id)),
	/** Reading a record: those who oversee it, and its subject once it is shared. */
	'supervision.view': (p, r) =>
		isRecord(r) && ((r.subjectId === p.id && r.status !== 'draft') || (r.subjectId !== p.id && oversees(p, r))),
	// Who may try to change a record. Whether its stage allows the change (a draft is edited, a
	// shared record signed, a shared or locked one corrected) is the domain's to say.
	'supervision.edit': (p, r) => isRecord(r) && r.subjectId !== p.id && oversees(p, r),
	/** The subject comments on and signs off a shared record. */
	'supervision.sign': (p, r) => isRecord(r) && r.subjectId === p.id,
	/** Corrections once shared: the subject and those who oversee the record add addenda. */
	'supervision.addendum': (p, r) => isRecord(r) && (r.subjectId === p.id || oversees(p, r)),
	/** An agreed action is closed by its subject or by whoever oversees the record; an owner who is the supervisor oversees it. */
	'supervision.close-action': (p, r) => isRecord(r) && (r.subjectId === p.id || oversees(p, r)),
	/**
	 * A second factor at sign-in (required or offered, as service.yml says): everyone who can read
	 * other people's records, that is supervisors and coordinators.
	 */
	'mfa.use': (p) => has(p, 'supervisor', 'coordinator'),
	/** Removing someone else's second factors when they have lost their device: coordinators. */
	'mfa.reset': (p, r) => has(p, 'coordinator') && isPerson(r) && r.id !== p.id
} satisfies Record<string, Rule>;

export type Action = keyof typeof rules;

export function can(person: SessionPerson | null, action: Action, resource?: Resource): boolean {
	if (!person) return false;
	return rules[action](person, resource);
}
