import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { policyForRequest } from '$lib/server/policies/route';
import { policyCompliance } from '$lib/server/policies';
import { csvDownload } from '$lib/server/csv';
import { complianceFilterSchema } from '$lib/server/policies/schemas';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url, params }) => {
	const { policy } = policyForRequest(locals, url, params.slug, 'policies.compliance');
	const filter = complianceFilterSchema.parse(Object.fromEntries(url.searchParams));
	const { rows, current } = await policyCompliance(db(), policy, content().service.policyTiming, filter);
	return csvDownload(`${policy.slug}-v${current?.version ?? 0}-compliance.csv`, [
		[
			'Name',
			'Email',
			'Roles',
			'Supervisor',
			'Status',
			'Due by',
			'Latest version acknowledged',
			'Acknowledged at',
			'How',
			'Recorded by',
			'Remark'
		],
		...rows.map((r) => [
			r.name,
			r.email,
			r.roles.join('; '),
			r.supervisorName,
			r.due.status,
			r.due.dueOn,
			r.version,
			r.acknowledgedAt,
			r.method,
			r.recordedByName,
			r.remark
		])
	]);
};
