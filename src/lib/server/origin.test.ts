import { describe, expect, it } from 'vitest';
import { readOrigin } from './origin';

describe('the public address', () => {
	it('is ORIGIN, without a trailing slash', () => {
		expect(readOrigin({ ORIGIN: 'https://training.example.org/' })).toEqual({
			ok: true,
			origin: 'https://training.example.org'
		});
		expect(readOrigin({ ORIGIN: 'http://localhost:3000' })).toEqual({ ok: true, origin: 'http://localhost:3000' });
	});

	it('is never guessed from proxy headers or localhost: without ORIGIN there is a clear message', () => {
		const result = readOrigin({ PROTOCOL_HEADER: 'x-forwarded-proto', HOST_HEADER: 'x-forwarded-host' });
		expect(result).toMatchObject({ ok: false, problem: expect.stringContaining('ORIGIN is not set') });
	});

	it('refuses what is not an address alone', () => {
		for (const ORIGIN of [
			'training.example.org',
			'ftp://example.org',
			'https://example.org/impartial',
			'https://u:p@example.org'
		])
			expect(readOrigin({ ORIGIN })).toMatchObject({ ok: false, problem: expect.stringContaining(`ORIGIN=${ORIGIN}`) });
	});
});
