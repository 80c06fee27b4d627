import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { smallestGroup } from '$lib/server/content/service';
import { can } from '$lib/server/auth/permissions';
import { requirePermission } from '$lib/server/auth/guard';
import { parseForm, rejectForm } from '$lib/server/forms';
import { commentaryFor, commentarySchema, saveCommentary } from '$lib/server/reports';
import { periodFrom, reportFor } from '$lib/server/reports/route';
import { quotesIn } from '$lib/server/feedback/results';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const viewer = requirePermission(locals, url, 'reports.view');
	const { period, values, errors } = periodFrom(url);
	const [report, commentary, quotes] = period
		? await Promise.all([reportFor(db(), period), commentaryFor(db(), period), quotesIn(db(), period)])
		: [null, null, []];
	return {
		values,
		errors,
		period,
		sections: report?.sections ?? null,
		at: report?.at ?? null,
		commentary: commentary ?? null,
		quotes,
		canComment: can(viewer, 'reports.comment'),
		smallestGroup: smallestGroup(content().service),
		done: url.searchParams.get('done')
	};
};

export const actions: Actions = {
	default: async ({ locals, url, request }) => {
		const actor = requirePermission(locals, url, 'reports.comment');
		const form = parseForm(commentarySchema(content().service.caseReference), await request.formData());
		const { period, errors } = periodFrom(url);
		// A period that is not one is said beside the period, and what was typed comes back with it.
		if (!period) return rejectForm(form.values, { ...(form.ok ? {} : form.errors), ...errors });
		if (!form.ok) return rejectForm(form.values, form.errors);
		await saveCommentary(db(), actor, period, form.data.body);
		redirect(303, `/reports/annual?from=${period.from}&to=${period.to}&done=saved`);
	}
};
