// Seeded random numbers for property and fuzz tests: the same seed gives the same cases on every
// run, so a failure can be reproduced, and the seed is in the test's name.

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

/** mulberry32: small, fast and well spread for test data (not for anything secret). */
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

/**
 * Milliseconds of processor time `work` takes, the best of `rounds`. Processor time rather than
 * time on the clock: on a shared machine other processes take turns, and that waiting is not the
 * work's; what the work costs is what it would hold a server's event loop for.
 */
export function fastestRun(work: () => unknown, rounds = 3): number {
	let best = Infinity;
	for (let i = 0; i < rounds; i++) {
		const started = process.cpuUsage();
		work();
		const used = process.cpuUsage(started);
		best = Math.min(best, (used.user + used.system) / 1000);
	}
	return best;
}
