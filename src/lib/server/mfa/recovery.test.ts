import { describe, expect, it } from 'vitest';
import { hashRecoveryCode, newRecoveryCodes, readRecoveryCode, recoveryCodeMatches } from './recovery';

describe('recovery codes', () => {
	it('makes ten different codes of two groups of five', () => {
		const codes = newRecoveryCodes();
		expect(codes).toHaveLength(10);
		expect(new Set(codes).size).toBe(10);
		for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
	});

	it('reads a code typed in capitals, with spaces, or without the dash', () => {
		expect(readRecoveryCode('ABCDE FGHJK')).toBe('abcde-fghjk');
		expect(readRecoveryCode('abcdefghjk')).toBe('abcde-fghjk');
		expect(readRecoveryCode('abcde-fghj')).toBeNull();
		expect(readRecoveryCode('abcde-fgh0k')).toBeNull();
	});

	it('keeps only a hash, which matches its own code alone', async () => {
		const [code, other] = newRecoveryCodes();
		const hash = await hashRecoveryCode(code!);
		expect(hash).not.toContain(code!);
		expect(await recoveryCodeMatches(hash, code!)).toBe(true);
		expect(await recoveryCodeMatches(hash, other!)).toBe(false);
	});
});
