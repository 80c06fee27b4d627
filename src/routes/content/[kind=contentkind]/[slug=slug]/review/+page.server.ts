import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { clientAddress } from '$lib/server/address';
import { requirePermission } from '$lib/server/auth/guard';
import { parseForm, rejectForm } from '$lib/server/forms';
import { findDocument } from '$lib/server/authoring';
import { openReviewOf, sendForReview, sendSchema, steeringMembers } from '$lib/server/authoring/review';
import { askToReview } from '$lib/server/mail/ask-to-review';
import { frontMatterValue } from '$lib/server/authoring/front-matter';
import type { Actions, PageServerLoad } from './$types';

/** The policy whose draft is reviewed; any other kind of document has no review. */
async function policyOr404(kind: string, slug: string) {
	if (kind !== 'policies') error(404, 'Only a policy is reviewed by the steering group');
	return (await findDocument(db(), kind, slug)) ?? error(404, 'There is no such document');
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requirePermission(locals, url, 'content.edit');
	const doc = await policyOr404(params.kind, params.slug);
	const [members, review] = await Promise.all([steeringMembers(db()), openReviewOf(db(), doc)]);
	return {
		slug: doc.slug,
		title: frontMatterValue(doc.draft?.body ?? doc.published?.body ?? '', 'title') ?? doc.slug,
		hasDraft: !!doc.draft,
		members: members.map((m) => ({ id: m.id, name: m.name })),
		review: review ?? null,
		sent: url.searchParams.get('sent')
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { locals, url, params, request } = event;
		const person = requirePermission(locals, url, 'content.edit');
		const doc = await policyOr404(params.kind, params.slug);
		const form = parseForm(sendSchema, await request.formData(), ['reviewers']);
		if (!form.ok) return rejectForm(form.values, form.errors);
		const result = await sendForReview(db(), person, {
			documentId: doc.id,
			reviewerIds: form.data.reviewers,
			address: clientAddress(event)
		});
		if (!result.ok) return rejectForm(form.values, { [result.field ?? 'form']: result.message });
		const review = await openReviewOf(db(), doc);
		const title = frontMatterValue(doc.draft?.body ?? '', 'title') ?? doc.slug;
		if (review)
			await askToReview(result.added, {
				subject: `A policy draft to review: ${title}`,
				text: `A draft of the ${title} has been sent to you for the steering group’s review. Please read it, with what changed, and leave your comments:`,
				path: `/policy-reviews/${review.id}`
			});
		redirect(303, `/content/policies/${doc.slug}/review?sent=${result.added.length}`);
	}
};
