// Children's and parents' details never go into the service's free text: text is refused when it
// holds an email address, a phone number or a postcode, and the writer is pointed to the case
// reference instead. What was typed goes back to them unchanged.
//
// Everything here runs on whatever anyone types, so every step is one pass over the text with
// bounded look-around: a hand-written scanner, no regular expression that can backtrack. The text
// is first normalised (invisible and formatting characters dropped, every space and dash made
// plain), so a zero-width space or a full-width digit cannot hide a detail.

export type PersonalDetail = 'an email address' | 'a phone number' | 'a postcode';

export interface PersonalDetailOptions {
	/** The service's case reference pattern: a token that is one is never read as anything else. */
	caseReference?: RegExp;
}

/** The longest word tested against the service's own case reference pattern. */
const longestCaseReference = 40;

/**
 * The text as matched: compatibility forms folded, invisible characters dropped, spaces and dashes
 * unified, and an @ or a dot spelt out in brackets ("jane(at)example[dot]org") written as one.
 */
export function normaliseForMatching(text: string): string {
	const plain = text
		.replaceAll('\t', ' ')
		.replace(spelledOut, (_, word: string) => (word.toLowerCase() === 'at' ? '@' : '.'));
	// Plain ASCII (most text) has nothing else to fold.
	if (!/[^\x20-\x7e\n\r]/.test(plain)) return plain;
	return (
		plain
			.normalize('NFKC')
			// Zero-width spaces and joiners, soft hyphens, direction marks, combining marks.
			.replace(/[\p{Cf}\p{Mn}\p{Me}]/gu, '')
			// Every other space (no-break, thin, ideographic) and dash (en, em, minus) made plain.
			.replace(/[^\P{Zs} ]/gu, ' ')
			.replace(/[^\P{Pd}-]|\u2212/gu, '-')
	);
}

/** "(at)", "[at]", "{ dot }": each bracket is read once, and the spaces after it only up to its word. */
const spelledOut = /[([{] ?(at|dot) ?[)\]}]/gi;

/** What personal detail the text seems to hold, if any. */
export function personalDetailIn(text: string, options: PersonalDetailOptions = {}): PersonalDetail | null {
	let plain = normaliseForMatching(text);
	if (options.caseReference) plain = maskCaseReferences(plain, options.caseReference);
	if (hasEmailAddress(plain)) return 'an email address';
	if (hasPhoneNumber(plain)) return 'a phone number';
	if (hasPostcode(plain)) return 'a postcode';
	return null;
}

export function personalDetailMessage(label: string, what: string, example: string): string {
	return `${label} contains what looks like ${what}. Remove it and refer to the family by case reference, like ${example}`;
}

// Character classes, looked up by code for plain ASCII (most text) and by Unicode property otherwise.
const digit = 1;
const letter = 2;
const local = 4;
const domain = 8;
const asciiClass = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
	const c = String.fromCharCode(code);
	if (c >= '0' && c <= '9') asciiClass[code]! |= digit | local | domain;
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) asciiClass[code]! |= letter | local | domain;
	if ("._%+'!#$&*=?^`{|}~-".includes(c)) asciiClass[code]! |= local;
	if (c === '.' || c === '-') asciiClass[code]! |= domain;
}
const unicodeLetterOrDigit = /[\p{L}\p{N}]/u;

function classAt(text: string, i: number): number {
	const code = text.charCodeAt(i);
	if (Number.isNaN(code)) return 0;
	if (code < 128) return asciiClass[code]!;
	// Letters and digits of other scripts may be in a word, a local part or a domain.
	return unicodeLetterOrDigit.test(text[i]!) ? letter | local | domain : 0;
}

const isDigitAt = (text: string, i: number) => {
	const code = text.charCodeAt(i);
	return code >= 48 && code <= 57;
};
const isLetterOrDigitAt = (text: string, i: number) => (classAt(text, i) & (digit | letter)) !== 0;
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isAsciiLetter = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isSpaceAt = (text: string, i: number) => {
	const code = text.charCodeAt(i);
	return code === 32 || code === 10 || code === 13;
};

/** Blanks out every word that is one of the service's case references, so no digit in it counts. */
function maskCaseReferences(text: string, pattern: RegExp): string {
	const parts: string[] = [];
	let copied = 0;
	let i = 0;
	while (i < text.length) {
		if (isSpaceAt(text, i)) {
			i++;
			continue;
		}
		let end = i;
		while (end < text.length && !isSpaceAt(text, end)) end++;
		// A case reference a digit or letter of which could be read as part of a detail: three characters or more.
		if (end - i >= 3) {
			let from = i;
			let to = end;
			while (from < to && '([{"\''.includes(text[from]!)) from++;
			while (to > from && '.,;:!?)]}"\''.includes(text[to - 1]!)) to--;
			if (to - from >= 3 && to - from <= longestCaseReference && pattern.test(text.slice(from, to))) {
				parts.push(text.slice(copied, from), ' '.repeat(to - from));
				copied = to;
			}
		}
		i = end;
	}
	if (!parts.length) return text;
	parts.push(text.slice(copied));
	return parts.join('');
}

// Email addresses: at least one character of a local part right before an @ (a space either side
// allowed), then a domain of two or more labels ending in letters.

function hasEmailAddress(text: string): boolean {
	for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
		const before = text[at - 1] === ' ' ? at - 2 : at - 1;
		if (!(classAt(text, before) & local) || text[before] === '.') continue;
		const start = text[at + 1] === ' ' ? at + 2 : at + 1;
		// Each character is read here at most once per @ beside it: the scan stops at the next @.
		let end = start;
		while (classAt(text, end) & domain) end++;
		if (isDomain(text, start, end)) return true;
	}
	return false;
}

/** Whether text[start..end) is a domain: labels parted by dots, the last two or more letters. */
function isDomain(text: string, start: number, end: number): boolean {
	let last = end;
	while (last > start && (text[last - 1] === '.' || text[last - 1] === '-')) last--;
	let dot = last - 1;
	while (dot > start && text[dot] !== '.') dot--;
	if (dot <= start || last - dot - 1 < 2) return false;
	for (let i = dot + 1; i < last; i++) if (!(classAt(text, i) & letter)) return false;
	// No empty label (a@b..com): two dots together are not an address.
	for (let i = start + 1; i < last; i++) if (text[i] === '.' && text[i - 1] === '.') return false;
	return true;
}

// Phone numbers: runs of digit groups parted by spaces, dashes, dots or brackets. Within a run,
// every span of up to 15 digits that starts and ends on a group is tried as a UK number (0 and 9
// or 10 more digits; +44 or 0044, perhaps with (0), and 9 or 10 more) or an international one.
// Dates written with dots or dashes (02.11.2026, 2026-11-02) are taken out of a run first.

const phoneSeparator = (c: string | undefined) =>
	c === ' ' || c === '-' || c === '.' || c === '/' || c === '(' || c === ')';
const longestPhoneNumber = 15;
/** A phone number is written in at most this many groups: six (+44 (0) 1632 960 123 has five), or eleven digits spaced one by one. */
const mostPhoneGroups = 11;

/**
 * The digit groups of the run being read: where each starts and ends, and the one character that
 * parted it from the group before (0 for none, or for more than one). Reused from run to run, so
 * a long run of digits costs no garbage.
 */
const run = { text: '', count: 0, starts: [] as number[], ends: [] as number[], separators: [] as number[] };

function hasPhoneNumber(text: string): boolean {
	run.text = text;
	let i = 0;
	while (i < text.length) {
		const c = text[i];
		const startsRun = isDigitAt(text, i) || ((c === '+' || c === '(') && isDigitAt(text, i + 1));
		if (!startsRun) {
			i++;
			continue;
		}
		// A number glued to a word (KS2, Y11) is part of that word, not of a phone number.
		const glued = isLetterOrDigitAt(text, i - 1);
		const plus = c === '+' && !glued;
		let j = plus ? i + 1 : i;
		run.count = 0;
		let separatorStart = j;
		while (j < text.length) {
			if (isDigitAt(text, j)) {
				run.starts[run.count] = j;
				run.separators[run.count] = j - separatorStart === 1 ? text.charCodeAt(separatorStart) : 0;
				while (isDigitAt(text, j)) j++;
				run.ends[run.count] = j;
				run.count++;
				separatorStart = j;
			} else if (phoneSeparator(text[j]) && j - separatorStart < 4) j++;
			else break;
		}
		const from = glued ? 1 : 0;
		const to = j === separatorStart && isLetterOrDigitAt(text, j) ? run.count - 1 : run.count;
		if (holdsPhoneNumber(from, to, plus)) return true;
		// Past the run, then past the rest of any word it was glued to.
		i = Math.max(j, i + 1);
		while (i < text.length && isLetterOrDigitAt(text, i)) i++;
	}
	return false;
}

const dateSeparators = new Set(['.', '-', '/'].map((c) => c.charCodeAt(0)));
const groupText = (k: number) => run.text.slice(run.starts[k], run.ends[k]);
const groupLength = (k: number) => run.ends[k]! - run.starts[k]!;

/** Whether groups k, k+1 and k+2 read as a day, month and year (or year, month and day). */
function isDateAt(k: number): boolean {
	const separator = run.separators[k + 1]!;
	if (!dateSeparators.has(separator) || run.separators[k + 2] !== separator) return false;
	if (groupLength(k) > 4 || groupLength(k + 1) > 2 || groupLength(k + 2) > 4) return false;
	const [x, y, z] = [groupText(k), Number(groupText(k + 1)), groupText(k + 2)];
	const isMonth = y >= 1 && y <= 12;
	const isDay = (d: string) => d.length <= 2 && Number(d) >= 1 && Number(d) <= 31;
	if (x.length === 4) return isMonth && isDay(z);
	return isDay(x) && isMonth && (z.length === 2 || z.length === 4);
}

/** Tries every span of up to six of the run's groups from..to that no date interrupts. */
function holdsPhoneNumber(from: number, to: number, plus: boolean): boolean {
	let segment = from;
	for (let k = from; k <= to; k++) {
		const date = k + 2 < to && isDateAt(k);
		if (k < to && !date) continue;
		for (let start = segment; start < k; start++) {
			if (!couldStartPhoneNumber(start, k, plus && start === 0)) continue;
			let length = 0;
			for (let end = start; end < k && end < start + mostPhoneGroups; end++) {
				length += groupLength(end);
				if (length > longestPhoneNumber + 4) break;
				if (length >= 9 && isPhoneNumber(start, end, plus && start === 0)) return true;
			}
		}
		segment = k + 3;
		k += 2;
	}
	return false;
}

/**
 * A cheap look at the first three digits from group `start` (before `end`): a phone number starts
 * with +, with 0 and another digit, or with 00 and a country code (never 000).
 */
function couldStartPhoneNumber(start: number, end: number, plus: boolean): boolean {
	if (plus) return true;
	// The first three digits, read where they stand rather than copied out.
	const digits: number[] = [];
	for (let g = start; g < end && digits.length < 3; g++)
		for (let at = run.starts[g]!; at < run.ends[g]! && digits.length < 3; at++) digits.push(run.text.charCodeAt(at));
	const zero = 48;
	return digits[0] === zero && !(digits[1] === zero && digits[2] === zero);
}

/** Whether groups start..end are a phone number: a UK one (0 and 9 or 10 digits, or +44/0044) or another country's. */
function isPhoneNumber(start: number, end: number, plus: boolean): boolean {
	const groups = Array.from({ length: end - start + 1 }, (_, k) => groupText(start + k));
	const digits = groups.join('');
	let first = 0;
	let national: string;
	if (plus || digits.startsWith('00')) {
		const international = plus ? digits : digits.slice(2);
		if (international.startsWith('0')) return false;
		if (!international.startsWith('44'))
			return international.length >= 8 && international.length <= longestPhoneNumber && groups.length <= 6;
		// The country code written apart (+44 7700 ..., 0044 7700 ...) is not a group of the number.
		if (groups[0] === (plus ? '44' : '0044')) first++;
		national = international.slice(2);
		// +44 (0)7700 ...: the trunk zero in brackets is not dialled from abroad.
		if (national.startsWith('0')) national = national.slice(1);
	} else {
		if (!digits.startsWith('0')) return false;
		national = digits.slice(1);
		// Lists of small numbers (01 02 03 04 05) are not a phone number; a number spelt out digit by
		// digit (0 7 7 0 0 9 0 0 1 2 3) is.
		if (groups.every((g) => g.length === 1)) return national.length === 9 || national.length === 10;
		if (groups[0]!.length < 2) return false;
	}
	if (national.length !== 9 && national.length !== 10) return false;
	// Real numbers come in a few groups, one of them three digits or more; a bracketed trunk zero is not one.
	const rest = groups.slice(first);
	const count = rest.length - (rest[0] === '0' ? 1 : 0);
	return count <= 4 && rest.some((g) => g.length >= 3);
}

// Postcodes: an outward code from one of the UK's postcode areas and an inward code (digit and two
// letters), written together or apart with up to three spaces or dashes. "1st" and "3rd" written in
// lower case after something like B2 are ordinals in a sentence; B33 8TH and M1 1ST are postcodes.

const postcodeAreas = new Set(
	(
		'AB AL B BA BB BD BF BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC EH EN EX ' +
		'FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU M ME MK ML N NE NG ' +
		'NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS ' +
		'TW UB W WA WC WD WF WN WR WS WV YO ZE'
	).split(' ')
);

function isOutwardCode(code: string): boolean {
	if (code.length < 2 || code.length > 4) return false;
	const upper = code.toUpperCase();
	let k = 0;
	while (k < upper.length && isAsciiLetter(upper[k])) k++;
	if (k < 1 || k > 2 || !postcodeAreas.has(upper.slice(0, k))) return false;
	const district = upper.slice(k);
	// A9, A99, A9A (and AA9, AA99, AA9A).
	return (
		isDigit(district[0]) &&
		(district.length === 1 || (district.length === 2 && (isDigit(district[1]) || isAsciiLetter(district[1]))))
	);
}

const inwardLetters = 'ABDEFGHJLNPQRSTUWXYZ';

function isInwardCode(code: string): boolean {
	return (
		code.length === 3 &&
		isDigit(code[0]) &&
		inwardLetters.includes(code[1]!.toUpperCase()) &&
		inwardLetters.includes(code[2]!.toUpperCase())
	);
}

/** "1st", "2nd", "3rd", "4th" as written in a sentence: lower-case letters and the right suffix for the digit. */
function isOrdinalInSentence(inward: string): boolean {
	const suffix = inward.slice(1);
	if (suffix !== suffix.toLowerCase()) return false;
	const expected = { '1': 'st', '2': 'nd', '3': 'rd' }[inward[0]!] ?? 'th';
	return suffix === expected;
}

const isPostcode = (outward: string, inward: string) =>
	(outward.toUpperCase() === 'GIR' && inward.toUpperCase() === '0AA') ||
	(isOutwardCode(outward) && isInwardCode(inward) && !isOrdinalInSentence(inward));

function hasPostcode(text: string): boolean {
	// The word before this one, when it could be an outward code (2 to 4 characters, a letter first).
	let outwardStart = -1;
	let outwardEnd = -1;
	let i = 0;
	while (i < text.length) {
		if (!isLetterOrDigitAt(text, i)) {
			i++;
			continue;
		}
		let end = i;
		while (end < text.length && isLetterOrDigitAt(text, end)) end++;
		const length = end - i;
		const letterFirst = isAsciiLetter(text[i]);
		if (letterFirst && length >= 5 && length <= 7 && isPostcode(text.slice(i, end - 3), text.slice(end - 3, end)))
			return true;
		if (outwardStart >= 0 && length === 3 && i - outwardEnd <= 3 && /^[ -]+$/.test(text.slice(outwardEnd, i))) {
			if (isPostcode(text.slice(outwardStart, outwardEnd), text.slice(i, end))) return true;
		}
		[outwardStart, outwardEnd] = letterFirst && length >= 2 && length <= 4 ? [i, end] : [-1, -1];
		i = end;
	}
	return false;
}
