import { db } from '$lib/server/app';
import { ownRecord } from '$lib/server/records/route';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { record } = await ownRecord(db(), event);
	return { record: record };
};
