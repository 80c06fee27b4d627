import { error, fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { clientAddress } from '$lib/server/address';
import { requirePermission } from '$lib/server/auth/guard';
import { parseForm, type FieldErrors, type FormValues } from '$lib/server/forms';
import { checkDocument, findDocument, saveDraft, settleShippedChange } from '$lib/server/authoring';
import { readableDiff } from '$lib/server/content/diff';
import { describeProblem, draftSchema, previewDraft, type EditorProblem } from '$lib/server/authoring/preview';
import { kindNames } from '$lib/content-kinds';
import { editorScript } from '$lib/server/editor-script';
import type { Actions, PageServerLoad } from './$types';

const doneMessages: Record<string, string> = {
	saved: 'The draft is saved. Readers still see the published version.',
	started: 'The draft is started. Fill it in, preview it, and publish it when it is right.',
	adopted: 'The shipped version is now the draft. Check it and publish it when it is right.',
	dismissed: 'The shipped version is dismissed. The service’s own version stays in use.'
};

async function documentOr404(kind: Parameters<typeof findDocument>[1], slug: string) {
	return (await findDocument(db(), kind, slug)) ?? error(404, 'There is no such document');
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requirePermission(locals, url, 'content.edit');
	const doc = await documentOr404(params.kind, params.slug);
	const problems = doc.draft ? (await checkDocument(db(), doc.path, doc.draft.body)).map((p) => describeProblem(p, doc.path)) : [];
	return {
		kind: doc.kind,
		kindName: kindNames[doc.kind].one,
		slug: doc.slug,
		path: doc.path,
		body: doc.draft?.body ?? doc.published?.body ?? '',
		seen: doc.draft?.updatedAt.toISOString() ?? '',
		published: doc.published && { createdAt: doc.published.createdAt, authorName: doc.published.authorName },
		draft: doc.draft && { updatedAt: doc.draft.updatedAt, authorName: doc.draft.authorName },
		shippedChangedAt: doc.shippedChangedAt,
		shippedDiff: doc.shippedChangedAt && doc.shippedBody !== null ? readableDiff(doc.published?.body ?? '', doc.shippedBody) : null,
		problems,
		editorScript: editorScript.href,
		done: doneMessages[url.searchParams.get('done') ?? ''] ?? null
	};
};

export const actions: Actions = {
	save: async (event) => {
		const { locals, url, params, request } = event;
		const person = requirePermission(locals, url, 'content.edit');
		const doc = await documentOr404(params.kind, params.slug);
		const form = parseForm(draftSchema, await request.formData());
		if (!form.ok) return fail(400, { values: form.values, errors: form.errors, problems: [] as EditorProblem[] });
		const result = await saveDraft(db(), {
			documentId: doc.id,
			body: form.data.body,
			authorId: person.id,
			seen: form.data.seen ? new Date(form.data.seen) : null,
			address: clientAddress(event)
		});
		if (!result.saved) {
			return fail(409, {
				values: { body: form.data.body, seen: result.theirs.updatedAt.toISOString() },
				errors: {
					body: `${result.theirs.authorName ?? 'Someone else'} saved this draft while you were editing it. Your text is still in the box; theirs is below it. Save again to keep yours in place of theirs.`
				},
				problems: [] as EditorProblem[],
				theirs: result.theirs.body
			});
		}
		redirect(303, `/content/${params.kind}/${params.slug}?done=saved`);
	},
	adopt: (event) => settle(event, true),
	dismiss: (event) => settle(event, false),
	preview: async ({ locals, url, params, request }) => {
		requirePermission(locals, url, 'content.edit');
		const doc = await documentOr404(params.kind, params.slug);
		const form = parseForm(draftSchema, await request.formData());
		if (!form.ok) return fail(400, { values: form.values, errors: form.errors, problems: [] as EditorProblem[] });
		const { problems, preview } = await previewDraft(db(), doc, form.data.body);
		if (problems.length) {
			return fail(400, {
				values: form.values,
				errors: { body: `The text has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}: it can be saved as a draft but not published` },
				problems
			});
		}
		return { values: form.values, preview };
	}
};

async function settle(event: Parameters<Actions[string]>[0], adopt: boolean) {
	const person = requirePermission(event.locals, event.url, 'content.edit');
	const { kind, slug } = event.params as { kind: Parameters<typeof findDocument>[1]; slug: string };
	const doc = await documentOr404(kind, slug);
	const settled = await settleShippedChange(db(), { documentId: doc.id, adopt, actorId: person.id, address: clientAddress(event) });
	if (!settled) {
		const errors: FieldErrors = { form: 'The shipped library has no new version of this document waiting.' };
		return fail(400, { values: {} as FormValues, errors, problems: [] as EditorProblem[] });
	}
	redirect(303, `/content/${kind}/${slug}?done=${adopt ? 'adopted' : 'dismissed'}`);
}
