// The certificate's typeface: Noto Sans, embedded from the @fontsource package, so a person's name
// is printed as it is spelled (Łukasz, Dvořák, Ioana Ștefănescu, Олена, Νίκος) rather than in the
// standard PDF fonts, which know only Western European letters. The package splits the face into
// script subsets (Latin, Latin Extended, Cyrillic, Greek, Vietnamese, Devanagari), each a file with
// its own range of characters, listed in the package's unicode.json. A line is written as runs, each
// in the subset that holds its characters. A character no subset holds (Chinese, Arabic and other
// scripts the face leaves to other Noto families) is written without its accent when that helps,
// or as a question mark, never as an empty box.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type Weight = 'regular' | 'bold';

interface Subset {
	name: string;
	ranges: [number, number][];
	/** The path of each weight's file. */
	files: Record<Weight, string>;
}

/** A stretch of text that one subset's file can draw. */
export interface Run {
	text: string;
	/** The path of the file that draws it (PDFKit reads and embeds each once per document). */
	font: string;
}

// Latin first, so spaces and punctuation between runs of other scripts stay in the common face.
const order = ['latin', 'latin-ext', 'vietnamese', 'greek', 'greek-ext', 'cyrillic', 'cyrillic-ext', 'devanagari'];

let subsets: Subset[] | undefined;

function packageFolder(): string {
	const require = createRequire(import.meta.url);
	return dirname(dirname(require.resolve('@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff')));
}

/** "U+0000-00FF,U+0131" as pairs of code points. */
export function parseRanges(text: string): [number, number][] {
	return text.split(',').map((part) => {
		const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
		const start = parseInt(from!, 16);
		return [start, to === undefined ? start : parseInt(to, 16)];
	});
}

function loadSubsets(): Subset[] {
	if (subsets) return subsets;
	const folder = packageFolder();
	const ranges = JSON.parse(readFileSync(join(folder, 'unicode.json'), 'utf8')) as Record<string, string>;
	subsets = order
		.filter((name) => ranges[name])
		.map((name) => ({
			name,
			ranges: parseRanges(ranges[name]!),
			files: {
				regular: join(folder, 'files', `noto-sans-${name}-400-normal.woff`),
				bold: join(folder, 'files', `noto-sans-${name}-700-normal.woff`)
			}
		}));
	return subsets;
}

function subsetOf(ch: string): Subset | undefined {
	return loadSubsets().find((s) => inSubset(s, ch));
}

/** A character the face can draw: itself, or without its accents, or a question mark. */
function drawable(ch: string): string {
	if (subsetOf(ch)) return ch;
	const plain = ch.normalize('NFD').replace(/\p{M}/gu, '');
	return plain && Array.from(plain).every((c) => subsetOf(c)) ? plain : '?';
}

/** The text as runs, each drawn by one subset's file of the weight asked for. */
export function runsOf(text: string, weight: Weight): Run[] {
	const runs: Run[] = [];
	let current: { subset: Subset; text: string } | undefined;
	for (const ch of Array.from(text.normalize('NFC').replace(/[\p{Cc}\p{Cf}]/gu, ''), drawable).join('')) {
		const subset = subsetOf(ch)!;
		// A mark that combines with the letter before it stays in that letter's run when its file has it.
		if (current && (current.subset === subset || (/\p{M}/u.test(ch) && inSubset(current.subset, ch)))) {
			current.text += ch;
			continue;
		}
		if (current) runs.push({ text: current.text, font: current.subset.files[weight] });
		current = { subset, text: ch };
	}
	if (current) runs.push({ text: current.text, font: current.subset.files[weight] });
	return runs;
}

function inSubset(subset: Subset, ch: string): boolean {
	const code = ch.codePointAt(0)!;
	return subset.ranges.some(([from, to]) => code >= from && code <= to);
}
