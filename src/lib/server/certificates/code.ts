// Verification codes: 12 characters from Crockford's base 32 (no I, L, O or U, so nothing reads
// as something else), 60 random bits, shown in three groups of four. With failed lookups
// throttled per address, guessing a code that exists is hopeless.
import { randomBytes } from 'node:crypto';

export const codeAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const codeLength = 12;

/** A fresh code, without separators: `K7M2Q9ZX4B1D`. */
export function generateCode(): string {
	const bytes = randomBytes(codeLength);
	// 256 is a multiple of 32, so taking each byte modulo 32 favours no character.
	return Array.from(bytes, (b) => codeAlphabet[b % 32]).join('');
}

/** A code as people read and type it: `K7M2-Q9ZX-4B1D`. */
export function formatCode(code: string): string {
	return code.match(/.{1,4}/g)!.join('-');
}

/**
 * A code as typed, made canonical: upper case, spaces and dashes dropped, and the letters people
 * confuse with digits (O, I, L) read as the digits. Null if it cannot be a code.
 */
export function normaliseCode(typed: string): string | null {
	const code = typed
		.toUpperCase()
		.replace(/[\s\-‐-―]/g, '')
		.replace(/O/g, '0')
		.replace(/[IL]/g, '1');
	if (code.length !== codeLength) return null;
	for (const c of code) if (!codeAlphabet.includes(c)) return null;
	return code;
}
