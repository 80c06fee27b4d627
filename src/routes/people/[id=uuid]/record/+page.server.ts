import { theirRecord } from '$lib/server/records/route';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { record } = await theirRecord(event, 'viewed', '/me/record');
	return { record: record };
};
