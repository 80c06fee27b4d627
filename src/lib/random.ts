// Seeded random numbers: the same seed gives the same sequence on every run. Property and fuzz
// tests use it so a failure can be reproduced; the demo uses it so its made-up people are the same
// on every start. Not for anything secret.

export interface Random {
	/** A number in [0, 1). */
	next(): number;
	/** A whole number from min to max, both included. */
	int(min: number, max: number): number;
	pick<T>(list: readonly T[]): T;
	chance(p: number): boolean;
	/** A string of `length` characters drawn from `alphabet`. */
	string(alphabet: string, length: number): string;
}

/** mulberry32: small, fast and well spread (not for anything secret). */
export function seededRandom(seed: number): Random {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
	return {
		next,
		int,
		pick: (list) => list[int(0, list.length - 1)]!,
		chance: (p) => next() < p,
		string: (alphabet, length) => Array.from({ length }, () => alphabet[int(0, alphabet.length - 1)]).join('')
	};
}
