// Children's and parents' details never go into supervision records: free text is refused when it
// holds an email address, a phone number or a postcode, and the writer is pointed to the case
// reference instead. What was typed goes back to them unchanged.

const patterns: { what: string; pattern: RegExp }[] = [
	{ what: 'an email address', pattern: /[^\s@<>()]+@[^\s@<>()]+\.[a-z]{2,}/i },
	// UK numbers: 0 or +44 then 9 or 10 more digits, spaces, dashes or brackets allowed between.
	{
		what: 'a phone number',
		pattern: /(?:\+\s?44\s?(?:\(0\)\s?)?|(?<![\w-])\(?0)\d(?:[\s-]?\)?[\s-]?\d){8,9}(?![\w-])/
	},
	// UK postcodes, like NE1 4ST or ne14st; ordinals such as "KS2 3rd" are not postcodes, but only a
	// true ordinal is left out: "4st" is the inward code of NE1 4ST, not a misspelt "4th".
	{
		what: 'a postcode',
		pattern:
			/(?<![\w-])(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?(?!1st|2nd|3rd|[04-9]th)\d[ABD-HJLNP-UW-Z]{2})(?![\w-])/i
	}
];

/** What personal detail the text seems to hold, if any: "an email address", "a phone number" or "a postcode". */
export function personalDetailIn(text: string): string | null {
	for (const { what, pattern } of patterns) if (pattern.test(text)) return what;
	return null;
}

export function personalDetailMessage(label: string, what: string, example: string): string {
	return `${label} contains what looks like ${what}. Remove it and refer to the family by case reference, like ${example}`;
}
