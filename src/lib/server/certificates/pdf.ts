// A certificate as a PDF, made with PDFKit from the facts frozen at issue: the same certificate
// gives the same page however the content has changed since, apart from the logo, which is the
// service's current one.
import PDFDocument from 'pdfkit';
import type { ServiceConfig } from '../content/service';
import { formatDate } from '../../format';
import { drawSimpleSvg, parseSimpleSvg } from './logo';
import { runsOf, type Weight } from './fonts';
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

interface LineStyle {
	weight: Weight;
	size: number;
	width: number;
	align?: 'left' | 'center';
	characterSpacing?: number;
	/** Kept to one line: a run of one script is cut with an ellipsis, of several shrunk to fit. */
	oneLine?: boolean;
}

/**
 * Writes text at (x, y), or below what was written last, in Noto Sans. Text in one script is
 * PDFKit's ordinary text, wrapped and aligned by it. Text mixing scripts (a name such as "Łukasz
 * Nowak" spans the Latin and Latin Extended files) is measured run by run and placed by hand, since
 * PDFKit aligns each continued run on its own; if it is too wide for one line it is set smaller, down
 * to two thirds, and past that wrapped from the left.
 */
function write(doc: PDFKit.PDFDocument, text: string, style: LineStyle, at?: { x: number; y: number }): void {
	const runs = runsOf(text, style.weight);
	const x = at?.x ?? doc.x;
	const y = at?.y ?? doc.y;
	const options = { width: style.width, align: style.align, characterSpacing: style.characterSpacing };
	if (runs.length <= 1) {
		doc.font(runs[0]?.font ?? runsOf(' ', style.weight)[0]!.font).fontSize(style.size);
		doc.text(runs[0]?.text ?? '', x, y, style.oneLine ? { ...options, lineBreak: false, ellipsis: true } : options);
		return;
	}
	const widthAt = (size: number) =>
		runs.reduce(
			(sum, run) =>
				sum + doc.font(run.font).fontSize(size).widthOfString(run.text, { characterSpacing: style.characterSpacing }),
			0
		);
	const size = Math.max(style.size * Math.min(1, style.width / widthAt(style.size)), (style.size * 2) / 3);
	const total = widthAt(size);
	if (total > style.width && !style.oneLine) {
		doc.x = x;
		doc.y = y;
		runs.forEach((run, i) =>
			doc
				.font(run.font)
				.fontSize(size)
				.text(run.text, i === 0 ? x : undefined, i === 0 ? y : undefined, {
					...options,
					align: 'left',
					continued: i < runs.length - 1
				})
		);
		return;
	}
	let left = style.align === 'center' ? x + Math.max(0, (style.width - total) / 2) : x;
	let height = 0;
	for (const run of runs) {
		doc.font(run.font).fontSize(size);
		doc.text(run.text, left, y, { lineBreak: false, characterSpacing: style.characterSpacing });
		left += doc.widthOfString(run.text, { characterSpacing: style.characterSpacing });
		height = Math.max(height, doc.currentLineHeight(true));
	}
	doc.x = x;
	doc.y = y + height;
}

export function certificatePdf(input: PdfInput): Promise<Buffer> {
	const { facts } = input;
	const doc = new PDFDocument({
		size: 'A4',
		layout: 'landscape',
		margin: 0,
		info: {
			Title: `${facts.title}: certificate for ${facts.personName}`,
			Author: facts.service.name,
			Subject: `${facts.personName} ${facts.statement}`,
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
	doc.fillColor('white');
	write(
		doc,
		facts.service.name,
		{ weight: 'bold', size: 20, width: width - nameX - margin, oneLine: true },
		{ x: nameX, y: 32 }
	);
	doc.rect(0, height - 12, width, 12).fill(colour);

	const centred = { width: inner, align: 'center' } as const;
	doc.fillColor('#0b0c0c');
	write(doc, 'Certificate', { ...centred, weight: 'regular', size: 14, characterSpacing: 2 }, { x: margin, y: 120 });
	doc.fillColor(colour);
	write(doc, facts.personName, { ...centred, weight: 'bold', size: 30, oneLine: true }, { x: margin, y: 144 });
	doc.fillColor('#0b0c0c');
	doc.moveDown(0.4);
	const body = { ...centred, weight: 'regular', size: 15 } as const;
	write(doc, facts.statement, body);
	doc.moveDown(0.3);
	write(doc, `Completed on ${formatDate(facts.completedOn)}`, body);
	if (facts.cohort) write(doc, `Cohort: ${facts.cohort}`, body);

	doc.moveDown(1);
	write(doc, 'What it covers', { weight: 'bold', size: 11, width: inner }, { x: margin, y: doc.y });
	// Two columns when the list is long, so a full induction fits on the page.
	const columns = facts.covers.length > 8 ? 2 : 1;
	const perColumn = Math.ceil(facts.covers.length / columns);
	const top = doc.y + 4;
	const columnWidth = (inner - (columns - 1) * 24) / columns;
	const item = { weight: 'regular', size: facts.covers.length > 8 ? 8.5 : 10, width: columnWidth } as const;
	let bottom = top;
	for (let c = 0; c < columns; c++) {
		doc.y = top;
		for (const covered of facts.covers.slice(c * perColumn, (c + 1) * perColumn))
			write(doc, `${covered.title} (${covered.version})`, item, { x: margin + c * (columnWidth + 24), y: doc.y });
		bottom = Math.max(bottom, doc.y);
	}

	doc.y = Math.max(bottom + 12, height - 96);
	const footer = { weight: 'regular', size: 10, width: inner } as const;
	const issuedBy = facts.issuer ? `Issued by ${facts.issuer.name}, coordinator, ` : `Issued by ${facts.service.name} `;
	write(doc, `${issuedBy}on ${formatDate(facts.issuedOn)}`, footer, { x: margin, y: doc.y });
	write(doc, `Verification code: ${input.code}`, { ...footer, weight: 'bold' });
	write(doc, `Anyone can check it stands at ${input.verifyAddress}`, footer);

	doc.end();
	return done;
}
