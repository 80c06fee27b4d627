// Every download the service offers (records, compliance, report figures) goes through here: cells
// a spreadsheet will not run as formulas, and headers that save the file rather than show it and
// keep it out of every cache.
import { isoInZone } from '../format';

/** CSV that a spreadsheet will not execute: cells that could start a formula are quoted as text. */
export function csvCell(value: unknown): string {
	let text = value == null ? '' : value instanceof Date ? isoInZone(value) : String(value);
	if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: unknown[][]): string {
	return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Headers for a file to download: never cached, always saved rather than shown. */
export function downloadHeaders(fileName: string, type: 'csv' | 'json' = 'csv'): HeadersInit {
	return {
		'Content-Type': type === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8',
		'Content-Disposition': `attachment; filename="${fileName}"`,
		'Cache-Control': 'private, no-store'
	};
}

/** A CSV file to download. */
export function csvDownload(fileName: string, rows: unknown[][]): Response {
	return new Response(toCsv(rows), { headers: downloadHeaders(fileName) });
}
