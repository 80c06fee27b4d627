// Text built to stall a check that backtracks or reads the same characters again and again: long
// words, many dots, many @, many digits. Every check on free text must read 500 KB of each quickly.

export const adversarialSize = 500_000;
const size = adversarialSize;
export const adversarialTexts: Record<string, string> = {
	'one long word': 'a'.repeat(size),
	'many dots': '.'.repeat(size),
	'dotted words': 'a.'.repeat(size / 2),
	'many @': '@'.repeat(size),
	'a@ repeated': 'a@'.repeat(size / 2),
	'a@a. repeated': 'a@a.'.repeat(size / 4),
	'many digits': '0'.repeat(size),
	'digits and spaces': '0 '.repeat(size / 2),
	'digits and dots': '0.'.repeat(size / 2),
	'phone-like groups': '07700 '.repeat(size / 6),
	'plus signs': '+4'.repeat(size / 2),
	brackets: '(0'.repeat(size / 2),
	'outward codes': 'SW1A '.repeat(size / 5),
	'zero-width spaces': '\u200B'.repeat(size),
	'mixed symbols': Array.from({ length: size }, (_, i) => 'a.@0 -+()'[(i * 7919) % 9]).join('')
};
