import { describe, expect, it } from 'vitest';
import type { Role } from '../db/schema';
import { can } from './permissions';
import type { SessionPerson } from './sessions';

const person = (id: string, ...roles: Role[]): SessionPerson => ({ id, name: id, email: `${id}@example.org`, roles, supervisorId: null });

const coordinator = person('coordinator', 'coordinator');
const supervisor = person('supervisor', 'supervisor', 'staff');
const volunteer = person('volunteer', 'volunteer');
const steering = person('steering', 'steering');
const supervisee = { id: 'supervisee', supervisorId: 'supervisor' };
const stranger = { id: 'stranger', supervisorId: 'someone-else' };

describe('can', () => {
	it('lets no one do anything signed out', () => {
		expect(can(null, 'people.list')).toBe(false);
		expect(can(null, 'people.view', supervisee)).toBe(false);
	});

	it('shows the people list to coordinators and supervisors only', () => {
		expect([coordinator, supervisor, volunteer, steering].map((p) => can(p, 'people.list'))).toEqual([true, true, false, false]);
	});

	it('shows a record to its subject, their supervisor and coordinators, and no one else', () => {
		expect(can(volunteer, 'people.view', { id: 'volunteer', supervisorId: 'supervisor' })).toBe(true);
		expect(can(volunteer, 'people.view', supervisee)).toBe(false);
		expect(can(supervisor, 'people.view', supervisee)).toBe(true);
		expect(can(supervisor, 'people.view', stranger)).toBe(false);
		expect(can(coordinator, 'people.view', stranger)).toBe(true);
		expect(can(steering, 'people.view', supervisee)).toBe(false);
	});

	it('lets coordinators invite and manage others, but not change their own account', () => {
		expect(can(coordinator, 'people.invite')).toBe(true);
		expect(can(supervisor, 'people.invite')).toBe(false);
		expect(can(coordinator, 'people.manage', stranger)).toBe(true);
		expect(can(coordinator, 'people.manage', { id: 'coordinator', supervisorId: null })).toBe(false);
		expect(can(supervisor, 'people.manage', supervisee)).toBe(false);
	});
});
