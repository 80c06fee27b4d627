// Whether a person holds a role, as a condition the GIN index on person.roles can answer. The
// rare roles (supervisor, steering, coordinator) pick a few dozen of 20,000 people; written as
// `'supervisor' = any (roles)` the database reads every person to find them.
import { sql, type RawBuilder } from 'kysely';
import { roles as allRoles, type Role } from './schema';

const known = new Set<string>(allRoles);

/**
 * A role the service knows is written into the statement's text rather than sent as a value. The
 * plan PostgreSQL keeps for a prepared statement is made without its values, and without the role
 * it cannot tell the steering group's 60 people from 18,000 volunteers: it then looks up each of
 * hundreds of rows' people one by one instead of reading the steering group from the index.
 */
/**
 * Roles as an array written into the statement's text, for the same reason: a plan kept for a
 * statement that sends them as values guesses that any array of roles picks 0.5% of people.
 */
export function rolesInText(roles: readonly string[]) {
	return sql<string[]>`array[${sql.join(roles.map((r) => sql.lit(r)))}]::text[]`;
}

export function hasRole(role: Role | RawBuilder<unknown> | string, roles: RawBuilder<unknown> = sql.ref('roles')) {
	const value = typeof role === 'string' && known.has(role) ? sql.lit(role) : role;
	return sql<boolean>`${roles} @> array[${value}]::text[]`;
}
