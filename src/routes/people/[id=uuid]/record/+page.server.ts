import { db } from '$lib/server/app';
import { theirRecord } from '$lib/server/records/route';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { record } = await theirRecord(db(), event, 'viewed', '/me/record');
	return { record: record };
};
