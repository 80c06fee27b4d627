import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { db, publicOrigin } from '$lib/server/app';
import { content } from '$lib/server/content';
import { requirePermission } from '$lib/server/auth/guard';
import { parseForm } from '$lib/server/forms';
import {
	confirmImport,
	importColumns,
	keepImport,
	maxFileBytes,
	parsePeopleFile,
	planImport,
	previewOf,
	sendImportInvitations
} from '$lib/server/import';
import { serviceDay } from '$lib/format';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requirePermission(locals, url, 'people.import');
	return {
		columns: importColumns.map((c) => ({ heading: c.heading, required: c.required })),
		demo: process.env.DEMO_MODE === 'true'
	};
};

const confirmSchema = z.object({
	importId: z.uuid('Upload the file again'),
	hash: z.string().regex(/^[0-9a-f]{64}$/, 'Upload the file again'),
	invitations: z.enum(['send', 'hold'], { error: 'Choose whether to send the invitations now' })
});

const fileMessage = (message: string) => fail(400, { errors: { file: message } });

export const actions: Actions = {
	preview: async ({ locals, url, request }) => {
		const actor = requirePermission(locals, url, 'people.import');
		let file: FormDataEntryValue | null;
		try {
			file = (await request.formData()).get('file');
		} catch {
			return fileMessage('The upload could not be read: choose the file and try again');
		}
		if (!(file instanceof File) || file.size === 0) return fileMessage('Choose a CSV file to upload');
		if (file.size > maxFileBytes) return fileMessage('The file must be smaller than 10 MB');
		const parsed = parsePeopleFile(new Uint8Array(await file.arrayBuffer()), serviceDay());
		const plan = await planImport(db(), actor, parsed.rows, parsed.problems);
		if (plan.problems.length) return fail(400, { preview: previewOf(plan, file.name, null) });
		const importId = await keepImport(db(), actor, file.name, parsed.rows, plan);
		return { preview: previewOf(plan, file.name, importId) };
	},
	confirm: async ({ locals, url, request }) => {
		const actor = requirePermission(locals, url, 'people.import');
		const form = parseForm(confirmSchema, await request.formData());
		if (!form.ok)
			return fail(400, { errors: { file: form.errors.importId ?? form.errors.hash ?? form.errors.invitations! } });
		const result = await confirmImport(db(), actor, form.data.importId, form.data.hash);
		if (!result.ok) return fail(409, { errors: { file: result.message } });
		const invitations =
			form.data.invitations === 'send'
				? await sendImportInvitations(db(), actor, result.created, content().service, publicOrigin())
				: null;
		return {
			done: {
				created: result.created.length,
				updated: result.updated,
				unchanged: result.unchanged,
				invitations
			}
		};
	}
};
