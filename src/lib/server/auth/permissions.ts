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

type Resource = PersonResource | AudienceResource;
type Rule = (person: SessionPerson, resource?: Resource) => boolean;

const isPerson = (r?: Resource): r is PersonResource => !!r && 'id' in r;

const has = (person: SessionPerson, ...wanted: Role[]) => wanted.some((r) => person.roles.includes(r));

const rules = {
	/** The list of people: coordinators see everyone, supervisors their supervisees. */
	'people.list': (p) => has(p, 'coordinator', 'supervisor'),
	'people.view': (p, r) =>
		isPerson(r) && (r.id === p.id || has(p, 'coordinator') || (has(p, 'supervisor') && r.supervisorId === p.id)),
	'people.invite': (p) => has(p, 'coordinator'),
	'people.manage': (p, r) => has(p, 'coordinator') && isPerson(r) && r.id !== p.id,
	/** Induction: anyone signed in has a task list (it may be empty). */
	'induction.view': () => true,
	/** A module is open to the roles it is written for, and to coordinators who run the service. */
	'modules.view': (p, r) => !!r && 'audiences' in r && (has(p, 'coordinator') || r.audiences.some((a) => p.roles.includes(a))),
	'outbox.read': (p) => has(p, 'coordinator'),
	/** Where people struggle in a quiz: coordinators only (the steering group gets aggregates in reports). */
	'quizzes.insights': (p) => has(p, 'coordinator'),
	/** A policy is read by the roles it is written for; coordinators publish them and read all. */
	'policies.view': (p, r) => !!r && 'audiences' in r && (has(p, 'coordinator') || r.audiences.some((a) => p.roles.includes(a))),
	'policies.list': () => true,
	'policies.compliance': (p) => has(p, 'coordinator'),
	/** Everyone who does or oversees casework declares interests; steering members do not. */
	'declarations.own': (p) => has(p, 'volunteer', 'staff', 'supervisor', 'coordinator'),
	'declarations.register': (p) => has(p, 'coordinator'),
	/** Courses: anyone signed in sees cohorts and asks for a place; coordinators run them. */
	'courses.view': () => true,
	'courses.manage': (p) => has(p, 'coordinator')
} satisfies Record<string, Rule>;

export type Action = keyof typeof rules;

export function can(person: SessionPerson | null, action: Action, resource?: Resource): boolean {
	if (!person) return false;
	return rules[action](person, resource);
}
