import { z } from 'zod';
import { db } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth/guard';
import { can } from '$lib/server/auth/permissions';
import { pageNumber } from '$lib/server/forms';
import { listLeaflets, listStates, pageSize, waitingForReview } from '$lib/server/leaflets';
import { rules } from '$lib/server/leaflets/route';
import { serviceDay } from '$lib/format';
import type { PageServerLoad } from './$types';

const stateQuery = z.enum(listStates).catch('in-use');

export const load: PageServerLoad = async ({ locals, url }) => {
	const person = requirePermission(locals, url, 'leaflets.view');
	const state = stateQuery.parse(url.searchParams.get('state') ?? undefined);
	const page = pageNumber(url);
	const [list, waiting] = await Promise.all([
		listLeaflets(db(), { state, page }, rules(), serviceDay()),
		can(person, 'leaflets.review') ? waitingForReview(db(), person) : []
	]);
	return {
		state,
		page,
		pages: Math.max(1, Math.ceil(list.total / pageSize)),
		total: list.total,
		rows: list.rows,
		waiting,
		manage: can(person, 'leaflets.manage')
	};
};
