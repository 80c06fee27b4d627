import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { adoptContent, db } from '$lib/server/app';
import { clientAddress } from '$lib/server/address';
import { requirePermission } from '$lib/server/auth/guard';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { checkDocument, findDocument, pathToPublish, publishDraft } from '$lib/server/authoring';
import { describeProblem, type EditorProblem } from '$lib/server/authoring/preview';
import { readableDiff } from '$lib/server/content/diff';
import { kindNames } from '$lib/content-kinds';
import { serviceDay } from '$lib/format';
import { openReviewOf, reviewedOnField } from '$lib/server/authoring/review';
import type { Actions, PageServerLoad } from './$types';

const publishSchema = (today: string) =>
	z.object({
		change: z.enum(['major', 'minor'], { error: 'Choose whether this is a major or a minor change' }),
		summary: z
			.string({ error: 'Say what changed, for readers' })
			.trim()
			.min(3, 'Say what changed, for readers')
			.max(1000, 'What changed must be 1,000 characters or fewer'),
		// Only a policy is reviewed by the steering group; for anything else the field is not shown.
		reviewedOn: reviewedOnField(today)
	});

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requirePermission(locals, url, 'content.edit');
	const doc = (await findDocument(db(), params.kind, params.slug)) ?? error(404, 'There is no such document');
	if (!doc.draft) redirect(303, `/content/${params.kind}/${params.slug}`);
	const problems = (await checkDocument(db(), doc.path, doc.draft.body)).map((p) => describeProblem(p, doc.path));
	return {
		kind: doc.kind,
		kindName: kindNames[doc.kind].one,
		slug: doc.slug,
		newPath: pathToPublish(doc.kind, doc.path, doc.published?.body ?? null),
		problems,
		diff: readableDiff(doc.published?.body ?? '', doc.draft.body),
		review: doc.kind === 'policies' ? ((await openReviewOf(db(), doc)) ?? null) : null
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { locals, url, params, request } = event;
		const person = requirePermission(locals, url, 'content.edit');
		const doc = (await findDocument(db(), params.kind, params.slug)) ?? error(404, 'There is no such document');
		const form = parseForm(publishSchema(serviceDay()), await request.formData());
		if (!form.ok) return fail(400, { values: form.values, errors: form.errors, problems: [] as EditorProblem[] });
		const result = await publishDraft(db(), {
			documentId: doc.id,
			change: form.data.change,
			summary: form.data.summary,
			reviewedOn: doc.kind === 'policies' ? form.data.reviewedOn : null,
			actorId: person.id,
			address: clientAddress(event)
		});
		if (!result.published) {
			return fail(400, {
				values: form.values,
				errors: { form: 'The draft has problems, so it cannot be published. Go back to the draft to fix them.' } as FieldErrors,
				problems: result.problems.map((p) => describeProblem(p, doc.path))
			});
		}
		await adoptContent(db(), result.content, result.publicationId);
		redirect(303, '/content?done=published');
	}
};
