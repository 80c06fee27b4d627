// What the report pages share: reading the period from the address, with errors beside its fields.
import { db } from '../app';
import { content } from '../content';
import { fieldErrors, type FieldErrors } from '../forms';
import { advisoryReport, defaultPeriod, periodSchema, type Period, type Report } from './index';

export function periodFrom(url: URL): {
	period: Period | null;
	values: { from: string; to: string };
	errors?: FieldErrors;
} {
	const fallback = defaultPeriod();
	const values = { from: url.searchParams.get('from') ?? fallback.from, to: url.searchParams.get('to') ?? fallback.to };
	const parsed = periodSchema.safeParse(values);
	return parsed.success ? { period: parsed.data, values } : { period: null, values, errors: fieldErrors(parsed.error) };
}

// The figures read every person and ten years of records, and change slowly, so each instance
// works out a period's figures at most once a minute and shares them, and the pages say when.
const freshForMs = 60_000;
const remembered = new Map<string, { at: Date; report: Promise<Report> }>();

export function reportFor(period: Period, now = new Date()): Promise<{ sections: Report; at: Date }> {
	const key = `${period.from}/${period.to}`;
	let entry = remembered.get(key);
	if (!entry || now.getTime() - entry.at.getTime() >= freshForMs) {
		const report = advisoryReport(db(), period, content(), now);
		entry = { at: now, report };
		remembered.set(key, entry);
		report.catch(() => remembered.delete(key));
		// Only a few periods are in use at once; forget the oldest beyond them.
		if (remembered.size > 20) remembered.delete(remembered.keys().next().value!);
	}
	const at = entry.at;
	return entry.report.then((sections) => ({ sections, at }));
}
