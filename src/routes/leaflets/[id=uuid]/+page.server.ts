import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth/guard';
import { can } from '$lib/server/auth/permissions';
import { parseForm, queryNumber, rejectForm } from '$lib/server/forms';
import {
	decisionSchema,
	recordDecision,
	recordReview,
	renderLeafletText,
	retireLeaflet,
	reviewerStanding,
	reviewSchema,
	sendForReview
} from '$lib/server/leaflets';
import { leafletOr404 } from '$lib/server/leaflets/route';
import { askToReview } from '$lib/server/mail/ask-to-review';
import type { Actions, PageServerLoad } from './$types';

const doneMessages: Record<string, string> = {
	recorded: 'The item is saved as a draft.',
	saved: 'The version is saved as a draft.',
	sent: 'The item is sent to the review sub-group, and each member has been told.',
	reviewed: 'Your review is recorded.',
	verified: 'The item is recorded as verified.',
	'sent-back': 'The item is recorded as sent back, with the sub-group’s comments.',
	retired: 'The item is retired. Its versions and reviews are kept.'
};

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const person = requirePermission(locals, url, 'leaflets.view');
	const number = queryNumber(1, 100_000).parse(url.searchParams.get('version') ?? undefined);
	const detail = await leafletOr404(params.id, number);
	const { version, latest, leaflet } = detail;
	const isLatest = version.id === latest.id;
	const standing = await reviewerStanding(db(), person, version.id);
	return {
		leaflet,
		versions: detail.versions,
		version: { ...version, bodyText: undefined },
		html: version.bodyText === null ? null : renderLeafletText(version.format, version.bodyText),
		reviews: detail.reviews,
		isLatest,
		latestNumber: latest.number,
		manage: can(person, 'leaflets.manage') && isLatest && !leaflet.retiredAt,
		canReview:
			standing.member && !standing.reviewed && isLatest && version.status === 'in-review' && !leaflet.retiredAt,
		reviewed: standing.reviewed,
		done: doneMessages[url.searchParams.get('done') ?? ''] ?? null
	};
};

export const actions: Actions = {
	send: async ({ locals, url, params }) => {
		const person = requirePermission(locals, url, 'leaflets.manage');
		const result = await sendForReview(db(), person, params.id);
		if (!result.ok) return rejectForm({}, { form: result.message });
		await askToReview(result.reviewers, {
			subject: `Information for families to review: ${result.title}`,
			text: `“${result.title}” has been sent to the steering group’s review sub-group. Please read it and record whether the information is impartial:`,
			path: `/leaflets/${params.id}`
		});
		redirect(303, `/leaflets/${params.id}?done=sent`);
	},
	review: async ({ locals, url, params, request }) => {
		const person = requirePermission(locals, url, 'leaflets.review');
		const form = parseForm(reviewSchema, await request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		const result = await recordReview(db(), person, params.id, form.data);
		if (!result.ok) return rejectForm(form.values, { form: result.message });
		redirect(303, `/leaflets/${params.id}?done=reviewed`);
	},
	decide: async ({ locals, url, params, request }) => {
		const person = requirePermission(locals, url, 'leaflets.manage');
		const form = parseForm(decisionSchema, await request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		const result = await recordDecision(db(), person, params.id, form.data);
		if (!result.ok) return rejectForm(form.values, { [result.field ?? 'form']: result.message });
		redirect(303, `/leaflets/${params.id}?done=${form.data.decision}`);
	},
	retire: async ({ locals, url, params }) => {
		const person = requirePermission(locals, url, 'leaflets.manage');
		const result = await retireLeaflet(db(), person, params.id);
		if (!result.ok) return rejectForm({}, { form: result.message });
		redirect(303, `/leaflets/${params.id}?done=retired`);
	}
};
