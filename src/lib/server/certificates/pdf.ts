// A certificate as a PDF, made with PDFKit from the facts frozen at issue: the same certificate
// gives the same page however the content has changed since, apart from the logo, which is the
// service's current one.
import PDFDocument from 'pdfkit';
import type { ServiceConfig } from '../content/service';
import { formatDate } from '../../format';
import { drawSimpleSvg, parseSimpleSvg } from './logo';
import type { CertificateFacts } from './index';

export interface PdfInput {
	facts: CertificateFacts;
	/** The code as people read it, K7M2-Q9ZX-4B1D. */
	code: string;
	issuedAt: Date;
	/** Where the code is checked: https://…/verify. */
	verifyAddress: string;
	logo?: ServiceConfig['logo'];
}

/**
 * The standard PDF fonts know only the Windows-1252 characters. A letter outside it is written
 * without its accent where it has one (Ł becomes L), so a name never comes out as stray symbols.
 */
export function printable(text: string): string {
	return Array.from(text.normalize('NFC'), (ch) => {
		if (isWinAnsi(ch)) return ch;
		const plain = ch.normalize('NFD').replace(/\p{M}/gu, '');
		if (plain && Array.from(plain).every(isWinAnsi)) return plain;
		return special[ch] ?? '?';
	}).join('');
}

const special: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', ı: 'i', Ħ: 'H', ħ: 'h' };
const extra = new Set(Array.from('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ'));
function isWinAnsi(ch: string): boolean {
	const c = ch.codePointAt(0)!;
	return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || extra.has(ch);
}

export function certificatePdf(input: PdfInput): Promise<Buffer> {
	const { facts } = input;
	const doc = new PDFDocument({
		size: 'A4',
		layout: 'landscape',
		margin: 0,
		info: {
			Title: printable(`${facts.title}: certificate for ${facts.personName}`),
			Author: printable(facts.service.name),
			Subject: printable(`${facts.personName} ${facts.statement}`),
			CreationDate: input.issuedAt
		}
	});
	const chunks: Buffer[] = [];
	doc.on('data', (chunk: Buffer) => chunks.push(chunk));
	const done = new Promise<Buffer>((resolve, reject) => {
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});

	const width = doc.page.width;
	const height = doc.page.height;
	const margin = 56;
	const inner = width - 2 * margin;
	const colour = facts.service.brandColour;

	// The band across the top in the service's colour, with its logo and name in white, as in the header.
	doc.rect(0, 0, width, 88).fill(colour);
	let nameX = margin;
	if (input.logo?.contentType === 'image/png') {
		doc.image(input.logo.body, margin, 20, { fit: [48, 48] });
		nameX += 64;
	} else if (input.logo) {
		const svg = parseSimpleSvg(input.logo.body.toString('utf8'));
		if (svg) {
			drawSimpleSvg(doc, svg, margin, 20, 48);
			nameX += 64;
		}
	}
	doc
		.fillColor('white')
		.font('Helvetica-Bold')
		.fontSize(20)
		.text(printable(facts.service.name), nameX, 34, {
			width: width - nameX - margin,
			lineBreak: false,
			ellipsis: true
		});
	doc.rect(0, height - 12, width, 12).fill(colour);

	doc.fillColor('#0b0c0c').font('Helvetica').fontSize(14);
	doc.text('Certificate', margin, 120, { width: inner, align: 'center', characterSpacing: 2 });
	doc.font('Helvetica-Bold').fontSize(30).fillColor(colour);
	doc.text(printable(facts.personName), margin, 146, { width: inner, align: 'center' });
	doc.font('Helvetica').fontSize(15).fillColor('#0b0c0c');
	doc.moveDown(0.4);
	doc.text(printable(facts.statement), { width: inner, align: 'center' });
	doc.moveDown(0.3);
	doc.text(`Completed on ${formatDate(facts.completedOn)}`, { width: inner, align: 'center' });
	if (facts.cohort) doc.text(printable(`Cohort: ${facts.cohort}`), { width: inner, align: 'center' });

	doc.moveDown(1);
	doc.font('Helvetica-Bold').fontSize(11).text('What it covers', margin, doc.y, { width: inner });
	doc.font('Helvetica').fontSize(facts.covers.length > 8 ? 8.5 : 10);
	// Two columns when the list is long, so a full induction fits on the page.
	const columns = facts.covers.length > 8 ? 2 : 1;
	const perColumn = Math.ceil(facts.covers.length / columns);
	const top = doc.y + 4;
	const columnWidth = (inner - (columns - 1) * 24) / columns;
	let bottom = top;
	for (let c = 0; c < columns; c++) {
		doc.y = top;
		for (const item of facts.covers.slice(c * perColumn, (c + 1) * perColumn)) {
			doc.text(printable(`${item.title} (${item.version})`), margin + c * (columnWidth + 24), doc.y, {
				width: columnWidth
			});
		}
		bottom = Math.max(bottom, doc.y);
	}

	const footer = height - 96;
	doc.y = Math.max(bottom + 12, footer);
	doc.fontSize(10).fillColor('#0b0c0c');
	const issuedBy = facts.issuer ? `Issued by ${facts.issuer.name}, coordinator, ` : `Issued by ${facts.service.name} `;
	doc.text(printable(`${issuedBy}on ${formatDate(facts.issuedOn)}`), margin, doc.y, { width: inner });
	doc.font('Helvetica-Bold').text(`Verification code: ${input.code}`, { width: inner });
	doc.font('Helvetica').text(`Anyone can check it stands at ${input.verifyAddress}`, { width: inner });

	doc.end();
	return done;
}
