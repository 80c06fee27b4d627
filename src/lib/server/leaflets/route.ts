// What the leaflet pages share: reading a form that may carry a PDF, and finding the item asked for.
import { error } from '@sveltejs/kit';
import type { z } from 'zod';
import { db } from '../app';
import { content } from '../content';
import { leafletRules } from '../content/service';
import { parseForm, type FieldErrors, type FormValues } from '../forms';
import { checkPdf, leafletDetail, type CheckedPdf } from './index';

export const rules = () => leafletRules(content().service);

/**
 * A form with its fields read through `schema` and, when PDF is chosen, its file checked. Every
 * problem comes back at once, with what was typed (a browser never sends a chosen file back).
 */
export async function readLeafletForm<S extends z.ZodType<{ format: string }>>(
	schema: S,
	formData: FormData
): Promise<
	| { ok: true; data: z.output<S>; values: FormValues; pdf: CheckedPdf | null }
	| { ok: false; values: FormValues; errors: FieldErrors }
> {
	const form = parseForm(schema, formData);
	const errors: FieldErrors = form.ok ? {} : { ...form.errors };
	let pdf: CheckedPdf | null = null;
	if (form.values.format === 'pdf') {
		const checked = await checkPdf(formData.get('file'), rules().largestPdfBytes);
		if (checked.ok) pdf = checked;
		else errors.file = checked.message;
	}
	if (form.ok && !Object.keys(errors).length) return { ok: true, data: form.data, values: form.values, pdf };
	return { ok: false, values: form.values, errors };
}

/** The item, or 404. */
export async function leafletOr404(id: string, number?: number) {
	const detail = await leafletDetail(db(), id, number);
	if (!detail) error(404, 'Page not found');
	return detail;
}
