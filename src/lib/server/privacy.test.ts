import { describe, expect, it } from 'vitest';
import { normaliseForMatching, personalDetailIn, personalDetailMessage } from './privacy';
import { seededRandom, type Random } from '../testing/random';

const caseReference = /^NS-[0-9]{4}-[0-9]{4}$/;
const detailIn = (text: string) => personalDetailIn(text, { caseReference });

/** Characters that show nothing on screen, as someone hiding a detail from a filter would use. */
const invisible = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u180E', '\u034F'];

describe('personal detail in free text', () => {
	it('finds email addresses', () => {
		expect(detailIn('Mum asked us to reply to jane.smith@example.co.uk about it')).toBe('an email address');
		expect(detailIn('PARENT@EXAMPLE.ORG')).toBe('an email address');
		expect(detailIn('write to jane @ example.org')).toBe('an email address');
		expect(detailIn('ja\u200Bne@exa\u200Cmple.org')).toBe('an email address');
		expect(detailIn('jane\uFF20example.org')).toBe('an email address');
		expect(detailIn('jane(at)example[dot]org')).toBe('an email address');
		expect(detailIn('jane [at] example.org')).toBe('an email address');
		expect(detailIn('jane{ AT }example{dot}org')).toBe('an email address');
	});

	it.each([
		'07700 900123',
		'+44 7700 900123',
		'0191 123 4567',
		'(0191) 1234567',
		'07700900123',
		'+44 (0)191 123 4567',
		'0191-123-4567',
		'07700.900.123',
		'0044 7700 900123',
		'0044 (0)7700 900123',
		'07700\u200B900123',
		'0\u200B7\u200B7\u200B0\u200B0 900123',
		'07700 900 123',
		'07700\u00A0900123',
		'07700 \u2013 900123',
		'\uFF10\uFF17\uFF17\uFF10\uFF10 900123',
		'020 7946 0018',
		'+33 1 23 45 67 89',
		'07700/900123',
		'0 7 7 0 0 9 0 0 1 2 3',
		'(07700) 900123'
	])('finds the phone number %j', (phone) => {
		expect(detailIn(phone)).toBe('a phone number');
		expect(detailIn(`Dad said to ring him on ${phone} after school.`)).toBe('a phone number');
		expect(detailIn(`Tel: ${phone} 2 children, Year 6.`)).toBe('a phone number');
	});

	it.each([
		'NE1 4ST',
		'ne14st',
		'SW1A 1AA',
		'sw1a1aa',
		'M1 1AE',
		'CR2 6XH',
		'SW1A  1AA',
		'SW1A-1AA',
		'SW1A\u200B1AA',
		'SW1\u200BA 1AA',
		'B33 8TH',
		'M1 1ST',
		'S1 2ND',
		'E1 3RD',
		'GIR 0AA',
		'SW1A\u30001AA'
	])('finds the postcode %j', (postcode) => {
		expect(detailIn(postcode)).toBe('a postcode');
		expect(detailIn(`The family moved to ${postcode} in the summer.`)).toBe('a postcode');
	});

	it.each([
		'NS-2026-0142',
		'2026-11-02',
		'09:30',
		'KS2 3rd',
		'KS1 2nd',
		'Year 6',
		'We met at 09:30 on 2026-11-02 to talk through NS-2026-0142 and NS-2026-0143.',
		'Talked through the EHC needs assessment timescales: 6 weeks to decide, 20 weeks in all.',
		'Reflected on staying impartial when the school and the parent disagree about the KS2 3rd term review.',
		'Year 6 transition; session lasted 60 minutes; 3 actions agreed.',
		'Meeting on 02.11.2026 and again on 03.11.2026 at 09.30-10.45.',
		'The tribunal is on 02/11/2026; the deadline was 01-02-2027.',
		'Costs of £1,250.00 and £45 were discussed; 86% of 7 people.',
		'Section 19(a) of the Children and Families Act 2014, regulation 6(1) of SI 2014/1530, para 9.69 and s.42(2).',
		'SEND Code of Practice 2015, paragraphs 2.8 to 2.19; Minimum Standard 3.5.',
		'Key Stage 2, KS4 options, Year 11 mocks.',
		'She is in the 3rd year; the 2nd meeting is on the 21st; B2 2nd floor; the 1st of May.',
		'Scores 01 02 03 04 05 06 07 08 09 10.',
		'Between 01.02.26 - 03.04.26 the plan was reviewed.',
		'Call logged at 2026-11-02 09:30, reference NS-2026-0142.',
		'Ask the SENCO @ the school to reply',
		'Twitter handle @ExampleService for updates'
	])('does not flag %j', (text) => {
		expect(detailIn(text)).toBeNull();
	});

	it('leaves alone a word that is one of the service’s own case references, whatever its digits', () => {
		const zeroReference = /^AB-0[0-9]{3}-[0-9]{6}$/;
		expect(personalDetailIn('Reviewed AB-0123-456789 today', { caseReference: zeroReference })).toBeNull();
		expect(personalDetailIn('Reviewed AB-0123-456789 today')).toBe('a phone number');
	});

	it('tells the writer to use the case reference instead', () => {
		expect(personalDetailMessage('Discussion', 'a phone number', 'NS-2026-0142')).toBe(
			'Discussion contains what looks like a phone number. Remove it and refer to the family by case reference, like NS-2026-0142'
		);
	});

	it('reads zero-width, no-break and full-width characters as the plain text they show', () => {
		expect(normaliseForMatching('0\u200B7\u00A07\u2013\uFF10')).toBe('07 7-0');
	});
});

// Property tests: generated details, hidden in ordinary sentences in every way the guard claims to
// see through, are always found; generated ordinary text is never flagged.

const sentences = [
	'Talked through NS-2026-0142 with the supervisor.',
	'The parent wants the options set out again.',
	'Agreed to send the factsheet on EHC needs assessments.',
	'Next session in 4 weeks.',
	'Discussed staying impartial.'
];
const separators = [' ', '-', '.', '  ', ' - ', '\u00A0', '\u2013'];

function hide(random: Random, text: string): string {
	let out = '';
	for (const c of text) out += c + (random.chance(0.15) ? random.pick(invisible) : '');
	return out;
}

function ukPhoneNumber(random: Random): string {
	const digits = (n: number) => random.string('0123456789', n);
	const national = random.pick([
		() => ['7' + digits(3), digits(6)],
		() => ['7' + digits(3), digits(3), digits(3)],
		() => ['1' + digits(2), digits(3), digits(4)],
		() => ['20', digits(4), digits(4)],
		() => ['1' + digits(3), digits(6)]
	])();
	const sep = () => random.pick(separators);
	const prefix = random.pick(['0', '+44 ', '+44 (0)', '0044 ', '+44', '(0']);
	const grouped = national.join(sep());
	if (prefix === '(0') return `(0${national[0]})${sep()}${national.slice(1).join(sep())}`;
	return prefix + grouped;
}

const areas = ['B', 'M', 'NE', 'SW', 'E', 'W', 'LS', 'CR', 'EC', 'WC', 'S', 'G'];
const inwardLetters = 'ABDEFGHJLNPQRSTUWXYZ';

function postcode(random: Random): string {
	const area = random.pick(areas);
	const district = random.pick([
		() => random.string('123456789', 1),
		() => random.string('123456789', 1) + random.string('0123456789', 1),
		() => random.string('123456789', 1) + random.string('ABCDEFGHJKPSTUVWXY', 1)
	])();
	const inward = random.string('0123456789', 1) + random.string(inwardLetters, 2);
	const sep = random.pick(['', ' ', '  ', '-', ' -', '\u00A0', '\u3000']);
	const code = `${area}${district}${sep}${inward}`;
	return random.chance(0.2) ? code.toLowerCase().replace(/\d(st|nd|rd|th)$/, (m) => m.toUpperCase()) : code;
}

function email(random: Random): string {
	const word = (n: number) => random.string('abcdefghijklmnopqrstuvwxyz', n);
	return `${word(random.int(1, 8))}${random.pick(['', '.', '_', '+'])}${word(random.int(1, 6))}@${word(random.int(2, 9))}.${random.pick(['org', 'co.uk', 'com', 'ac.uk', 'example'])}`;
}

function embed(random: Random, detail: string): string {
	return `${random.pick(sentences)} ${random.pick(['', 'Call ', 'at ', '(', 'to: '])}${detail}${random.pick(['', '.', ',', ')', ' today.'])} ${random.pick(sentences)}`;
}

const ordinaryPieces: ((random: Random) => string)[] = [
	(r) => `NS-${r.int(2020, 2030)}-${String(r.int(0, 9999)).padStart(4, '0')}`,
	(r) => `${r.int(2020, 2030)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`,
	(r) => `${String(r.int(1, 28)).padStart(2, '0')}/${String(r.int(1, 12)).padStart(2, '0')}/${r.int(2020, 2030)}`,
	(r) => `${String(r.int(1, 28)).padStart(2, '0')}.${String(r.int(1, 12)).padStart(2, '0')}.${r.int(2020, 2030)}`,
	(r) => `${r.int(1, 28)} ${r.pick(['January', 'May', 'November'])} ${r.int(2020, 2030)}`,
	(r) => `${String(r.int(8, 18)).padStart(2, '0')}:${r.pick(['00', '15', '30', '45'])}`,
	(r) => `£${r.int(1, 99)},${String(r.int(0, 999)).padStart(3, '0')}.${String(r.int(0, 99)).padStart(2, '0')}`,
	(r) => `£${r.int(1, 500)}`,
	(r) => `${r.pick(['KS', 'Key Stage '])}${r.int(1, 5)}`,
	(r) => `Year ${r.int(1, 13)}`,
	(r) => `the ${r.pick(['1st', '2nd', '3rd', '4th', '21st', '22nd', '23rd'])} ${r.pick(['meeting', 'term', 'week'])}`,
	(r) => `section ${r.int(1, 99)}(${r.int(1, 9)})(${r.pick(['a', 'b', 'c'])}) of the Children and Families Act 2014`,
	(r) => `regulation ${r.int(1, 60)}(${r.int(1, 9)}) of SI 2014/1530`,
	(r) => `paragraph ${r.int(1, 10)}.${r.int(1, 99)} of the Code`,
	(r) => `s.${r.int(1, 99)}(${r.int(1, 9)})`,
	(r) => `${r.int(1, 52)} weeks`,
	(r) => `${r.int(0, 100)}%`,
	(r) => `${r.int(1, 480)} minutes`
];

describe('personal detail: generated cases (seed 18)', () => {
	const random = seededRandom(18);

	it('finds every generated UK phone number, however it is written or hidden', () => {
		for (let n = 0; n < 2000; n++) {
			const phone = ukPhoneNumber(random);
			const text = embed(random, random.chance(0.5) ? hide(random, phone) : phone);
			expect(detailIn(text), text).toBe('a phone number');
		}
	});

	it('finds every generated postcode, however it is spaced or hidden', () => {
		for (let n = 0; n < 2000; n++) {
			const code = postcode(random);
			const text = embed(random, random.chance(0.5) ? hide(random, code) : code);
			expect(detailIn(text), text).toBe('a postcode');
		}
	});

	it('finds every generated email address, however it is hidden', () => {
		for (let n = 0; n < 2000; n++) {
			const address = email(random);
			const text = embed(random, random.chance(0.5) ? hide(random, address) : address);
			expect(detailIn(text), text).toBe('an email address');
		}
	});

	it('flags none of thousands of ordinary sentences of case references, dates, money, stages, ordinals and legal references', () => {
		for (let n = 0; n < 3000; n++) {
			const pieces = Array.from({ length: random.int(1, 6) }, () => random.pick(ordinaryPieces)(random));
			const text = pieces.join(random.pick([' ', ', ', '; ', ' and ', ' on ', ' - ', '. ']));
			expect(detailIn(text), text).toBeNull();
		}
	});
});

// How long the guard takes on adversarial text is tested with every other free-text check, in
// free-text.test.ts, in a process of its own.
