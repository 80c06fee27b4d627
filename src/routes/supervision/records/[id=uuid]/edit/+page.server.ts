import { error, redirect } from '@sveltejs/kit';
import { isUuid } from '$lib/uuid';
import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { parseForm, rejectForm, showingRefusal } from '$lib/server/forms';
import { updateDraft, type FormKind } from '$lib/server/supervision';
import { actionRows } from '$lib/server/supervision/schemas';
import { carriedActions, extrasFor, recordOf, schemaFor, valuesOf } from '$lib/server/supervision/route';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { record } = await recordOf(db(), event, 'supervision.edit');
	// A sample's draft is worked on case by case, from its own page; a shared record is not edited.
	// A save refused because the record was shared meanwhile stays here, with what was typed.
	if (record.kind === 'sample' || (record.status !== 'draft' && !showingRefusal(event)))
		redirect(303, `/supervision/records/${record.id}`);
	const service = content().service;
	return {
		kind: record.kind as FormKind,
		recordId: record.id,
		subject: { id: record.subjectId, name: record.subjectName },
		saved: valuesOf(record),
		criteria: service.supervision.observationCriteria,
		caseExample: service.caseReference.example,
		actionRows,
		carried: record.kind === 'supervision' ? await carriedActions(db(), record.subjectId, record.id) : []
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { viewer, record } = await recordOf(db(), event, 'supervision.edit');
		if (record.kind === 'sample') error(404, 'Page not found');
		const kind = record.kind as FormKind;
		const form = parseForm(schemaFor(kind), await event.request.formData(), ['close']);
		if (!form.ok) return rejectForm(form.values, form.errors);
		const close = (form.values.close as string[]).filter(isUuid);
		const input = { ...form.data, close };
		const result = await updateDraft(
			db(),
			viewer,
			record.id,
			input,
			await extrasFor(db(), kind, record.subjectId, input, record.id)
		);
		if (!result.ok) return rejectForm(form.values, { form: result.message }, 409);
		redirect(303, `/supervision/records/${record.id}?done=saved`);
	}
};
