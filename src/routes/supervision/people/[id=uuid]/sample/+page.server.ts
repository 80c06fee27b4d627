import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { parseForm, rejectForm } from '$lib/server/forms';
import { startSample } from '$lib/server/supervision';
import { sampleSchema } from '$lib/server/supervision/schemas';
import { formContext, subjectOf } from '$lib/server/supervision/route';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { subject } = await subjectOf(db(), event, 'supervision.write');
	const service = content().service;
	return {
		subject: { id: subject.id, name: subject.name },
		caseReference: { example: service.caseReference.example, hint: service.caseReference.hint },
		sampleSize: service.supervision.sampleSize,
		resampleAfterMonths: service.supervision.resampleAfterMonths
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { viewer, subject } = await subjectOf(db(), event, 'supervision.write');
		const form = parseForm(sampleSchema(formContext()), await event.request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		const result = await startSample(
			db(),
			viewer,
			subject.id,
			{ periodFrom: form.data.periodFrom, periodTo: form.data.periodTo, caseReferences: form.data.caseReferences },
			content().service.supervision
		);
		if (!result.ok) return rejectForm(form.values, { caseReferences: result.message }, 409);
		// A second submit for the same period (a double click) shows the draw the first one made.
		redirect(303, `/supervision/records/${result.recordId}?done=${result.drawnBefore ? 'already-drawn' : 'created'}`);
	}
};
