import { uneval } from 'devalue';
import { describe, expect, it } from 'vitest';
import { transport } from './hooks';

/** A page's data as SvelteKit's server writes it: devalue, asking each transport first. */
function serialise(data: unknown): string {
	return uneval({ type: 'data', data, uses: {} }, (value) => {
		for (const [key, { encode }] of Object.entries(transport)) {
			const encoded = encode(value);
			if (encoded) return `app.decode('${key}', ${uneval(encoded)})`;
		}
	});
}

describe('transport', () => {
	it('writes a placeholder for a page of any size, since no page is ever hydrated', () => {
		const people = Array.from({ length: 50 }, (_, i) => ({ id: `${i}`, name: `Person ${i}`, roles: ['volunteer'] }));
		const small = serialise({ title: 'Policies' });
		const large = serialise({ people, module: { html: `<p>${'Long text. '.repeat(5_000)}</p>` } });
		expect(large).toBe(small);
		expect(large.length).toBeLessThan(40);
		expect(() => transport.Unsent!.decode(1)).toThrow(/csr = false/);
	});
});
