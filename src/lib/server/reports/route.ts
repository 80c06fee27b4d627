// What the report pages share: reading the period from the address, with errors beside its fields.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
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

/** The figures for a period, worked out afresh from the tables, and the moment they were read. */
export async function reportFor(
	db: Kysely<DB>,
	period: Period,
	now = new Date()
): Promise<{ sections: Report; at: Date }> {
	return { sections: await advisoryReport(db, period, content(), now), at: now };
}
