// The preview that follows the typing: the editor's script posts the text here as a form, and gets
// back the same preview and error summary the Preview button shows, drawn by the same components,
// with a line for the status region to announce.
import { error, json } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import { render } from 'svelte/server';
import ErrorSummary from '$lib/components/ErrorSummary.svelte';
import { requirePermission } from '$lib/server/auth/guard';
import { findDocument, type EditableKind } from '$lib/server/authoring';
import { draftSchema, longestText, previewDraft, previewStatus } from '$lib/server/authoring/preview';
import type { DB } from '$lib/server/db/schema';
import { parseForm } from '$lib/server/forms';
import Preview from '$lib/components/ContentPreview.svelte';

/** What the script puts on the page: HTML for the error summary and the preview (null: keep the last), and the status line. */
export interface LivePreview {
	summary: string;
	preview: string | null;
	status: string;
}

interface PreviewRequest {
	locals: App.Locals;
	url: URL;
	params: { kind: EditableKind; slug: string };
	request: Request;
}

export async function answerLivePreview(db: Kysely<DB>, { locals, url, params, request }: PreviewRequest): Promise<Response> {
	requirePermission(locals, url, 'content.edit');
	const doc = (await findDocument(db, params.kind, params.slug)) ?? error(404, 'There is no such document');
	const form = parseForm(draftSchema, await request.formData());
	if (!form.ok) {
		const message = form.errors.body ?? 'The preview could not be worked out from what was sent';
		const tooLong = typeof form.values.body === 'string' && form.values.body.length > longestText;
		return json(
			{ summary: render(ErrorSummary, { props: { errors: { body: message } } }).body, preview: null, status: `Preview not updated: ${message}` } satisfies LivePreview,
			{ status: tooLong ? 413 : 400 }
		);
	}
	const { problems, preview } = await previewDraft(db, doc, form.data.body);
	return json({
		summary: render(ErrorSummary, { props: { problems } }).body,
		preview: preview && render(Preview, { props: { preview } }).body,
		status: previewStatus(problems.length)
	} satisfies LivePreview);
}
