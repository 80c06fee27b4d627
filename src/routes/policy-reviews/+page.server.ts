import { db } from '$lib/server/app';
import { requirePermission } from '$lib/server/auth/guard';
import { reviewsFor } from '$lib/server/authoring/review';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const person = requirePermission(locals, url, 'policies.review');
	return { reviews: await reviewsFor(db(), person) };
};
