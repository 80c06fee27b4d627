// Reading a submitted form through its zod schema, in the shape every form page expects back:
// the values typed (never passwords) and one message per field. The field helpers here are the
// one way text, numbers and dates are read, on forms and from the address alike, so each says the
// same things and none lets through what would crash a query.
import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { personalDetailIn, personalDetailMessage } from './privacy';
import { parseDay } from './days';

export type FieldErrors = Record<string, string>;
export type FormValues = Record<string, string | string[]>;

export type FormResult<T> =
	{ ok: true; data: T; values: FormValues } | { ok: false; values: FormValues; errors: FieldErrors };

const secretFields = /password/i;

/** Line breaks as any browser sends them (CR LF, or a lone CR) read as one newline. */
const lineBreaks = /\r\n?/g;

/** Fields named in `multi` are read as lists (checkboxes); the rest as single strings. */
export function readForm(formData: FormData, multi: readonly string[] = []): FormValues {
	const values: FormValues = {};
	for (const key of new Set(formData.keys())) {
		const all = formData
			.getAll(key)
			.filter((v): v is string => typeof v === 'string')
			.map((v) => v.replace(lineBreaks, '\n'));
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
	// Whatever a schema reads, no field carries a control character on to the database.
	const errors = result.success ? {} : fieldErrors(result.error);
	for (const [field, value] of Object.entries(raw))
		if ((Array.isArray(value) ? value : [value]).some(hasControlCharacter))
			errors[field] ??= controlCharacterMessage('This answer');
	if (result.success && !Object.keys(errors).length) return { ok: true, data: result.data, values };
	return { ok: false, values, errors };
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

/**
 * Whether a page is being shown after its form was refused (a load runs again, in the same POST,
 * when an action fails). A load must then show the page, with the message and what was typed,
 * and never send the browser elsewhere, even when what the page is about has moved on meanwhile
 * (a record shared, an attempt submitted): a redirect would lose both.
 */
export const showingRefusal = (event: { request: Request }) => event.request.method === 'POST';

/** Sends a form back with what was typed and a message per field (GOV.UK error pattern). */
export function rejectForm(values: FormValues, errors: FieldErrors, status = 400) {
	return fail(status, { values, errors });
}

// Text.

/** Control characters other than newline and tab: a null byte and the like, never typed on purpose. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const controlCharacter = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

export const hasControlCharacter = (text: string) => controlCharacter.test(text);

export const controlCharacterMessage = (label: string) =>
	`${label} contains a hidden control character, perhaps from copying and pasting. Remove it and try again`;

const characters = (n: number) => n.toLocaleString('en-GB');

/**
 * A line or passage of plain text, trimmed. Its length is checked first and, when too long, nothing
 * else is: no later check ever reads more than `max` characters. Chain `.min()` for a required one.
 */
export function textField(
	label: string,
	max: number,
	tooLong = `${label} must be ${characters(max)} characters or fewer`
) {
	return z
		.string({ error: `Enter ${label.toLowerCase()}` })
		.trim()
		.max(max, { error: tooLong, abort: true })
		.refine((v) => !hasControlCharacter(v), { error: controlCharacterMessage(label), abort: true });
}

export interface CaseReferenceRule {
	pattern: RegExp;
	example: string;
}

/**
 * Free text about casework, supervision or interests: as `textField`, and refused when it holds an
 * email address, a phone number or a postcode. A field left out of the form reads as left blank.
 */
export function freeText(
	label: string,
	caseReference: CaseReferenceRule,
	options: { max?: number; required?: string } = {}
) {
	let text = textField(label, options.max ?? 5000);
	if (options.required) text = text.min(1, options.required);
	const checked = text.superRefine((value, ctx) => {
		const what = personalDetailIn(value, { caseReference: caseReference.pattern });
		if (what) ctx.addIssue({ code: 'custom', message: personalDetailMessage(label, what, caseReference.example) });
	});
	return z.preprocess((value) => value ?? '', checked);
}

// Numbers.

/** A whole number as typed: digits only (no 1e3, 0x10 or 2.5), at most nine of them. */
const wholeNumberText = /^[+-]?\d{1,9}$/;

/**
 * A whole number typed into a form: `enter` is said when it is blank or not a number, `notWhole`
 * when it has a fraction. Chain `.pipe(z.number()...)` for its bounds.
 */
export function wholeNumberField(enter: string, notWhole = enter) {
	return z
		.string({ error: enter })
		.trim()
		.min(1, { error: enter, abort: true })
		.max(20, { error: enter, abort: true })
		.superRefine((text, ctx) => {
			if (!wholeNumberText.test(text))
				ctx.addIssue({ code: 'custom', message: /^[+-]?\d*[.,]\d+$/.test(text) ? notWhole : enter });
		})
		.transform(Number);
}

/**
 * A whole number read from the address (a page number, a version): anything that is not one
 * between min and max (1e309, twenty digits, -1, 2.5) reads as not given.
 */
export function queryNumber(min: number, max: number) {
	// Built once for each range: the pages that read a page number on every request would
	// otherwise build a schema each time (a measurable part of a list page's work).
	const key = `${min}:${max}`;
	let schema = numberSchemas.get(key);
	if (!schema) numberSchemas.set(key, (schema = numberSchema(min, max)));
	return schema;
}

const numberSchema = (min: number, max: number) =>
	z
		.string()
		.regex(/^\d{1,9}$/)
		.transform(Number)
		.pipe(z.number().int().min(min).max(max))
		.optional()
		.catch(undefined);
// The ranges are written in the code, so this holds a handful.
const numberSchemas = new Map<string, ReturnType<typeof numberSchema>>();

/**
 * A schema built from part of the content (a list of themes from service.yml, say), once for each
 * version of that part rather than on every request: building a zod object costs more than
 * parsing with it (0.4 ms of each view of the comments page at 20,000 people). A version of the
 * content no longer held is let go with its schemas.
 */
export function schemaFromContent<K extends object, S>(build: (from: K) => S): (from: K) => S {
	const built = new WeakMap<K, S>();
	return (from) => {
		let schema = built.get(from);
		if (!schema) built.set(from, (schema = build(from)));
		return schema;
	};
}

/** The page number in the address, from 1 to `last`; the first page when it is missing or not a page number. */
export function pageNumber(url: URL, last = 10_000, key = 'page'): number {
	return queryNumber(1, last).parse(url.searchParams.get(key) ?? undefined) ?? 1;
}

// Dates.

export { isRealDay, parseDay } from './days';

/** A day typed as YYYY-MM-DD: every date field on every form reads the same way and says the same things. */
export function dayField(what: string, example: string) {
	return z
		.string({ error: `Enter ${what}` })
		.trim()
		.min(1, { error: `Enter ${what}`, abort: true })
		.superRefine((text, ctx) => {
			const parsed = parseDay(text);
			if (!parsed.ok)
				ctx.addIssue({
					code: 'custom',
					message:
						parsed.problem === 'format' ? `Enter ${what} as YYYY-MM-DD, for example ${example}` : 'Enter a real date'
				});
		});
}

/** As `dayField`, for a date that may be left blank: blank reads as null. */
export function optionalDayField(what: string, example: string) {
	return z
		.string()
		.trim()
		.optional()
		.transform((v) => v || null)
		.pipe(dayField(what, example).nullable());
}
