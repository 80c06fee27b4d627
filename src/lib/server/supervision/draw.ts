// Casework sampling: the case references a supervisor enters, and a draw that anyone holding the
// same list and seed can work again and get the same cases.
import { createHash, randomBytes } from 'node:crypto';

export interface CaseListProblem {
	line: number;
	value: string;
}

/** How many problems a list keeps word for word; the rest are only counted. */
const keptProblems = 10;

/**
 * Case references typed or pasted one per line (commas and spaces also separate); duplicates
 * count once. One pass over the text; only the first few problems are kept, the rest counted.
 */
export function parseCaseList(
	text: string,
	pattern: RegExp
): { references: string[]; problems: CaseListProblem[]; problemCount: number } {
	const references: string[] = [];
	const problems: CaseListProblem[] = [];
	let problemCount = 0;
	const seen = new Set<string>();
	let line = 1;
	for (const [token] of text.matchAll(/\n|[^\s,;]+/g)) {
		if (token === '\n') line++;
		else if (!pattern.test(token)) {
			if (problemCount++ < keptProblems) problems.push({ line, value: token });
		} else if (!seen.has(token)) {
			seen.add(token);
			references.push(token);
		}
	}
	return { references, problems, problemCount };
}

export function newSeed(): string {
	return randomBytes(8).toString('hex');
}

/** The i-th number the seed gives: 32 bits of SHA-256 over the seed and i. */
function seeded(seed: string, i: number): number {
	return createHash('sha256').update(`${seed}:${i}`).digest().readUInt32BE(0);
}

/**
 * Draws `size` references from `eligible`: sorted first, so the order they were typed in does not
 * matter, then shuffled by the seed (Fisher-Yates), and the first `size` taken.
 */
export function drawCases(eligible: readonly string[], seed: string, size: number): string[] {
	const cases = [...new Set(eligible)].sort();
	for (let i = cases.length - 1; i > 0; i--) {
		const j = seeded(seed, i) % (i + 1);
		[cases[i], cases[j]] = [cases[j]!, cases[i]!];
	}
	return cases.slice(0, size);
}

/** Works a recorded draw again from what it recorded, and says whether it gives the same cases. */
export function drawReproduces(sample: {
	entered: readonly string[];
	excluded: readonly string[];
	seed: string;
	size: number;
	drawn: readonly string[];
}): boolean {
	const excluded = new Set(sample.excluded);
	const again = drawCases(
		sample.entered.filter((c) => !excluded.has(c)),
		sample.seed,
		sample.size
	);
	return again.length === sample.drawn.length && again.every((c, i) => c === sample.drawn[i]);
}
