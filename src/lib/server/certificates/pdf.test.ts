import { describe, expect, it } from 'vitest';
import { inflateSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { certificatePdf, printable } from './pdf';
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

/** The text drawn on the page: every content stream inflated, every shown string decoded. */
function pageText(pdf: Buffer): string {
	const raw = pdf.toString('latin1');
	const texts: string[] = [];
	for (const match of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
		let body: string;
		try {
			body = inflateSync(Buffer.from(match[1]!, 'latin1')).toString('latin1');
		} catch {
			continue;
		}
		// PDFKit writes each run of text as hex strings in a TJ array, split where kerning applies.
		for (const array of body.matchAll(/\[([^\]]*)\]\s*TJ/g))
			texts.push(
				[...array[1]!.matchAll(/<([0-9a-f]*)>/gi)].map((h) => Buffer.from(h[1]!, 'hex').toString('latin1')).join('')
			);
	}
	return texts.join('\n');
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

	it('writes a name the standard fonts cannot show without its accents rather than as stray symbols', () => {
		expect(printable('Łukasz Ščerbák')).toBe('Lukasz Šcerbák');
		expect(printable('Zoë')).toBe('Zoë');
		expect(printable('李')).toBe('?');
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
