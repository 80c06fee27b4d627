import { redirect } from '@sveltejs/kit';
import { isUuid } from '$lib/uuid';
import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { parseForm, rejectForm } from '$lib/server/forms';
import { createRecord, type FormKind } from '$lib/server/supervision';
import { actionRows } from '$lib/server/supervision/schemas';
import { carriedActions, extrasFor, schemaFor, subjectOf } from '$lib/server/supervision/route';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { subject } = await subjectOf(db(), event, 'supervision.write');
	const kind = event.params.kind as FormKind;
	const service = content().service;
	return {
		kind,
		subject: { id: subject.id, name: subject.name },
		criteria: service.supervision.observationCriteria,
		caseExample: service.caseReference.example,
		actionRows,
		carried: kind === 'supervision' ? await carriedActions(db(), subject.id) : []
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { viewer, subject } = await subjectOf(db(), event, 'supervision.write');
		const kind = event.params.kind as FormKind;
		const form = parseForm(schemaFor(kind), await event.request.formData(), ['close']);
		if (!form.ok) return rejectForm(form.values, form.errors);
		const close = (form.values.close as string[]).filter(isUuid);
		const input = { ...form.data, close };
		const id = await createRecord(
			db(),
			viewer,
			subject.id,
			kind,
			input,
			await extrasFor(db(), kind, subject.id, input)
		);
		redirect(303, `/supervision/records/${id}?done=created`);
	}
};
