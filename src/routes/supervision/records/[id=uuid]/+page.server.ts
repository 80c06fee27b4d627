import { error, redirect } from '@sveltejs/kit';
import { isUuid } from '$lib/uuid';
import { db, publicOrigin } from '$lib/server/app';
import { content } from '$lib/server/content';
import { can } from '$lib/server/auth/permissions';
import { requirePermission } from '$lib/server/auth/guard';
import { parseForm, rejectForm } from '$lib/server/forms';
import { declarationsOf } from '$lib/server/declarations';
import {
	actionById,
	addAddendum,
	closeAction,
	commentOnRecord,
	deleteDraft,
	recordRecordViewed,
	recordResource,
	shareRecord,
	signRecord
} from '$lib/server/supervision';
import { drawReproduces } from '$lib/server/supervision/draw';
import { noteSchema } from '$lib/server/supervision/schemas';
import { notifyShared, recordOf } from '$lib/server/supervision/route';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const { viewer, record } = await recordOf(db(), event, 'supervision.view');
	const resource = recordResource(record);
	const [declarations] = await Promise.all([
		record.kind === 'sample' && record.subjectId !== viewer.id ? declarationsOf(db(), record.subjectId) : null,
		recordRecordViewed(db(), viewer, record.subjectId, record.id)
	]);
	return {
		record,
		reproduces: record.sample ? drawReproduces(record.sample) : null,
		interests: declarations?.interests.filter((i) => !i.endedAt) ?? [],
		caseExample: content().service.caseReference.example,
		can: {
			edit: record.status === 'draft' && can(viewer, 'supervision.edit', resource),
			sign: record.status === 'shared' && can(viewer, 'supervision.sign', resource),
			addendum: record.status !== 'draft' && can(viewer, 'supervision.addendum', resource),
			closeActions: record.status !== 'draft' && can(viewer, 'supervision.close-action', resource),
			list:
				record.subjectId === viewer.id ||
				can(viewer, 'supervision.list', { id: record.subjectId, supervisorId: record.subjectSupervisorId })
		},
		isSubject: record.subjectId === viewer.id,
		done: event.url.searchParams.get('done')
	};
};

const back = (id: string, done: string) => redirect(303, `/supervision/records/${id}?done=${done}`);

async function note(event: RequestEvent, label: string) {
	return parseForm(noteSchema(content().service.caseReference, label), await event.request.formData());
}

export const actions: Actions = {
	share: async (event) => {
		const { viewer, record } = await recordOf(db(), event, 'supervision.edit');
		const result = await shareRecord(db(), viewer, record.id, notifyShared(db(), record, publicOrigin()));
		if (!result.ok) return rejectForm({}, { form: result.message }, 409);
		back(record.id, 'shared');
	},
	delete: async (event) => {
		const { viewer, record } = await recordOf(db(), event, 'supervision.edit');
		const result = await deleteDraft(db(), viewer, record.id);
		if (!result.ok) return rejectForm({}, { form: result.message }, 409);
		redirect(303, `/supervision/people/${record.subjectId}?done=deleted`);
	},
	comment: async (event) => {
		const { viewer, record } = await recordOf(db(), event, 'supervision.sign');
		const form = await note(event, 'Comment');
		if (!form.ok) return rejectForm(form.values, form.errors);
		const result = await commentOnRecord(db(), viewer, record.id, form.data.body);
		if (!result.ok) return rejectForm(form.values, { body: result.message }, 409);
		back(record.id, 'commented');
	},
	sign: async (event) => {
		const { viewer, record } = await recordOf(db(), event, 'supervision.sign');
		const result = await signRecord(db(), viewer, record.id);
		if (!result.ok) return rejectForm({}, { form: result.message }, 409);
		back(record.id, 'signed');
	},
	addendum: async (event) => {
		const { viewer, record } = await recordOf(db(), event, 'supervision.addendum');
		const form = await note(event, 'Addendum');
		if (!form.ok) return rejectForm(form.values, form.errors);
		const result = await addAddendum(db(), viewer, record.id, form.data.body);
		if (!result.ok) return rejectForm(form.values, { body: result.message }, 409);
		back(record.id, 'addendum');
	},
	close: async (event) => {
		const { record } = await recordOf(db(), event, 'supervision.view');
		const actionId = String((await event.request.formData()).get('actionId') ?? '');
		const action = isUuid(actionId) ? await actionById(db(), actionId) : undefined;
		if (!action || action.subjectId !== record.subjectId) error(404, 'Page not found');
		const actor = requirePermission(event.locals, event.url, 'supervision.close-action', {
			subjectId: action.subjectId,
			subjectSupervisorId: action.supervisorId,
			status: action.status
		});
		const result = await closeAction(db(), actor, actionId);
		if (!result.ok) return rejectForm({}, { form: result.message }, 409);
		back(record.id, 'closed');
	}
};
