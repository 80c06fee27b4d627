import { describe, expect, it } from 'vitest';
import { isServerOnly, serverOnly } from './server-only';
import { transport } from '../hooks';

describe('serverOnly', () => {
	it('keeps an object readable by the server-side render, and marks it', () => {
		const module = serverOnly({ title: 'Supporting, not advocating', html: '<p>Long text</p>' });
		expect(module.title).toBe('Supporting, not advocating');
		expect({ ...module }).toEqual({ title: 'Supporting, not advocating', html: '<p>Long text</p>' });
		expect(isServerOnly(module)).toBe(true);
		expect(isServerOnly({ title: 'plain' })).toBe(false);
	});

	it('keeps an array an array, with its length and order', () => {
		const people = serverOnly([{ name: 'Ada' }, { name: 'Ben' }]);
		expect(Array.isArray(people)).toBe(true);
		expect(people.map((p) => p.name)).toEqual(['Ada', 'Ben']);
		expect(isServerOnly(people)).toBe(true);
		expect(isServerOnly([1, 2])).toBe(false);
	});

	it('is written as a placeholder for the browser, and plain data is left to the default serialiser', () => {
		const { encode, decode } = transport.ServerOnly!;
		expect(encode(serverOnly({ html: 'x'.repeat(10_000) }))).toBe(1);
		expect(encode({ html: 'x' })).toBe(false);
		expect(() => decode(1)).toThrow(/csr = false/);
	});
});
