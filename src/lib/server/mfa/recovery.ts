// Recovery codes: ten single-use codes for when the app or passkey is lost, shown once and stored
// only as argon2 hashes, like passwords.
import { randomInt } from 'node:crypto';
import { hashPassword, verifyPassword } from '../auth/password';

export const recoveryCodeCount = 10;
// No 0/o, 1/l/i: easy to read back from paper.
const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A new code: two groups of five letters and digits (about 49 bits). */
export function newRecoveryCode(): string {
	const pick = () => Array.from({ length: 5 }, () => alphabet[randomInt(alphabet.length)]).join('');
	return `${pick()}-${pick()}`;
}

export function newRecoveryCodes(): string[] {
	return Array.from({ length: recoveryCodeCount }, newRecoveryCode);
}

/** A recovery code as typed, in the form it was hashed in; null unless it could be one. */
export function readRecoveryCode(typed: string): string | null {
	const code = typed.toLowerCase().replace(/[\s-]/g, '');
	if (code.length !== 10 || [...code].some((c) => !alphabet.includes(c))) return null;
	return `${code.slice(0, 5)}-${code.slice(5)}`;
}

export const hashRecoveryCode = (code: string) => hashPassword(code);

export const recoveryCodeMatches = (codeHash: string, code: string) => verifyPassword(codeHash, code);
