// Who may do what: the one place that decides. Every load and action asks `can`.
import type { Role } from '../db/schema';
import type { SessionPerson } from './sessions';

/** A person as a resource: enough to decide who may see or change them. */
export interface PersonResource {
	id: string;
	supervisorId: string | null;
}

type Rule = (person: SessionPerson, resource?: PersonResource) => boolean;

const has = (person: SessionPerson, ...wanted: Role[]) => wanted.some((r) => person.roles.includes(r));

const rules = {
	/** The list of people: coordinators see everyone, supervisors their supervisees. */
	'people.list': (p) => has(p, 'coordinator', 'supervisor'),
	'people.view': (p, r) =>
		!!r && (r.id === p.id || has(p, 'coordinator') || (has(p, 'supervisor') && r.supervisorId === p.id)),
	'people.invite': (p) => has(p, 'coordinator'),
	'people.manage': (p, r) => has(p, 'coordinator') && !!r && r.id !== p.id,
	'outbox.read': (p) => has(p, 'coordinator')
} satisfies Record<string, Rule>;

export type Action = keyof typeof rules;

export function can(person: SessionPerson | null, action: Action, resource?: PersonResource): boolean {
	if (!person) return false;
	return rules[action](person, resource);
}
