import { describe, expect, it } from 'vitest';
import type { Role } from '../db/schema';
import { can } from './permissions';
import type { SessionPerson } from './sessions';

const person = (id: string, ...roles: Role[]): SessionPerson => ({
	id,
	name: id,
	email: `${id}@example.org`,
	roles,
	supervisorId: null
});

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
		expect([coordinator, supervisor, volunteer, steering].map((p) => can(p, 'people.list'))).toEqual([
			true,
			true,
			false,
			false
		]);
	});

	it('shows a record to its subject, their supervisor and coordinators, and no one else', () => {
		expect(can(volunteer, 'people.view', { id: 'volunteer', supervisorId: 'supervisor' })).toBe(true);
		expect(can(volunteer, 'people.view', supervisee)).toBe(false);
		expect(can(supervisor, 'people.view', supervisee)).toBe(true);
		expect(can(supervisor, 'people.view', stranger)).toBe(false);
		expect(can(coordinator, 'people.view', stranger)).toBe(true);
		expect(can(steering, 'people.view', supervisee)).toBe(false);
	});

	it('lets anyone signed in read any module, and only the roles it is written for (and coordinators) work through it', () => {
		const forWorkers = { audiences: ['volunteer', 'staff'] as Role[] };
		expect([coordinator, supervisor, volunteer, steering].map((p) => can(p, 'modules.view', forWorkers))).toEqual([
			true,
			true,
			true,
			true
		]);
		expect(can(null, 'modules.view', forWorkers)).toBe(false);
		expect([coordinator, supervisor, volunteer, steering].map((p) => can(p, 'modules.take', forWorkers))).toEqual([
			true,
			true,
			true,
			false
		]);
	});

	it('lets coordinators invite and manage others, but not change their own account', () => {
		expect(can(coordinator, 'people.invite')).toBe(true);
		expect(can(supervisor, 'people.invite')).toBe(false);
		expect(can(coordinator, 'people.manage', stranger)).toBe(true);
		expect(can(coordinator, 'people.manage', { id: 'coordinator', supervisorId: null })).toBe(false);
		expect(can(supervisor, 'people.manage', supervisee)).toBe(false);
	});

	it('lets the supervisor and coordinators write and change supervision records, the subject read and sign them once shared, and no one else in', () => {
		const subject = person('supervisee', 'volunteer');
		const otherSupervisor = person('other-supervisor', 'supervisor');
		const record = (status: 'draft' | 'shared' | 'locked') => ({
			subjectId: 'supervisee',
			subjectSupervisorId: 'supervisor',
			status
		});
		const everyone = [coordinator, supervisor, otherSupervisor, subject, volunteer, steering];
		const who = (action: Parameters<typeof can>[1], resource?: Parameters<typeof can>[2]) =>
			everyone.filter((p) => can(p, action, resource)).map((p) => p.id);

		expect(who('supervision.overview')).toEqual(['coordinator', 'supervisor', 'other-supervisor']);
		expect(who('supervision.list', supervisee)).toEqual(['coordinator', 'supervisor', 'supervisee']);
		expect(who('supervision.write', supervisee)).toEqual(['coordinator', 'supervisor']);
		expect(can(supervisor, 'supervision.write', { id: 'supervisor', supervisorId: 'coordinator' })).toBe(false);
		expect(who('supervision.view', record('draft'))).toEqual(['coordinator', 'supervisor']);
		expect(who('supervision.view', record('shared'))).toEqual(['coordinator', 'supervisor', 'supervisee']);
		expect(who('supervision.edit', record('draft'))).toEqual(['coordinator', 'supervisor']);
		expect(who('supervision.sign', record('shared'))).toEqual(['supervisee']);
		expect(who('supervision.addendum', record('locked'))).toEqual(['coordinator', 'supervisor', 'supervisee']);
		expect(who('supervision.close-action', record('shared'))).toEqual(['coordinator', 'supervisor', 'supervisee']);
		expect(can(steering, 'supervision.list', { id: 'steering', supervisorId: null })).toBe(false);
	});

	it("gives everyone signed in their own record, and only coordinators anyone else's", () => {
		const everyone = [coordinator, supervisor, volunteer, steering];
		expect(everyone.map((p) => can(p, 'records.own'))).toEqual([true, true, true, true]);
		expect(can(null, 'records.own')).toBe(false);
		expect(everyone.map((p) => can(p, 'records.any', supervisee))).toEqual([true, false, false, false]);
		// A coordinator's own record is theirs at /me/record, like everyone else's.
		expect(can(coordinator, 'records.any', { id: 'coordinator', supervisorId: null })).toBe(false);
		expect(can(coordinator, 'records.any')).toBe(false);
	});

	it("shows a person's certificates to them and to coordinators only", () => {
		const own = { id: 'volunteer', supervisorId: 'supervisor' };
		expect(can(volunteer, 'certificates.list', own)).toBe(true);
		expect(can(coordinator, 'certificates.list', own)).toBe(true);
		expect(can(supervisor, 'certificates.list', own)).toBe(false);
		expect(can(steering, 'certificates.list', own)).toBe(false);
		expect(can(volunteer, 'certificates.list', stranger)).toBe(false);
		expect(can(null, 'certificates.own')).toBe(false);
		expect([coordinator, supervisor, volunteer, steering].every((p) => can(p, 'certificates.own'))).toBe(true);
	});
});
