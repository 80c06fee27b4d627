import { describe, expect, it } from 'vitest';
import { drawCases, drawReproduces, newSeed, parseCaseList } from './draw';

const pattern = /^NS-[0-9]{4}-[0-9]{4}$/;
const reference = (n: number) => `NS-2026-${String(n).padStart(4, '0')}`;
const forty = Array.from({ length: 40 }, (_, i) => reference(i + 1));

describe('parsing a list of case references', () => {
	it('reads one per line, ignoring blank lines and Windows line endings', () => {
		expect(parseCaseList('NS-2026-0142\r\nNS-2026-0007\n\n  NS-2026-0311  \n', pattern)).toMatchObject({
			references: ['NS-2026-0142', 'NS-2026-0007', 'NS-2026-0311'],
			problems: []
		});
	});

	it('reads a list pasted with commas, semicolons or spaces between', () => {
		expect(
			parseCaseList('NS-2026-0001, NS-2026-0002;NS-2026-0003 NS-2026-0004\tNS-2026-0005', pattern).references
		).toEqual(['NS-2026-0001', 'NS-2026-0002', 'NS-2026-0003', 'NS-2026-0004', 'NS-2026-0005']);
	});

	it('counts a reference entered twice once', () => {
		expect(parseCaseList('NS-2026-0001\nNS-2026-0002\nNS-2026-0001, NS-2026-0002', pattern).references).toEqual([
			'NS-2026-0001',
			'NS-2026-0002'
		]);
	});

	it('reports what is not a case reference with its line number', () => {
		const { references, problems } = parseCaseList('NS-2026-0001\nJoe Bloggs\n\nNS-2026-0002, ns-2026-3\n', pattern);
		expect(references).toEqual(['NS-2026-0001', 'NS-2026-0002']);
		expect(problems).toEqual([
			{ line: 2, value: 'Joe' },
			{ line: 2, value: 'Bloggs' },
			{ line: 4, value: 'ns-2026-3' }
		]);
	});

	it('keeps the first ten problems word for word and counts every one, on lines ending CRLF too', () => {
		const text = Array.from({ length: 25 }, (_, i) => `bad-${i}`).join('\r\n') + '\r\nNS-2026-0009';
		const { references, problems, problemCount } = parseCaseList(text, pattern);
		expect(references).toEqual(['NS-2026-0009']);
		expect(problemCount).toBe(25);
		expect(problems).toHaveLength(10);
		expect(problems[9]).toEqual({ line: 10, value: 'bad-9' });
	});

	it('finds nothing in an empty list', () => {
		expect(parseCaseList(' \n\n', pattern)).toMatchObject({ references: [], problems: [], problemCount: 0 });
	});
});

describe('drawing cases', () => {
	it('draws the same cases from the same list and seed, whatever order the list was typed in', () => {
		const shuffled = [...forty].reverse();
		const interleaved = forty.filter((_, i) => i % 2).concat(forty.filter((_, i) => !(i % 2)));
		const drawn = drawCases(forty, 'seed-1', 5);
		expect(drawCases(shuffled, 'seed-1', 5)).toEqual(drawn);
		expect(drawCases(interleaved, 'seed-1', 5)).toEqual(drawn);
	});

	it('draws the number asked for, all different and all from the list', () => {
		const drawn = drawCases([...forty, ...forty.slice(0, 10)], newSeed(), 6);
		expect(drawn).toHaveLength(6);
		expect(new Set(drawn).size).toBe(6);
		for (const c of drawn) expect(forty).toContain(c);
	});

	it('returns every case when there are fewer than the sample size', () => {
		const drawn = drawCases(['NS-2026-0002', 'NS-2026-0001'], 'seed', 3);
		expect([...drawn].sort()).toEqual(['NS-2026-0001', 'NS-2026-0002']);
		expect(drawCases([], 'seed', 3)).toEqual([]);
	});

	it('draws differently with different seeds', () => {
		const draws = ['a', 'b', 'c', 'd', 'e'].map((seed) => drawCases(forty, seed, 3).join(','));
		expect(new Set(draws).size).toBeGreaterThan(1);
	});

	it('does not always favour the first cases in the list', () => {
		const firsts = new Set(Array.from({ length: 30 }, (_, i) => drawCases(forty, `seed-${i}`, 1)[0]));
		expect(firsts.size).toBeGreaterThan(10);
	});
});

describe('reproducing a recorded draw', () => {
	const entered = forty.slice(0, 12);
	const excluded = [entered[3]!, entered[7]!];
	const seed = 'c0ffee00c0ffee00';
	const drawn = drawCases(
		entered.filter((c) => !excluded.includes(c)),
		seed,
		3
	);

	it('gives the same cases from what was recorded', () => {
		expect(drawReproduces({ entered, excluded, seed, size: 3, drawn })).toBe(true);
		expect(drawn).not.toContain(excluded[0]);
		expect(drawn).not.toContain(excluded[1]);
	});

	it('fails when the drawn cases have been changed', () => {
		const swapped = entered.find((c) => !drawn.includes(c) && !excluded.includes(c))!;
		expect(drawReproduces({ entered, excluded, seed, size: 3, drawn: [drawn[0]!, drawn[1]!, swapped] })).toBe(false);
		expect(drawReproduces({ entered, excluded, seed, size: 3, drawn: [...drawn].reverse() })).toBe(false);
		expect(drawReproduces({ entered, excluded, seed, size: 3, drawn: drawn.slice(0, 2) })).toBe(false);
	});

	it('fails when the seed has been changed', () => {
		const otherSeed = ['1', '2', '3', '4', '5'].find(
			(s) =>
				drawCases(
					entered.filter((c) => !excluded.includes(c)),
					s,
					3
				).join() !== drawn.join()
		)!;
		expect(otherSeed).toBeDefined();
		expect(drawReproduces({ entered, excluded, seed: otherSeed, size: 3, drawn })).toBe(false);
	});
});
