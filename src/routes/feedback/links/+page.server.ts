import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth/guard';
import { parseForm, rejectForm } from '$lib/server/forms';
import {
	channelLabels,
	createLink,
	feedbackChannels,
	linkSchema,
	listLinks,
	workerSearchSchema,
	workersForLinks,
	workersListed
} from '$lib/server/feedback';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requirePermission(locals, url, 'feedback.links');
	const { worker: search } = workerSearchSchema.parse(Object.fromEntries(url.searchParams));
	const [links, { workers, more }] = await Promise.all([listLinks(db()), workersForLinks(db(), search)]);
	return {
		links: links.map((l) => ({ ...l, channel: channelLabels[l.channel], responses: Number(l.responses) })),
		workers,
		// A service with more workers than one list shows finds the worker by name first.
		workerSearch: search ?? null,
		findWorker: more || !!search,
		moreWorkers: more,
		workersListed,
		channels: feedbackChannels.map((c) => ({ value: c, label: channelLabels[c] }))
	};
};

export const actions: Actions = {
	create: async ({ locals, url, request }) => {
		const person = requirePermission(locals, url, 'feedback.links');
		const parsed = parseForm(linkSchema, await request.formData());
		if (!parsed.ok) return rejectForm(parsed.values, parsed.errors);
		const link = await createLink(db(), person, parsed.data);
		if ('error' in link) return rejectForm(parsed.values, { workerId: link.error });
		redirect(303, `/feedback/links/${link.id}`);
	}
};
