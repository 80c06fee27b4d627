import { describe, expect, it } from 'vitest';
import { parseForm } from './forms';
import { acceptInvitationSchema, inviteSchema } from './people/schemas';
import { isCommonPassword } from './auth/common-passwords';

function formData(entries: [string, string][]): FormData {
	const data = new FormData();
	for (const [k, v] of entries) data.append(k, v);
	return data;
}

describe('parseForm', () => {
	it('returns what was typed and one message per field, never the password', () => {
		const result = parseForm(
			acceptInvitationSchema,
			formData([
				['name', '  '],
				['password', 'short'],
				['confirmPassword', 'short']
			])
		);
		expect(result).toEqual({
			ok: false,
			values: { name: '  ' },
			errors: { name: 'Enter a full name', password: 'Password must be 10 characters or more' }
		});
	});

	it('reads checkboxes as lists and keeps them when another field is wrong', () => {
		const result = parseForm(
			inviteSchema,
			formData([
				['name', 'Ada Byron'],
				['email', 'not-an-email'],
				['roles', 'volunteer'],
				['roles', 'staff'],
				['supervisorId', '']
			]),
			['roles']
		);
		expect(result).toEqual({
			ok: false,
			values: { name: 'Ada Byron', email: 'not-an-email', roles: ['volunteer', 'staff'], supervisorId: '' },
			errors: { email: 'Enter an email address in the correct format, like name@example.com' }
		});
	});

	it('asks for a role when none is ticked, and refuses an unknown one', () => {
		const none = parseForm(
			inviteSchema,
			formData([
				['name', 'A'],
				['email', 'a@example.org']
			]),
			['roles']
		);
		expect(none.ok ? null : none.errors.roles).toBe('Select at least one role');
		const unknown = parseForm(
			inviteSchema,
			formData([
				['name', 'A'],
				['email', 'a@example.org'],
				['roles', 'admin']
			]),
			['roles']
		);
		expect(unknown.ok ? null : unknown.errors.roles).toBe('Choose roles from the list');
	});

	it('gives a length message, not a crash, for a very long value', () => {
		const result = parseForm(
			inviteSchema,
			formData([
				['name', 'x'.repeat(1_000_000)],
				['email', 'a@example.org'],
				['roles', 'staff']
			]),
			['roles']
		);
		expect(result.ok ? null : result.errors.name).toBe('Full name must be 120 characters or fewer');
	});

	it('refuses passwords that are guessed first, and mismatched confirmations', () => {
		expect(isCommonPassword('Password123')).toBe(true);
		expect(isCommonPassword('1234567890')).toBe(true);
		expect(isCommonPassword('aaaaaaaaaaaa')).toBe(true);
		expect(isCommonPassword('kettle orchard lantern')).toBe(false);
		const mismatch = parseForm(
			acceptInvitationSchema,
			formData([
				['name', 'A'],
				['password', 'kettle orchard lantern'],
				['confirmPassword', 'kettle orchard lanterns']
			])
		);
		expect(mismatch.ok ? null : mismatch.errors).toEqual({ confirmPassword: 'Passwords do not match' });
		const common = parseForm(
			acceptInvitationSchema,
			formData([
				['name', 'A'],
				['password', 'qwertyuiop'],
				['confirmPassword', 'qwertyuiop']
			])
		);
		expect(common.ok ? null : common.errors.password).toMatch(/too common/);
	});
});
