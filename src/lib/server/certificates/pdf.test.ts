import { describe, expect, it } from 'vitest';
import { inflateSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { certificatePdf } from './pdf';
import { parseRanges, runsOf } from './fonts';
import { parseSimpleSvg } from './logo';
import type { CertificateFacts } from './index';

const facts: CertificateFacts = {
	service: { name: 'Northshire SENDIASS', shortName: 'Northshire', brandColour: '#1d5c63' },
	personName: 'Zoë Ávila-Brennan',
	title: 'Induction',
	statement: 'has completed the induction of Northshire SENDIASS',
	completedOn: '2026-11-30',
	covers: Array.from({ length: 11 }, (_, i) => ({
		title: `Module ${i + 1}`,
		version: `version 2, text ${'a1b2c3'.repeat(2)}`
	})),
	cohort: null,
	issuer: { name: 'Priya Raman' },
	issuedOn: '2026-12-01'
};

/** Every object of the PDF by number: its dictionary and its stream, inflated. */
function objects(pdf: Buffer): Map<string, { dict: string; stream: string }> {
	const found = new Map<string, { dict: string; stream: string }>();
	for (const match of pdf.toString('latin1').matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
		const [dict, raw] = match[2]!.split(/\nstream\r?\n/);
		let stream = '';
		if (raw !== undefined) {
			const bytes = Buffer.from(raw.replace(/\r?\nendstream\s*$/, ''), 'latin1');
			try {
				stream = inflateSync(bytes).toString('latin1');
			} catch {
				stream = bytes.toString('latin1');
			}
		}
		found.set(match[1]!, { dict: dict!, stream });
	}
	return found;
}

/**
 * The text drawn on the page, as a reader's copy and paste would give it: each run of an embedded
 * font is mapped back through that font's ToUnicode table, glyph code by glyph code.
 */
function pageText(pdf: Buffer): string {
	const all = objects(pdf);
	const tables = new Map<string, Map<string, string>>();
	for (const [, object] of all) {
		for (const [, name, id] of object.dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
			const unicode = /\/ToUnicode (\d+) 0 R/.exec(all.get(id!)?.dict ?? '')?.[1];
			if (!unicode) continue;
			const table = new Map<string, string>();
			for (const [, from, , list] of all.get(unicode)!.stream.matchAll(/<(\w+)> <(\w+)> \[([^\]]*)\]/g)) {
				// A ligature's entry holds several characters (<0066 0069> is "fi"), a mark drawn apart none (<>).
				[...list!.matchAll(/<([0-9a-f ]*)>/gi)].forEach(([, hex], i) =>
					table.set(
						(parseInt(from!, 16) + i).toString(16).padStart(4, '0'),
						Buffer.from(hex!.replaceAll(' ', ''), 'hex').swap16().toString('utf16le')
					)
				);
			}
			tables.set(name!, table);
		}
	}
	const lines: string[] = [];
	for (const [, object] of all) {
		let table: Map<string, string> | undefined;
		for (const [, font, array] of object.stream.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\]\s*TJ/g)) {
			if (font) table = tables.get(font);
			else if (table)
				lines.push(
					[...array!.matchAll(/<([0-9a-f]*)>/gi)]
						.flatMap(([, hex]) => hex!.match(/.{4}/g) ?? [])
						.map((code) => table!.get(code.toLowerCase()) ?? '\ufffd')
						.join('')
				);
		}
	}
	return lines.join('\n');
}

describe('the certificate PDF', () => {
	const logo = { file: 'logo.svg', contentType: 'image/svg+xml', body: readFileSync('content/logo.svg') };

	it('is a PDF that shows the name, the achievement, its date, what it covers, the issuer and the code', async () => {
		const pdf = await certificatePdf({
			facts,
			code: 'K7M2-Q9ZX-4B1D',
			issuedAt: new Date('2026-12-01T10:00:00Z'),
			verifyAddress: 'https://training.example/verify',
			logo
		});
		expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		expect(pdf.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
		const text = pageText(pdf);
		expect(text).toContain('Zoë Ávila-Brennan');
		expect(text).toContain('has completed the induction of Northshire SENDIASS');
		expect(text).toContain('Completed on 30 November 2026');
		expect(text).toContain('Module 11 (version 2, text a1b2c3a1b2c3)');
		expect(text).toContain('Issued by Priya Raman, coordinator, on 1 December 2026');
		expect(text).toContain('Verification code: K7M2-Q9ZX-4B1D');
		expect(text).toContain('https://training.example/verify');
		expect(pdf.toString('latin1')).toMatch(/\/Count 1\b/);
	});

	it('draws the logo as vector shapes in the service colour band', async () => {
		const withLogo = await certificatePdf({
			facts,
			code: 'K7M2-Q9ZX-4B1D',
			issuedAt: new Date(),
			verifyAddress: 'x',
			logo
		});
		const without = await certificatePdf({ facts, code: 'K7M2-Q9ZX-4B1D', issuedAt: new Date(), verifyAddress: 'x' });
		const streams = (pdf: Buffer) =>
			[...pdf.toString('latin1').matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)]
				.map((m) => {
					try {
						return inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
					} catch {
						return '';
					}
				})
				.join('\n');
		// The brand colour #1d5c63 as PDF RGB, and the logo's white strokes (curves for its circle).
		expect(streams(without)).toMatch(/0\.11\d* 0\.36\d* 0\.38\d* (rg|scn)/);
		expect(streams(withLogo).split(' c\n').length).toBeGreaterThan(streams(without).split(' c\n').length);
	});

	it('prints names as they are spelled, in Latin, Cyrillic and Greek, in the one embedded face', async () => {
		const names = ['Łukasz Dvořák', 'Ioana Ștefănescu', 'Олена Коваленко', 'Νίκος Παπαδόπουλος', 'Nguyễn Thị Hằng'];
		for (const personName of names) {
			const pdf = await certificatePdf({
				facts: { ...facts, personName, issuer: { name: 'Ærin Ó Súilleabháin' } },
				code: 'K7M2-Q9ZX-4B1D',
				issuedAt: new Date('2026-12-01T10:00:00Z'),
				verifyAddress: 'https://training.example/verify'
			});
			const text = pageText(pdf);
			// A name of several scripts is drawn run by run, so its runs follow one another in order.
			expect(text.replaceAll('\n', '')).toContain(personName);
			expect(text).toContain('Issued by Ærin Ó Súilleabháin, coordinator, on 1 December 2026');
			expect(pdf.toString('latin1')).not.toMatch(/Helvetica/);
			expect(pdf.toString('latin1')).toMatch(/NotoSans-Bold/);
		}
	});

	it('writes what the face cannot draw without its accents, or as a question mark, never as an empty box', () => {
		const drawn = (text: string) =>
			runsOf(text, 'regular')
				.map((r) => r.text)
				.join('');
		expect(drawn('Zoë\u0000 O\u202eBrien')).toBe('Zoë OBrien');
		expect(drawn('李 Wei')).toBe('? Wei');
		// Each run is drawn by the one file whose characters hold it.
		expect(runsOf('Łukasz Олена', 'bold').map((r) => [r.text, r.font.replace(/.*noto-sans-/, '')])).toEqual([
			['Ł', 'latin-ext-700-normal.woff'],
			['ukasz ', 'latin-700-normal.woff'],
			['Олена', 'cyrillic-700-normal.woff']
		]);
	});

	it('reads its character ranges as the font package states them', () => {
		expect(parseRanges('U+0000-00FF,U+0131')).toEqual([
			[0, 0xff],
			[0x131, 0x131]
		]);
	});
});

describe('the logo', () => {
	it('is drawn from a simple SVG of shapes and paths', () => {
		const svg = parseSimpleSvg(readFileSync('content/logo.svg', 'utf8'));
		expect(svg?.viewBox).toEqual([0, 0, 40, 40]);
		expect(svg?.shapes.map((s) => s.tag)).toEqual(['circle', 'path']);
	});

	it('is left off when the SVG uses what cannot be drawn faithfully', () => {
		expect(parseSimpleSvg('<svg viewBox="0 0 10 10"><g><circle cx="5" cy="5" r="4"/></g></svg>')).toBeNull();
		expect(
			parseSimpleSvg('<svg viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" transform="scale(2)"/></svg>')
		).toBeNull();
		expect(parseSimpleSvg('<svg viewBox="0 0 10 10"><text>Hi</text></svg>')).toBeNull();
		expect(parseSimpleSvg('<svg viewBox="0 0 10 10"><path d="M0 0 url(x)"/></svg>')).toBeNull();
		expect(parseSimpleSvg('not svg')).toBeNull();
	});
});
