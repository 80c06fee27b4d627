// Reading a submitted form through its zod schema, in the shape every form page expects back:
// the values typed (never passwords) and one message per field.
import { fail } from '@sveltejs/kit';
import { z } from 'zod';

export type FieldErrors = Record<string, string>;
export type FormValues = Record<string, string | string[]>;

export type FormResult<T> =
	{ ok: true; data: T; values: FormValues } | { ok: false; values: FormValues; errors: FieldErrors };

const secretFields = /password/i;

/** Fields named in `multi` are read as lists (checkboxes); the rest as single strings. */
export function readForm(formData: FormData, multi: readonly string[] = []): FormValues {
	const values: FormValues = {};
	for (const key of new Set(formData.keys())) {
		const all = formData.getAll(key).filter((v): v is string => typeof v === 'string');
		values[key] = multi.includes(key) ? all : (all[0] ?? '');
	}
	for (const key of multi) values[key] ??= [];
	return values;
}

export function parseForm<S extends z.ZodType>(
	schema: S,
	formData: FormData,
	multi: readonly string[] = []
): FormResult<z.output<S>> {
	const raw = readForm(formData, multi);
	const values = Object.fromEntries(Object.entries(raw).filter(([k]) => !secretFields.test(k)));
	const result = schema.safeParse(raw);
	if (result.success) return { ok: true, data: result.data, values };
	return { ok: false, values, errors: fieldErrors(result.error) };
}

/** The first message for each field, keyed by the field's name. */
export function fieldErrors(error: z.ZodError): FieldErrors {
	const errors: FieldErrors = {};
	for (const issue of error.issues) {
		const field = String(issue.path[0] ?? 'form');
		errors[field] ??= issue.message;
	}
	return errors;
}

/** Sends a form back with what was typed and a message per field (GOV.UK error pattern). */
export function rejectForm(values: FormValues, errors: FieldErrors, status = 400) {
	return fail(status, { values, errors });
}

/** Whether YYYY-MM-DD names a day that exists (not 2026-02-30). */
export const isRealDay = (d: string) =>
	!Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

/** A day typed as YYYY-MM-DD: every date field on every form reads the same way and says the same things. */
export function dayField(what: string, example: string) {
	return z
		.string({ error: `Enter ${what}` })
		.trim()
		.min(1, `Enter ${what}`)
		.regex(/^\d{4}-\d{2}-\d{2}$/, `Enter ${what} as YYYY-MM-DD, for example ${example}`)
		.refine(isRealDay, 'Enter a real date');
}
