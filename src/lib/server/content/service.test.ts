import { afterEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContent } from './index';
import { ContentError, formatProblem } from './problems';
import { contrastWithWhite, defaultRetention, loadServiceConfig } from './service';

const shipped = readFileSync('content/service.yml', 'utf8');
const dirs: string[] = [];

/** A copy of the shipped content with service.yml edited by `edit`. */
function contentWith(edit: (yaml: string) => string): string {
	const dir = mkdtempSync(join(tmpdir(), 'impartial-content-'));
	dirs.push(dir);
	cpSync('content', dir, { recursive: true });
	writeFileSync(join(dir, 'service.yml'), edit(shipped));
	return dir;
}

function problemsFor(edit: (yaml: string) => string): string[] {
	try {
		loadContent(contentWith(edit));
	} catch (err) {
		if (err instanceof ContentError) return err.problems.map(formatProblem);
		throw err;
	}
	return [];
}

const lineOf = (text: string) => shipped.split('\n').findIndex((l) => l.includes(text)) + 1;

afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('content/service.yml', () => {
	it('loads the shipped service', () => {
		const { service, problems } = loadServiceConfig('content');
		expect(problems).toEqual([]);
		expect(service).toMatchObject({ shortName: 'Northshire SENDIASS', reacknowledgeMonths: 12, invitationValidDays: 7 });
		expect(service!.caseReference.pattern.test('NS-2026-0142')).toBe(true);
		expect(service!.caseReference.pattern.test('Jamie Smith')).toBe(false);
		expect(service!.logo?.contentType).toBe('image/svg+xml');
	});

	it('names the key and its line for a bad value', () => {
		expect(problemsFor((y) => y.replace('brand_colour: "#1d5c63"', 'brand_colour: teal'))).toEqual([
			`content/service.yml:${lineOf('brand_colour:')}: brand_colour: must be a colour written as # and six hex digits, like "#1d5c63"`
		]);
	});

	it("reads the themes for families' comments, and names a theme listed twice on its line", () => {
		expect(loadContent(contentWith((y) => y)).service.feedback!.commentThemes).toEqual([
			'Impartiality',
			'Information and options',
			'Being heard',
			"Arm's length from the council",
			'Waiting and access',
			'Thanks'
		]);
		const twice = problemsFor((y) => y.replace('    - Thanks\n', '    - Thanks\n    - thanks\n'));
		expect(twice).toEqual([
			`content/service.yml:${lineOf('comment_themes:')}: feedback.comment_themes: must not list a theme twice`
		]);
		const tooLong = problemsFor((y) => y.replace('    - Thanks\n', `    - ${'T'.repeat(41)}\n`));
		expect(tooLong).toEqual([
			`content/service.yml:${lineOf('    - Thanks') }: feedback.comment_themes.5: must be 40 characters or fewer`
		]);
	});

	it('refuses a brand colour too light for white header text', () => {
		expect(problemsFor((y) => y.replace('"#1d5c63"', '"#ffdd00"'))).toEqual([
			`content/service.yml:${lineOf('brand_colour:')}: brand_colour: is too light: white header text on it must reach a contrast of 4.5:1`
		]);
		expect(contrastWithWhite('#1d5c63')).toBeGreaterThan(4.5);
	});

	it('reports nested keys with their own line', () => {
		const problems = problemsFor((y) => y.replace('volunteer: 56', 'volunteer: fortnightly').replace('reacknowledge_months: 12', 'reacknowledge_months: 0'));
		expect(problems).toEqual([
			`content/service.yml:${lineOf('volunteer: 56')}: supervision.interval_days.volunteer: must be a whole number of days`,
			`content/service.yml:${lineOf('reacknowledge_months')}: policies.reacknowledge_months: must be more than 0 months`
		]);
	});

	it('reports a case-reference example that its own pattern rejects', () => {
		expect(problemsFor((y) => y.replace('example: NS-2026-0142', 'example: 2026/142'))).toEqual([
			`content/service.yml:${lineOf('example: NS-2026-0142')}: case_reference.example: example does not match pattern`
		]);
	});

	it('reports unknown keys, missing keys and broken YAML', () => {
		expect(problemsFor((y) => y.replace('contact_email:', 'contact_emial:'))).toEqual([
			expect.stringMatching(/^content\/service\.yml:\d+: contact_email: /),
			`content/service.yml:${lineOf('contact_email:')}: contact_emial: is not a known setting (check the spelling)`
		]);
		// The parser notices an unclosed list where the next line starts.
		expect(problemsFor((y) => y.replace('short_name: Northshire SENDIASS', 'short_name: [unclosed'))).toEqual([
			expect.stringMatching(new RegExp(`^content/service\\.yml:${lineOf('short_name') + 1}: YAML: Flow sequence`))
		]);
		const lines = shipped.split('\n').length;
		expect(problemsFor((y) => `${y}\nname: Another Name\n`)).toEqual([
			expect.stringMatching(new RegExp(`^content/service\\.yml:${lines + 1}: YAML: Map keys must be unique`))
		]);
	});

	it('reports a retention period that is not a whole number of years, on its own line', () => {
		expect(problemsFor((y) => y.replace('audit_log_years: 7', 'audit_log_years: seven').replace('quiz_attempt_years: 6', 'quiz_attempt_years: 0'))).toEqual([
			`content/service.yml:${lineOf('quiz_attempt_years:')}: retention.quiz_attempt_years: must be more than 0 years`,
			`content/service.yml:${lineOf('audit_log_years:')}: retention.audit_log_years: must be a whole number of years`
		]);
		expect(problemsFor((y) => y.replace('supervision_years_after_leaving:', 'supervision_years_after_leavng:'))).toEqual([
			`content/service.yml:${lineOf('supervision_years_after_leaving:')}: retention.supervision_years_after_leavng: is not a known setting (check the spelling)`
		]);
	});

	it('keeps records for the default periods when service.yml names none', () => {
		const { service } = loadServiceConfig('content');
		expect(service!.retention).toEqual({ supervisionYearsAfterLeaving: 6, quizAttemptYears: 6, auditLogYears: 7 });
		const withoutRetention = shipped.slice(0, shipped.indexOf('\n# How long records are kept')) + '\n';
		expect(withoutRetention).toContain('session_days: 14');
		expect(withoutRetention).not.toContain('retention:');
		const dir = contentWith(() => withoutRetention);
		expect(loadServiceConfig(dir)).toMatchObject({ problems: [], service: { retention: defaultRetention } });
	});

	it('takes the smallest group a report shows from service.yml, 5 when it names none, and never fewer than 3', () => {
		expect(loadServiceConfig('content').service!.reports).toEqual({ smallestGroup: 5 });
		expect(loadServiceConfig(contentWith((y) => y.replace('smallest_group: 5', 'smallest_group: 10'))).service!.reports).toEqual({
			smallestGroup: 10
		});
		const withoutReports = shipped.slice(0, shipped.indexOf('\nreports:')) + '\n';
		expect(loadServiceConfig(contentWith(() => withoutReports)).service!.reports).toEqual({ smallestGroup: 5 });
		expect(problemsFor((y) => y.replace('smallest_group: 5', 'smallest_group: 2'))).toEqual([
			`content/service.yml:${lineOf('smallest_group:')}: reports.smallest_group: must be 3 or more: a group smaller than that can be picked out`
		]);
		expect(problemsFor((y) => y.replace('smallest_group: 5', 'smallest_group: 4.5'))).toEqual([
			`content/service.yml:${lineOf('smallest_group:')}: reports.smallest_group: must be a whole number of people`
		]);
	});

	it('reports a logo file that is not there', () => {
		expect(problemsFor((y) => y.replace('logo: logo.svg', 'logo: crest.svg'))).toEqual([
			`content/service.yml:${lineOf('logo: logo.svg')}: logo: no file content/crest.svg`
		]);
	});

	it('reports an invalid case-reference pattern on its line, with the rest, not as a crash', () => {
		const problems = problemsFor((y) => y.replace('pattern: "^NS-[0-9]{4}-[0-9]{4}$"', 'pattern: "^NS-[0-9{4}-(["'));
		expect(problems).toEqual([
			expect.stringMatching(
				new RegExp(`^content/service\\.yml:${lineOf('pattern:')}: case_reference\\.pattern: is not a valid regular expression \\(.+\\)$`)
			)
		]);
	});

	it('reports a missing logo together with every other problem in service.yml', () => {
		const problems = problemsFor((y) =>
			y
				.replace('logo: logo.svg', 'logo: crest.svg')
				.replace('"#1d5c63"', 'teal')
				.replace('pattern: "^NS-[0-9]{4}-[0-9]{4}$"', 'pattern: "(["')
		);
		expect(problems).toEqual([
			`content/service.yml:${lineOf('brand_colour:')}: brand_colour: must be a colour written as # and six hex digits, like "#1d5c63"`,
			expect.stringContaining(`content/service.yml:${lineOf('pattern:')}: case_reference.pattern: is not a valid regular expression`),
			`content/service.yml:${lineOf('logo: logo.svg')}: logo: no file content/crest.svg`
		]);
	});

	it('reads the clock and the sender, and refuses a time zone or sender it cannot use', () => {
		const { service } = loadServiceConfig('content');
		expect(service).toMatchObject({
			timeZone: 'Europe/London',
			sender: { address: 'training@northshire.example', name: 'Northshire SENDIASS' }
		});
		expect(
			problemsFor((y) =>
				y.replace('time_zone: Europe/London', 'time_zone: Mars/Olympus_Mons').replace('from_name: Northshire SENDIASS', 'from_name: "Us <x@y>"')
			)
		).toEqual([
			`content/service.yml:${lineOf('time_zone:')}: time_zone: must be a time zone by its IANA name, like Europe/London`,
			`content/service.yml:${lineOf('from_name:')}: email.from_name: must be a plain name, without <, >, " or @`
		]);
		const plain = contentWith((y) => y.replace(/\ntime_zone: .*\n/, '\n').replace(/\nemail:\n( {2}.*\n)+/, '\n'));
		expect(loadServiceConfig(plain).service).toMatchObject({
			timeZone: 'Europe/London',
			sender: { address: 'sendiass@northshire.example', name: 'Northshire SENDIASS' }
		});
	});

	it("reads the service's own contacts for modules and policies, and refuses a contact it cannot use", () => {
		const { service } = loadServiceConfig('content');
		expect(service?.placeholders?.get('safeguarding.lado')).toBe('Northshire LADO');
		expect(service?.placeholders?.get('data_protection.controller')).toBe('Northshire Council');
		const module = loadContent('content').moduleBySlug.get('confidentiality')!;
		expect(module.html).toContain(service!.placeholders!.get('safeguarding.lead.phone'));
		expect(module.html).not.toContain('{{');
		expect(problemsFor((y) => y.replace('    phone: 01632 960 210', '    phone: ring the LADO').replace('    email: dpo@northshire.example', '    email: the DPO'))).toEqual([
			`content/service.yml:${lineOf('phone: 01632 960 210')}: safeguarding.lado.phone: must be a phone number, like 01632 960 000`,
			`content/service.yml:${lineOf('email: dpo@northshire.example')}: data_protection.officer.email: must be an email address`
		]);
		// A service that leaves out a contact its modules use is told which key to add, and where it is used.
		const missing = problemsFor((y) => y.replace(/\n {2}lado:\n( {4}.*\n)+/, '\n'));
		expect(missing.length).toBeGreaterThan(0);
		for (const problem of missing) expect(problem).toMatch(/^content\/(modules|policies)\/[^:]+:\d+: \{\{safeguarding\.lado(\.[a-z_]+)?\}\} is not set: add safeguarding\.lado\.[a-z_]+ to content\/service\.yml$/);
	});
});
