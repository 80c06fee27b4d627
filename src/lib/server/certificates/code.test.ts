import { describe, expect, it } from 'vitest';
import { codeAlphabet, codeLength, formatCode, generateCode, normaliseCode } from './code';

describe('verification codes', () => {
	it('are 12 characters from an alphabet without I, L, O or U', () => {
		expect(codeAlphabet).toHaveLength(32);
		expect(codeAlphabet).not.toMatch(/[ILOU]/);
		for (let i = 0; i < 200; i++) expect(generateCode()).toMatch(/^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{12}$/);
	});

	it('carry 60 random bits: thousands drawn, none repeated, every character used', () => {
		expect(codeLength * Math.log2(codeAlphabet.length)).toBe(60);
		const codes = new Set(Array.from({ length: 5000 }, generateCode));
		expect(codes.size).toBe(5000);
		const used = new Set([...codes].join(''));
		expect(used.size).toBe(32);
	});

	it('are shown in groups of four', () => {
		expect(formatCode('K7M2Q9ZX4B1D')).toBe('K7M2-Q9ZX-4B1D');
	});

	it('read as typed: any case, spaces or dashes, and O, I, L for 0, 1, 1', () => {
		expect(normaliseCode('k7m2-q9zx-4b1d')).toBe('K7M2Q9ZX4B1D');
		expect(normaliseCode(' K7M2 Q9ZX 4B1D ')).toBe('K7M2Q9ZX4B1D');
		expect(normaliseCode('K7M2–Q9ZX–4BLD')).toBe('K7M2Q9ZX4B1D');
		expect(normaliseCode('O0I1L1AAAAAA')).toBe('001111AAAAAA');
	});

	it('refuse what cannot be a code', () => {
		expect(normaliseCode('')).toBeNull();
		expect(normaliseCode('K7M2-Q9ZX-4B1')).toBeNull();
		expect(normaliseCode('K7M2-Q9ZX-4B1DD')).toBeNull();
		expect(normaliseCode('K7M2-Q9ZX-4BUD')).toBeNull();
		expect(normaliseCode("K7M2-Q9ZX-4B'D")).toBeNull();
		expect(normaliseCode('K7M2\u0000Q9ZX4B1D')).toBeNull();
	});
});
