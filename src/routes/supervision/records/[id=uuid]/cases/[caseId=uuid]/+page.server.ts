import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { parseForm, rejectForm, showingRefusal, type FormValues } from '$lib/server/forms';
import { declarationsOf } from '$lib/server/declarations';
import { reviewCase, type FullRecord } from '$lib/server/supervision';
import { caseReviewSchema } from '$lib/server/supervision/schemas';
import { formContext, recordOf } from '$lib/server/supervision/route';
import type { Actions, PageServerLoad } from './$types';

function caseOf(record: FullRecord, caseId: string) {
	const found = record.cases.find((c) => c.id === caseId);
	if (!found) error(404, 'Page not found');
	return found;
}

export const load: PageServerLoad = async (event) => {
	const { record } = await recordOf(db(), event, 'supervision.edit');
	const sampled = caseOf(record, event.params.caseId);
	// Once shared, the sample's reviews stand as they are: see them on the record. A review refused
	// because the sample was shared meanwhile stays here, with its message and what was typed.
	if (record.status !== 'draft' && !showingRefusal(event)) redirect(303, `/supervision/records/${record.id}`);
	const ctx = formContext();
	const saved: FormValues = {
		supportLevel: sampled.supportLevel ?? '',
		setting: sampled.setting ?? '',
		comment: sampled.comment
	};
	const grades = new Map(sampled.grades.map((g) => [g.criterion, g.grade]));
	ctx.rules.caseworkCriteria.forEach((criterion, i) => (saved[`grade${i + 1}`] = grades.get(criterion) ?? ''));
	const declarations = await declarationsOf(db(), record.subjectId);
	return {
		recordId: record.id,
		subjectName: record.subjectName,
		caseReference: sampled.caseReference,
		conflict: sampled.conflict,
		saved,
		criteria: ctx.rules.caseworkCriteria,
		supportLevels: ctx.rules.supportLevels,
		caseExample: ctx.caseReference.example,
		interests: declarations.interests.filter((i) => !i.endedAt)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { viewer, record } = await recordOf(db(), event, 'supervision.edit');
		const sampled = caseOf(record, event.params.caseId);
		const form = parseForm(caseReviewSchema(formContext()), await event.request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		const result = await reviewCase(db(), viewer, record.id, sampled.id, form.data);
		if (!result.ok) return rejectForm(form.values, { form: result.message }, 409);
		redirect(303, `/supervision/records/${record.id}?done=reviewed`);
	}
};
