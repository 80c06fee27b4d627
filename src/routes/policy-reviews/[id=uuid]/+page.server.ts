import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { clientAddress } from '$lib/server/address';
import { requirePermission } from '$lib/server/auth/guard';
import { parseForm, rejectForm } from '$lib/server/forms';
import type { SessionPerson } from '$lib/server/auth/sessions';
import { readableDiff } from '$lib/server/content/diff';
import { commentOnReview, commentSchema, previewOfDraft, reviewForMember } from '$lib/server/authoring/review';
import { frontMatterValue } from '$lib/server/authoring/front-matter';
import type { Actions, PageServerLoad } from './$types';

/** The review, for a member it was sent to; 404 for anyone else, so no other draft is shown or named. */
async function reviewOr404(person: SessionPerson, id: string) {
	return (await reviewForMember(db(), person, id)) ?? error(404, 'Page not found');
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const person = requirePermission(locals, url, 'policies.review');
	const { review, document } = await reviewOr404(person, params.id);
	return {
		id: review.id,
		title: frontMatterValue(document.draft.body, 'title') ?? document.slug,
		sentAt: review.sentAt,
		diff: readableDiff(document.published?.body ?? '', document.draft.body),
		preview: await previewOfDraft(db(), document),
		comments: review.comments,
		done: url.searchParams.has('done')
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { locals, url, params, request } = event;
		const person = requirePermission(locals, url, 'policies.review');
		await reviewOr404(person, params.id);
		const form = parseForm(commentSchema, await request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		const result = await commentOnReview(db(), person, params.id, { ...form.data, address: clientAddress(event) });
		if (!result.ok) return rejectForm(form.values, { form: result.message });
		redirect(303, `/policy-reviews/${params.id}?done#comments`);
	}
};
