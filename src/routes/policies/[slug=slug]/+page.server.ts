import { redirect } from '@sveltejs/kit';
import { db, policyVersionId } from '$lib/server/app';
import { content } from '$lib/server/content';
import { parseForm, rejectForm } from '$lib/server/forms';
import { acknowledgePolicy, checkQuizFor, policiesFor } from '$lib/server/policies';
import { policyForRequest } from '$lib/server/policies/route';
import { acknowledgeSchema } from '$lib/server/policies/schemas';
import { recordedReview } from '$lib/server/authoring/review';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const { policy, current, person } = policyForRequest(locals, url, params.slug);
	const checkQuiz = current.quiz ? content().quizBySlug.get(current.quiz) : undefined;
	const [[mine], review] = await Promise.all([
		policiesFor(db(), person, [policy], content().service.policyTiming).then((all) =>
			all.filter((p) => p.slug === policy.slug)
		),
		recordedReview(db(), current.file.replace(/^content\//, ''))
	]);
	return {
		policy: {
			slug: policy.slug,
			title: current.title,
			version: current.version,
			effective: current.effective,
			nextReview: current.nextReview,
			lastReviewed: review?.reviewedOn ?? null,
			changes: current.changes,
			major: current.major,
			html: current.html,
			sections: current.sections,
			earlier: policy.versions.filter((v) => v.version < current.version).map((v) => v.version)
		},
		mine: mine ?? null,
		check: mine && checkQuiz ? await checkQuizFor(db(), person.id, checkQuiz, mine.lastAcknowledged?.at ?? null) : null,
		acknowledged: url.searchParams.has('acknowledged')
	};
};

export const actions: Actions = {
	acknowledge: async ({ locals, url, params, request }) => {
		const { policy, current, person } = policyForRequest(locals, url, params.slug);
		const form = parseForm(acknowledgeSchema, await request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		const result = await acknowledgePolicy(
			db(),
			person,
			person,
			policy,
			current,
			policyVersionId(current.hash),
			content().service.policyTiming
		);
		if (!result.ok) return rejectForm(form.values, { understood: result.message });
		redirect(303, `/policies/${policy.slug}?acknowledged`);
	}
};
