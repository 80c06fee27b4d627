import { describe, expect, it } from 'vitest';
import { groupedSecret, newTotpSecret, readTotpCode, totpCode, totpStep, totpUri } from './totp';

const secret = newTotpSecret();
const at = Date.UTC(2026, 11, 6, 9, 0, 15);
const step = Math.floor(at / 30_000);

describe('authenticator app codes', () => {
	it('accepts the current code and gives its time step', () => {
		expect(totpStep(secret, totpCode(secret, at), null, at)).toBe(step);
	});

	it('accepts a code one step either side of now, for a clock that drifts, and not two', () => {
		expect(totpStep(secret, totpCode(secret, at - 30_000), null, at)).toBe(step - 1);
		expect(totpStep(secret, totpCode(secret, at + 30_000), null, at)).toBe(step + 1);
		expect(totpStep(secret, totpCode(secret, at - 60_000), null, at)).toBeNull();
		expect(totpStep(secret, totpCode(secret, at + 60_000), null, at)).toBeNull();
	});

	it('refuses a code from a step already used, or from before it', () => {
		const code = totpCode(secret, at);
		expect(totpStep(secret, code, step, at)).toBeNull();
		expect(totpStep(secret, totpCode(secret, at - 30_000), step, at)).toBeNull();
		// The next step's code still works after this one.
		expect(totpStep(secret, totpCode(secret, at + 30_000), step, at)).toBe(step + 1);
	});

	it("refuses another secret's code and anything that is not 6 digits", () => {
		const other = newTotpSecret();
		expect(totpStep(secret, totpCode(other, at), null, at)).toBeNull();
		expect(totpStep(secret, '12345', null, at)).toBeNull();
		expect(totpStep(secret, 'abcdef', null, at)).toBeNull();
		expect(totpStep(secret, '', null, at)).toBeNull();
	});

	it('reads a code typed with spaces or a dash', () => {
		expect(readTotpCode(' 123 456 ')).toBe('123456');
		expect(readTotpCode('123-456')).toBe('123456');
		expect(readTotpCode('1234567')).toBeNull();
	});

	it('gives apps an otpauth address and the secret in groups of four', () => {
		const uri = totpUri(secret, 'lead@example.org', 'Test SENDIASS');
		expect(uri).toMatch(/^otpauth:\/\/totp\/Test%20SENDIASS:lead%40example\.org\?/);
		expect(uri).toContain(`secret=${secret}`);
		expect(groupedSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
	});
});
