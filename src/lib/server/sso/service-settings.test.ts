import { afterEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServiceConfig } from '../content/service';
import { formatProblem } from '../content/problems';

const shipped = readFileSync('content/service.yml', 'utf8');
const dirs: string[] = [];

/** The shipped content with `yaml` added to the end of service.yml. */
function serviceWith(yaml: string) {
	const dir = mkdtempSync(join(tmpdir(), 'impartial-sso-'));
	dirs.push(dir);
	cpSync('content', dir, { recursive: true });
	const text = `${shipped.trimEnd()}\n${yaml}`;
	writeFileSync(join(dir, 'service.yml'), text);
	const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
	const { service, problems } = loadServiceConfig(dir);
	return { service, problems: problems.map(formatProblem), lineOf };
}

afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('single sign-on in content/service.yml', () => {
	it('is off unless set up', () => {
		expect(loadServiceConfig('content').service?.singleSignOn).toBeUndefined();
	});

	it('reads the button label, the email domains and whether staff must use it', () => {
		const { service, problems } = serviceWith(
			'sign_in:\n  single_sign_on:\n    label: Sign in with your Northshire account\n    email_domains:\n      - Northshire.example\n      - northshire.gov.example\n    required_for_staff: true\n'
		);
		expect(problems).toEqual([]);
		expect(service?.singleSignOn).toEqual({
			label: 'Sign in with your Northshire account',
			emailDomains: ['northshire.example', 'northshire.gov.example'],
			requiredForStaff: true
		});
		const optional = serviceWith(
			'sign_in:\n  single_sign_on:\n    label: Use your council account\n    email_domains: [northshire.example]\n'
		);
		expect(optional.service?.singleSignOn?.requiredForStaff).toBe(false);
	});

	it('names the key and its line for each bad setting', () => {
		const { problems, lineOf } = serviceWith(
			'sign_in:\n  single_sign_on:\n    label: Go\n    email_domains:\n      - "@northshire.example"\n    required_for_staff: yes please\n    colour: red\n'
		);
		expect(problems).toEqual([
			`content/service.yml:${lineOf('label: Go')}: sign_in.single_sign_on.label: must be at least 3 characters`,
			`content/service.yml:${lineOf('"@northshire.example"')}: sign_in.single_sign_on.email_domains.0: each must be a domain name, like northshire.example, without the @`,
			`content/service.yml:${lineOf('required_for_staff')}: sign_in.single_sign_on.required_for_staff: must be true or false`,
			`content/service.yml:${lineOf('colour: red')}: sign_in.single_sign_on.colour: is not a known setting (check the spelling)`
		]);
		const empty = serviceWith(
			'sign_in:\n  single_sign_on:\n    label: Use your council account\n    email_domains: []\n'
		);
		expect(empty.problems).toEqual([
			`content/service.yml:${empty.lineOf('email_domains')}: sign_in.single_sign_on.email_domains: must list at least one email domain`
		]);
	});
});
