import { error, redirect } from '@sveltejs/kit';
import { db, publicOrigin } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth/guard';
import { channelLabels, linkById, retireLink } from '$lib/server/feedback';
import { qrSvg } from '$lib/server/feedback/qr';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requirePermission(locals, url, 'feedback.links');
	const link = await linkById(db(), params.id);
	if (!link) error(404, 'There is no such feedback link');
	const address = `${publicOrigin()}/feedback/${link.code}`;
	return {
		link: { ...link, channel: channelLabels[link.channel], retired: !!link.retiredAt },
		address,
		svg: await qrSvg(address)
	};
};

export const actions: Actions = {
	retire: async ({ locals, url, params }) => {
		const person = requirePermission(locals, url, 'feedback.links');
		await retireLink(db(), person, params.id);
		redirect(303, '/feedback/links');
	}
};
