import { describe, expect, it } from 'vitest';
import { looksLikeFormula, maxFileBytes, parsePeopleFile, problemText, readUkDate, templateCsv } from './parse';

const today = '2026-12-04';
const bytes = (text: string) => new TextEncoder().encode(text);
const read = (text: string) => parsePeopleFile(bytes(text), today);
const messages = (text: string) => read(text).problems.map(problemText);

const heading = 'Name,Email,Roles,Supervisor email,Start date,Last supervision';

describe('reading a file of people', () => {
	it('reads commas, CRLF, a byte order mark and quoted commas', () => {
		const file = read(
			`\uFEFF${heading}\r\n"Patel, Ada",ADA@Example.org,"volunteer, staff",sam@example.org,15/03/2024,2026-11-01\r\n`
		);
		expect(file.problems).toEqual([]);
		expect(file.rows).toEqual([
			{
				row: 2,
				name: 'Patel, Ada',
				email: 'ada@example.org',
				roles: ['volunteer', 'staff'],
				supervisorEmail: 'sam@example.org',
				startedOn: '2024-03-15',
				inductionOn: null,
				ipsCourseOn: null,
				policyAcknowledgedOn: null,
				supervisionOn: '2026-11-01',
				declarationOn: null
			}
		]);
	});

	it('reads semicolons as Excel writes them in many locales, and roles by their labels', () => {
		const file = read(
			'Name;Email;Roles\r\nBen Okafor;ben@example.org;Volunteer (IPS); \r\nCy;cy@example.org;"Steering group"\r\n'
		);
		expect(file.problems).toEqual([]);
		expect(file.rows.map((r) => r.roles)).toEqual([['volunteer'], ['steering']]);
	});

	it('offers a template that reads back without problems', () => {
		expect(read(templateCsv()).problems).toEqual([]);
	});

	it('refuses a file that is not UTF-8, saying how to save one that is', () => {
		const latin1 = new Uint8Array([...bytes('Name,Email,Roles\nJos'), 0xe9, ...bytes(',jose@example.org,staff\n')]);
		expect(parsePeopleFile(latin1, today).problems.map(problemText)).toEqual([expect.stringContaining('not in UTF-8')]);
	});

	it('refuses a file over 10 MB before reading it', () => {
		const big = new Uint8Array(maxFileBytes + 1).fill(0x61);
		expect(parsePeopleFile(big, today).problems.map(problemText)).toEqual(['The file must be smaller than 10 MB']);
	});

	it('refuses more than 50,000 people', () => {
		const lines = ['Name,Email,Roles'];
		for (let i = 0; i < 50_001; i++) lines.push(`P${i},p${i}@example.org,volunteer`);
		expect(messages(lines.join('\n'))).toEqual([expect.stringContaining('more than 50,000 people')]);
	});

	it('reads 50,000 people', () => {
		const lines = ['Name,Email,Roles'];
		for (let i = 0; i < 50_000; i++) lines.push(`P${i},p${i}@example.org,volunteer`);
		const file = read(lines.join('\n'));
		expect(file.problems).toEqual([]);
		expect(file.rows).toHaveLength(50_000);
	});

	it('refuses formulas in any column, naming row and column, but reads a phone-like +44', () => {
		expect(
			messages(
				'Name,Email,Roles\n=HYPERLINK("x"),a@example.org,volunteer\nBo,@SUM(1),volunteer\nCy,c@example.org,-2+3*cmd\n'
			)
		).toEqual([
			expect.stringMatching(/^Row 2, name: this looks like a formula/),
			expect.stringMatching(/^Row 3, email: this looks like a formula/),
			expect.stringMatching(/^Row 4, roles: this looks like a formula/)
		]);
		expect(looksLikeFormula('+44 20 7946 0000')).toBe(false);
		expect(looksLikeFormula('+A1')).toBe(true);
		expect(looksLikeFormula('-')).toBe(false);
	});

	it('refuses duplicate emails, whatever their case', () => {
		expect(messages('Name,Email,Roles\nA,a@example.org,staff\nB,A@EXAMPLE.ORG,staff\n')).toEqual([
			'Row 3, email: a@example.org is already on row 2'
		]);
	});

	it('refuses unknown roles, bad emails, bad and future dates, and missing names', () => {
		expect(
			messages(
				'Name,Email,Roles,Supervisor email,Start date,Last supervision\n,a@example.org,wizard,not-an-email,31/02/2024,2027-01-01\nB,b@,staff,,,\n'
			)
		).toEqual([
			'Row 2, name: enter a full name',
			expect.stringMatching(/^Row 2, roles: "wizard" is not a role/),
			'Row 2, supervisor email: "not-an-email" is not an email address',
			'Row 2, start date: "31/02/2024" is not a real date',
			'Row 2, last supervision: 2027-01-01 is in the future',
			'Row 3, email: "b@" is not an email address'
		]);
	});

	it('refuses a file without the columns it needs, or with columns it does not read', () => {
		expect(messages('Name,Phone\nA,1\n')).toEqual([
			'The column "Phone" is not one the import reads',
			'The file needs a column headed "Email"',
			'The file needs a column headed "Roles"'
		]);
	});

	it('refuses an empty file, headings alone, and a broken quote', () => {
		expect(messages('')).toEqual(['The file is empty']);
		expect(messages('Name,Email,Roles\n')).toEqual(['The file has headings but no people under them']);
		expect(messages('Name,Email,Roles\n"A,a@example.org,staff\n')).toEqual([
			expect.stringContaining('could not be read as CSV')
		]);
	});

	it('reads UK dates in both usual forms', () => {
		expect(readUkDate('2024-03-15')).toEqual({ ok: true, day: '2024-03-15' });
		expect(readUkDate('5/3/2024')).toEqual({ ok: true, day: '2024-03-05' });
		expect(readUkDate('03/15/2024')).toEqual({ ok: false, message: '"03/15/2024" is not a real date' });
		expect(readUkDate('March 2024').ok).toBe(false);
	});
});
