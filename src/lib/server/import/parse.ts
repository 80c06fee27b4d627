// Reading a spreadsheet of people, as a coordinator saves it from Excel or another service's
// records, into rows the import can check: the encoding, the separator, the columns and every
// cell, each problem named by its row and column. Pure: nothing here reads the database.
import { parse } from 'csv-parse/sync';
import { roles, type Role } from '../db/schema';
import { roleLabels } from '../../roles';
import { parseDay } from '../days';
import { hasControlCharacter } from '../forms';

export const maxFileBytes = 10 * 1024 * 1024;
export const maxRows = 50_000;

/** The columns, in the template's order, with the headings accepted for each. */
export const importColumns = [
	{ key: 'name', heading: 'Name', also: ['full name'], required: true },
	{ key: 'email', heading: 'Email', also: ['email address'], required: true },
	{ key: 'roles', heading: 'Roles', also: ['role'], required: true },
	{ key: 'supervisorEmail', heading: 'Supervisor email', also: ["supervisor's email", 'supervisor'], required: false },
	{ key: 'startedOn', heading: 'Start date', also: ['started', 'joined'], required: false },
	{ key: 'inductionOn', heading: 'Induction completed', also: ['induction'], required: false },
	{ key: 'ipsCourseOn', heading: 'IPS course attended', also: ['ips course'], required: false },
	{
		key: 'policyAcknowledgedOn',
		heading: 'Last Impartiality Policy acknowledgement',
		also: ['impartiality policy acknowledged', 'last policy acknowledgement'],
		required: false
	},
	{ key: 'supervisionOn', heading: 'Last supervision', also: [], required: false },
	{
		key: 'declarationOn',
		heading: 'Last declaration of interests',
		also: ['last declaration', 'declaration of interests'],
		required: false
	}
] as const;

export type ColumnKey = (typeof importColumns)[number]['key'];
export type DateKey = Exclude<ColumnKey, 'name' | 'email' | 'roles' | 'supervisorEmail'>;
export const dateKeys: DateKey[] = [
	'startedOn',
	'inductionOn',
	'ipsCourseOn',
	'policyAcknowledgedOn',
	'supervisionOn',
	'declarationOn'
];

export const columnHeading = (key: ColumnKey | 'file') =>
	key === 'file' ? 'file' : importColumns.find((c) => c.key === key)!.heading;

/** One person as the file gives them, every date as YYYY-MM-DD. */
export interface ImportRow {
	/** The row's number as a spreadsheet shows it: the headings are row 1. */
	row: number;
	name: string;
	email: string;
	roles: Role[];
	supervisorEmail: string | null;
	startedOn: string | null;
	inductionOn: string | null;
	ipsCourseOn: string | null;
	policyAcknowledgedOn: string | null;
	supervisionOn: string | null;
	declarationOn: string | null;
}

export interface ImportProblem {
	/** Null for a problem with the whole file. */
	row: number | null;
	column: ColumnKey | 'file';
	message: string;
}

export const problemText = (p: ImportProblem) =>
	p.row === null ? p.message : `Row ${p.row}, ${columnHeading(p.column).toLowerCase()}: ${p.message}`;

const squash = (heading: string) => heading.toLowerCase().replace(/[^a-z0-9]/g, '');

const headingKeys = new Map<string, ColumnKey>(
	importColumns.flatMap((c) => [c.heading, ...c.also].map((h) => [squash(h), c.key] as [string, ColumnKey]))
);

const roleNames = new Map<string, Role>(
	roles.flatMap((r) => [
		[squash(r), r],
		[squash(roleLabels[r]), r]
	])
);
roleNames.set('ips', 'volunteer');
roleNames.set('steeringgroupmember', 'steering');

/**
 * A cell a spreadsheet would run as a formula: one starting with = or @, or with + or - followed by
 * anything but a number ("+44 20 7946 0000" and a lone "-" are not formulas).
 */
export function looksLikeFormula(cell: string): boolean {
	if (/^[=@]/.test(cell)) return true;
	return /^[+-]/.test(cell) && !/^[+-]\s*[\d.,\s]*$/.test(cell);
}

const simpleEmail = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A date as people type them in the UK: 2024-03-15, 15/03/2024 or 15/3/2024. */
export function readUkDate(text: string): { ok: true; day: string } | { ok: false; message: string } {
	const slashed = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(text);
	const iso = slashed ? `${slashed[3]}-${slashed[2]!.padStart(2, '0')}-${slashed[1]!.padStart(2, '0')}` : text;
	const parsed = parseDay(iso);
	if (parsed.ok) return parsed;
	return parsed.problem === 'format'
		? { ok: false, message: `"${text}" is not a date: write it as 2024-03-15 or 15/03/2024` }
		: { ok: false, message: `"${text}" is not a real date` };
}

function decode(bytes: Uint8Array): string | null {
	try {
		return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
	} catch {
		return null;
	}
}

/** Comma or semicolon, whichever the heading line has more of outside quotes. */
function separatorOf(text: string): ',' | ';' {
	const firstLine = text.slice(0, text.search(/\r?\n|$/));
	const outside = firstLine.replace(/"[^"]*"/g, '');
	return (outside.match(/;/g)?.length ?? 0) > (outside.match(/,/g)?.length ?? 0) ? ';' : ',';
}

export interface ParsedFile {
	rows: ImportRow[];
	problems: ImportProblem[];
}

const fileProblem = (message: string): ParsedFile => ({ rows: [], problems: [{ row: null, column: 'file', message }] });

/** Reads the file's bytes into rows, or says what is wrong with it, row by row and column by column. */
export function parsePeopleFile(bytes: Uint8Array, today: string): ParsedFile {
	if (bytes.byteLength === 0) return fileProblem('The file is empty');
	if (bytes.byteLength > maxFileBytes) return fileProblem('The file must be smaller than 10 MB');
	const text = decode(bytes);
	if (text === null)
		return fileProblem(
			'The file is not in UTF-8. In Excel, choose Save As, then "CSV UTF-8 (Comma delimited)", and upload that file'
		);
	let records: string[][];
	try {
		records = parse(text, {
			bom: true,
			delimiter: separatorOf(text.replace(/^\uFEFF/, '')),
			relax_column_count: true,
			relax_quotes: true,
			skip_empty_lines: true,
			trim: true,
			to_line: maxRows + 2
		}) as string[][];
	} catch (e) {
		const line = (e as { lines?: number }).lines;
		return fileProblem(
			`The file could not be read as CSV${line ? ` near line ${line}` : ''}: check that every quoted cell has its closing quote`
		);
	}
	const [headings, ...data] = records;
	if (!headings) return fileProblem('The file is empty');
	if (data.length > maxRows)
		return fileProblem(`The file has more than ${maxRows.toLocaleString('en-GB')} people: split it into smaller files`);
	if (data.length === 0) return fileProblem('The file has headings but no people under them');

	const problems: ImportProblem[] = [];
	const columnAt = new Map<ColumnKey, number>();
	headings.forEach((heading, i) => {
		const key = headingKeys.get(squash(heading));
		if (!key) {
			if (heading)
				problems.push({ row: null, column: 'file', message: `The column "${heading}" is not one the import reads` });
		} else if (columnAt.has(key)) {
			problems.push({ row: null, column: 'file', message: `The column "${columnHeading(key)}" appears twice` });
		} else columnAt.set(key, i);
	});
	for (const c of importColumns)
		if (c.required && !columnAt.has(c.key))
			problems.push({ row: null, column: 'file', message: `The file needs a column headed "${c.heading}"` });
	if (problems.length) return { rows: [], problems };

	const rows: ImportRow[] = [];
	const seen = new Map<string, number>();
	data.forEach((cells, index) => {
		const row = index + 2;
		const problem = (column: ColumnKey, message: string) => problems.push({ row, column, message });
		const cell = (key: ColumnKey) => {
			const at = columnAt.get(key);
			const value = at === undefined ? '' : (cells[at] ?? '');
			// A dash is how many spreadsheets say "none".
			return value === '-' ? '' : value;
		};
		let clean = true;
		for (const c of importColumns) {
			const value = cell(c.key);
			if (looksLikeFormula(value)) {
				problem(c.key, 'this looks like a formula; type the value itself, without = + - or @ at the start');
				clean = false;
			} else if (hasControlCharacter(value)) {
				problem(c.key, 'this holds a hidden control character; retype it');
				clean = false;
			}
		}
		if (!clean) return;

		const name = cell('name');
		if (!name) problem('name', 'enter a full name');
		else if (name.length > 120) problem('name', 'must be 120 characters or fewer');

		const email = cell('email').toLowerCase();
		if (!email) problem('email', 'enter an email address');
		else if (email.length > 254 || !simpleEmail.test(email))
			problem('email', `"${cell('email')}" is not an email address`);
		else if (seen.has(email)) problem('email', `${email} is already on row ${seen.get(email)}`);
		else seen.set(email, row);

		const roleList: Role[] = [];
		const roleText = cell('roles');
		if (!roleText) problem('roles', 'enter at least one role');
		for (const part of roleText.split(/[;,|/]|\band\b/)) {
			const word = part.trim();
			if (!word) continue;
			const role = roleNames.get(squash(word));
			if (!role) problem('roles', `"${word}" is not a role: use ${roles.join(', ')}`);
			else if (!roleList.includes(role)) roleList.push(role);
		}

		const supervisorText = cell('supervisorEmail').toLowerCase();
		if (supervisorText && !simpleEmail.test(supervisorText))
			problem('supervisorEmail', `"${cell('supervisorEmail')}" is not an email address`);
		else if (supervisorText && supervisorText === email)
			problem('supervisorEmail', 'a person cannot supervise themselves');

		const dates = {} as Record<DateKey, string | null>;
		for (const key of dateKeys) {
			const text = cell(key);
			dates[key] = null;
			if (!text) continue;
			const read = readUkDate(text);
			if (!read.ok) problem(key, read.message);
			else if (key !== 'startedOn' && read.day > today) problem(key, `${text} is in the future`);
			else dates[key] = read.day;
		}
		rows.push({ row, name, email, roles: roleList, supervisorEmail: supervisorText || null, ...dates });
	});
	return { rows, problems };
}

/** The template offered for download: the headings and one example row. */
export function templateCsv(): string {
	const lines = [
		importColumns.map((c) => c.heading),
		[
			'Ada Example',
			'ada@example.org',
			'volunteer',
			'sam@example.org',
			'15/03/2024',
			'30/04/2024',
			'',
			'01/05/2024',
			'',
			''
		]
	];
	return lines.map((l) => l.map((cell) => (/[",]/.test(cell) ? `"${cell}"` : cell)).join(',')).join('\r\n') + '\r\n';
}

/**
 * A file to try the import with on the demo: three people who joined before the service used
 * Impartial, one supervising another, under the demo's own supervisor, with their history.
 */
export function sampleCsv(): string {
	return (
		[
			'Name;Email;Roles;Supervisor email;Start date;Induction completed;IPS course attended;Last Impartiality Policy acknowledgement;Last supervision;Last declaration of interests',
			'Morgan Hale;morgan.hale@demo.test;"supervisor, staff";supervisor@demo.test;04/09/2019;30/09/2019;12/03/2020;14/01/2026;02/10/2026;15/04/2026',
			'Iris Okoro;iris.okoro@demo.test;volunteer;morgan.hale@demo.test;2022-05-16;2022-07-01;;2025-11-20;2026-09-18;2025-11-20',
			'Tom Reyes;tom.reyes@demo.test;volunteer;morgan.hale@demo.test;2024-02-05;2024-03-28;2024-06-12;2026-02-10;2026-11-06;2026-02-10'
		].join('\r\n') + '\r\n'
	);
}
