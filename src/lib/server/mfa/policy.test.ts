import { afterEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServiceConfig } from '../content/service';
import { formatProblem } from '../content/problems';
import { mfaPolicy } from './second-step';

const shipped = readFileSync('content/service.yml', 'utf8');
const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function serviceWith(yaml: string) {
	const dir = mkdtempSync(join(tmpdir(), 'impartial-mfa-'));
	dirs.push(dir);
	cpSync('content/logo.svg', join(dir, 'logo.svg'));
	writeFileSync(join(dir, 'service.yml'), yaml);
	return loadServiceConfig(dir);
}

describe('mfa in service.yml', () => {
	it('is offered in the shipped demo, so its people sign in with a password alone until they add a factor', () => {
		expect(mfaPolicy(loadServiceConfig('content').service!)).toBe('offered');
	});

	it('reads required, and is offered when the key is left out', () => {
		expect(mfaPolicy(serviceWith(shipped.replace(/^mfa: offered$/m, 'mfa: required')).service!)).toBe('required');
		expect(mfaPolicy(serviceWith(shipped.replace(/^mfa: offered$/m, '')).service!)).toBe('offered');
	});

	it('names the file and line of a value it does not know', () => {
		const yaml = shipped.replace(/^mfa: offered$/m, 'mfa: always');
		const line = yaml.split('\n').indexOf('mfa: always') + 1;
		const { problems } = serviceWith(yaml);
		expect(problems.map(formatProblem)).toEqual([`content/service.yml:${line}: mfa: must be required or offered`]);
	});
});
