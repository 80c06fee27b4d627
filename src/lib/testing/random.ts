// Helpers for property, fuzz and timing tests: seeded random numbers (the seed is in the test's
// name, so a failure can be reproduced) and the processor time a piece of work takes.

export { seededRandom, type Random } from '../random';

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
