// What the report pages share: reading the period from the address, with errors beside its fields.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { content } from '../content';
import { fieldErrors, type FieldErrors } from '../forms';
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import {
	advisoryReport,
	defaultPeriod,
	periodSchema,
	reportSections,
	type Period,
	type Report,
	type ReportSection
} from './index';

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

const sectionSchema = z.enum(reportSections).default(reportSections[0]);

/** The section of the report the address asks for: the first when it names none, and no page for one that is not a section. */
export function sectionFrom(url: URL): ReportSection {
	const parsed = sectionSchema.safeParse(url.searchParams.get('section') ?? undefined);
	if (!parsed.success) error(404, 'Page not found');
	return parsed.data;
}

/** The figures for a period (of the sections asked for, or all), worked out afresh from the tables, and the moment they were read. */
export async function reportFor(
	db: Kysely<DB>,
	period: Period,
	only?: readonly ReportSection[],
	now = new Date()
): Promise<{ sections: Report; at: Date }> {
	return { sections: await advisoryReport(db, period, content(), now, only), at: now };
}
