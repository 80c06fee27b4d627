import { db } from '$lib/server/app';
import { ownRecord } from '$lib/server/records/route';
import { certificatesOf } from '$lib/server/certificates';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { record, viewer } = await ownRecord(db(), event);
	return { record: record, certificates: await certificatesOf(db(), viewer.id) };
};
