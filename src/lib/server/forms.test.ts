import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
	dayField,
	freeText,
	hasControlCharacter,
	pageNumber,
	parseDay,
	parseForm,
	queryNumber,
	schemaFromContent,
	textField,
	wholeNumberField
} from './forms';
import { acceptInvitationSchema, inviteSchema, signInSchema } from './people/schemas';
import { seededRandom } from '../testing/random';
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

describe('control characters', () => {
	it('refuses a null byte or other control character in any field, with a message beside it', () => {
		for (const bad of ['\u0000', '\u0001', '\u0008', '\u000B', '\u001B', '\u007F', '\u0085']) {
			const result = parseForm(
				inviteSchema,
				formData([
					['name', `Ada${bad}Byron`],
					['email', 'ada@example.org'],
					['roles', 'staff']
				]),
				['roles']
			);
			expect(result.ok ? null : result.errors.name).toBe(
				'Full name contains a hidden control character, perhaps from copying and pasting. Remove it and try again'
			);
			expect(result.ok ? null : result.values.name).toBe(`Ada${bad}Byron`);
		}
	});

	it('refuses one in a field its schema does not read as text, or at all', () => {
		const result = parseForm(
			z.object({ choice: z.enum(['a', 'b']).catch('a') }),
			formData([
				['choice', 'a\u0000'],
				['extra', 'x\u0000y']
			])
		);
		expect(result.ok ? null : result.errors).toEqual({
			choice:
				'This answer contains a hidden control character, perhaps from copying and pasting. Remove it and try again',
			extra:
				'This answer contains a hidden control character, perhaps from copying and pasting. Remove it and try again'
		});
	});

	it('keeps newlines and tabs, and reads CR LF and a lone CR as a newline', () => {
		const result = parseForm(
			z.object({ body: textField('Body', 100) }),
			formData([['body', 'one\r\ntwo\rthree\tfour\nfive']])
		);
		expect(result.ok ? result.data.body : null).toBe('one\ntwo\nthree\tfour\nfive');
	});

	it('refuses control characters in the sign-in email, saying so beside it', () => {
		const result = parseForm(
			signInSchema,
			formData([
				['email', 'volunteer@demo.test\u0000'],
				['password', 'demo-password']
			])
		);
		expect(result.ok ? null : result.errors.email).toMatch(/hidden control character/);
	});

	it('finds every control character in generated text (seed 5)', () => {
		const random = seededRandom(5);
		for (let n = 0; n < 5000; n++) {
			const code = random.int(0, 0x3000);
			const text = `a${String.fromCharCode(code)}b`;
			const isControl = (code < 0x20 && code !== 0x09 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f);
			expect(hasControlCharacter(text), `U+${code.toString(16)}`).toBe(isControl);
		}
	});
});

describe('length first', () => {
	it('says a text is too long and checks nothing else in it', () => {
		const field = freeText('Discussion', { pattern: /^NS-[0-9]{4}-[0-9]{4}$/, example: 'NS-2026-0142' });
		const result = field.safeParse(`Ring 07700 900123 ${'x'.repeat(6000)}\u0000`);
		expect(result.success ? [] : result.error.issues.map((i) => i.message)).toEqual([
			'Discussion must be 5,000 characters or fewer'
		]);
	});
});

describe('numbers', () => {
	it('reads a page number only when it is one, and never an unbounded one', () => {
		const page = (p: string) => pageNumber(new URL(`http://x/?page=${encodeURIComponent(p)}`));
		expect(page('3')).toBe(3);
		for (const bad of ['1e309', '12345678901234567890', '-1', '0', '2.5', 'abc', '0x10', '', 'Infinity', '1e3', ' 2'])
			expect(page(bad), bad).toBe(1);
		expect(page('10001')).toBe(1);
		expect(pageNumber(new URL('http://x/'))).toBe(1);
		// Each range keeps its own bounds, however often and in whatever order they are asked for.
		const fiveHundred = new URL('http://x/?page=500');
		for (let n = 0; n < 3; n++) {
			expect(pageNumber(fiveHundred, 100)).toBe(1);
			expect(pageNumber(fiveHundred)).toBe(500);
			expect(queryNumber(1, 499).parse('500')).toBeUndefined();
		}
	});

	it('reads any generated query string as a bounded whole number or nothing (seed 7)', () => {
		const random = seededRandom(7);
		const read = queryNumber(1, 1000);
		for (let n = 0; n < 5000; n++) {
			const text = random.string('0123456789e.-+x ', random.int(0, 25));
			const value = read.parse(text);
			if (value === undefined) continue;
			expect(Number.isInteger(value) && value >= 1 && value <= 1000, text).toBe(true);
			expect(String(value), text).toBe(text.replace(/^0+/, ''));
		}
	});

	it('reads a typed whole number, and says what is wrong with one that is not', () => {
		const places = wholeNumberField('Enter the number of places', 'Enter a whole number of places').pipe(
			z.number().min(1, 'At least 1').max(500, 'At most 500')
		);
		const message = (text: string) => {
			const result = places.safeParse(text);
			return result.success ? result.data : result.error.issues[0]!.message;
		};
		expect(message(' 12 ')).toBe(12);
		expect(message('2.5')).toBe('Enter a whole number of places');
		expect(message('1e309')).toBe('Enter the number of places');
		expect(message('0x10')).toBe('Enter the number of places');
		expect(message('99999999999999999999')).toBe('Enter the number of places');
		expect(message('')).toBe('Enter the number of places');
		expect(message('0')).toBe('At least 1');
		expect(message('501')).toBe('At most 500');
	});
});

describe('dates', () => {
	const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

	it('says "Enter a real date" for a day that does not exist, never moving it to another', () => {
		const field = dayField('the date', '2026-11-20');
		const message = (text: string) => {
			const result = field.safeParse(text);
			return result.success ? result.data : result.error.issues[0]!.message;
		};
		expect(message('2026-02-28')).toBe('2026-02-28');
		expect(message('2028-02-29')).toBe('2028-02-29');
		for (const unreal of [
			'2026-02-29',
			'2026-02-30',
			'2026-04-31',
			'2026-13-01',
			'2026-00-10',
			'2026-01-00',
			'0000-01-01',
			'1899-12-31',
			'2200-01-01'
		])
			expect(message(unreal), unreal).toBe('Enter a real date');
		for (const shape of ['2026-2-3', '02/11/2026', '2026-11-02T00:00', '20261102', 'tomorrow'])
			expect(message(shape), shape).toBe('Enter the date as YYYY-MM-DD, for example 2026-11-20');
		expect(message('')).toBe('Enter the date');
	});

	it('agrees with the calendar on every generated date (seed 11)', () => {
		const random = seededRandom(11);
		for (let n = 0; n < 20_000; n++) {
			const [year, month, day] = [random.int(1850, 2250), random.int(0, 13), random.int(0, 32)];
			const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
			const real = year >= 1900 && year <= 2199 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
			expect(parseDay(text).ok, text).toBe(real);
		}
	});

	it('never throws on generated text, and reads only the YYYY-MM-DD shape (seed 12)', () => {
		const random = seededRandom(12);
		for (let n = 0; n < 5000; n++) {
			const text = random.string('0123456789-/. T:Z\u0000', random.int(0, 14));
			const parsed = parseDay(text);
			if (parsed.ok) expect(text).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		}
	});
});

describe('schemaFromContent', () => {
	const themeOf = schemaFromContent((themes: string[]) =>
		z
			.enum(themes as [string, ...string[]])
			.optional()
			.catch(undefined)
	);

	it('builds a schema once for each version of the content it is built from', () => {
		const themes = ['Waiting times', 'Being listened to'];
		expect(themeOf(themes)).toBe(themeOf(themes));
		expect(themeOf(themes).parse('Waiting times')).toBe('Waiting times');
	});

	it('never reads with an earlier version: a theme added or taken away counts at once', () => {
		const before = ['Waiting times'];
		const after = ['Being listened to'];
		expect(themeOf(before).parse('Being listened to')).toBeUndefined();
		expect(themeOf(after).parse('Being listened to')).toBe('Being listened to');
		expect(themeOf(after).parse('Waiting times')).toBeUndefined();
		expect(themeOf(after)).not.toBe(themeOf(before));
	});
});
