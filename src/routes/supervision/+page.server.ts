import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { can } from '$lib/server/auth/permissions';
import { requireSignedIn } from '$lib/server/auth/guard';
import { pageNumber } from '$lib/server/forms';
import { supervisionOverview } from '$lib/server/supervision';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const viewer = requireSignedIn(locals, url);
	if (!can(viewer, 'supervision.overview')) {
		// Someone with no supervisees goes straight to their own records, if they have any to keep.
		if (can(viewer, 'supervision.list', viewer)) redirect(303, `/supervision/people/${viewer.id}`);
		error(403, 'You do not have permission to see this page');
	}
	const everyone = url.searchParams.get('scope') === 'all' && can(viewer, 'supervision.overview-all');
	const page = pageNumber(url);
	const overview = await supervisionOverview(db(), viewer, content(), { everyone, page });
	return {
		...overview,
		everyone,
		canSeeEveryone: can(viewer, 'supervision.overview-all'),
		selfId: viewer.id
	};
};
