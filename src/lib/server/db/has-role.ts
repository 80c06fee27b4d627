// Whether a person holds a role, as a condition the GIN index on person.roles can answer. The
// rare roles (supervisor, steering, coordinator) pick a few dozen of 20,000 people; written as
// `'supervisor' = any (roles)` the database reads every person to find them.
import { sql, type RawBuilder } from 'kysely';
import type { Role } from './schema';

export function hasRole(role: Role | RawBuilder<unknown> | string, roles: RawBuilder<unknown> = sql.ref('roles')) {
	return sql<boolean>`${roles} @> array[${role}]::text[]`;
}
