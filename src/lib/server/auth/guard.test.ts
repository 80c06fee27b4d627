import { describe, expect, it } from 'vitest';
import { safeNext } from './guard';
import { seededRandom } from '../../testing/random';

const origin = 'https://training.example.org';

describe('where signing in goes next', () => {
	it('goes to a path on this site, as asked', () => {
		expect(safeNext('/people?role=staff#list', origin)).toBe('/people?role=staff#list');
		expect(safeNext('/supervision/records/3f1c', origin)).toBe('/supervision/records/3f1c');
	});

	it.each([
		'/\t/evil.example',
		'/\n/evil.example',
		'/\r\n/evil.example',
		'/\u3000/evil.example',
		'/\u00A0/evil.example',
		'/\u200B/evil.example',
		'//evil.example',
		'/\\evil.example',
		'/\\/evil.example',
		'/.//evil.example',
		'/%2e//evil.example',
		'/a/..//evil.example',
		'/./\\evil.example',
		'https://evil.example/',
		'evil.example',
		'javascript:alert(1)',
		'/people\u0000',
		' /people',
		''
	])('goes home instead of %j', (next) => {
		expect(safeNext(next, origin)).toBe('/');
	});

	it('never leaves the site, nor sends a character a browser would read differently (seed 2)', () => {
		const random = seededRandom(2);
		const alphabet = [
			'/',
			'\\',
			'\t',
			'\n',
			'\r',
			' ',
			'\u3000',
			'\u200B',
			':',
			'.',
			'..',
			'%2e',
			'evil.example',
			'e',
			'@',
			'%',
			'?',
			'#',
			'0',
			'x'
		];
		for (let n = 0; n < 20_000; n++) {
			const next = Array.from({ length: random.int(0, 10) }, () => random.pick(alphabet)).join('');
			const target = safeNext(next, origin);
			expect(target.startsWith('/') && !target.startsWith('//'), JSON.stringify(next)).toBe(true);
			expect(/[\s\\\p{Cc}\p{Cf}]/u.test(target), JSON.stringify(next)).toBe(false);
			expect(new URL(target, origin).origin).toBe(origin);
		}
	});
});
