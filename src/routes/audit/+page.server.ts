import { db } from '$lib/server/app';
import { recordAudit } from '$lib/server/audit';
import { auditRecordTypes, auditSearchSchema, describeDetail, searchAuditLog } from '$lib/server/audit/search';
import { requirePermission } from '$lib/server/auth/guard';
import { clientAddress } from '$lib/server/address';
import { fieldErrors } from '$lib/server/forms';
import type { PageServerLoad } from './$types';

const fields = ['person', 'recordType', 'recordId', 'from', 'to'] as const;

export const load: PageServerLoad = async (event) => {
	const { locals, url } = event;
	const viewer = requirePermission(locals, url, 'audit.read');
	const values = Object.fromEntries(fields.map((f) => [f, url.searchParams.get(f) ?? ''])) as Record<
		(typeof fields)[number],
		string
	>;
	const parsed = auditSearchSchema.safeParse(Object.fromEntries(url.searchParams));
	const recordTypes = await auditRecordTypes(db());
	if (!parsed.success) return { values, errors: fieldErrors(parsed.error), recordTypes, result: null };

	const result = await searchAuditLog(db(), parsed.data);
	// Reading the log is reading what people did: that read is itself logged, after the search so
	// that it does not appear in its own results.
	await recordAudit(db(), {
		actorId: viewer.id,
		action: 'audit.searched',
		detail: { ...parsed.data, page: result.page },
		address: clientAddress(event)
	});
	return {
		values,
		errors: null,
		recordTypes,
		result: { ...result, entries: result.entries.map((e) => ({ ...e, detail: describeDetail(e.detail) })) }
	};
};
