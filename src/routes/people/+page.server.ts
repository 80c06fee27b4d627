import { db } from '$lib/server/app';
import { can } from '$lib/server/auth/permissions';
import { requirePermission } from '$lib/server/auth/guard';
import { listPeople } from '$lib/server/people';
import { peopleFilterSchema } from '$lib/server/people/schemas';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const viewer = requirePermission(locals, url, 'people.list');
	const filter = peopleFilterSchema.parse(Object.fromEntries(url.searchParams));
	const result = await listPeople(db(), viewer, filter);
	return {
		...result,
		filter,
		canInvite: can(viewer, 'people.invite'),
		canImport: can(viewer, 'people.import')
	};
};
