import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { policyForRequest } from '$lib/server/policies/route';
import { listSupervisors } from '$lib/server/people';
import { policyCompliance } from '$lib/server/policies';
import { complianceFilterSchema } from '$lib/server/policies/schemas';
import { pageNumber } from '$lib/server/forms';
import type { PageServerLoad } from './$types';

const pageSize = 50;

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const { policy } = policyForRequest(locals, url, params.slug, 'policies.compliance');
	const filter = complianceFilterSchema.parse(Object.fromEntries(url.searchParams));
	const page = pageNumber(url, 1000);
	const [compliance, supervisors] = await Promise.all([
		policyCompliance(db(), policy, content().service.policyTiming, filter, new Date(), {
			limit: pageSize,
			offset: (page - 1) * pageSize
		}),
		listSupervisors(db())
	]);
	return {
		policy: { slug: policy.slug, title: compliance.current!.title, version: compliance.current!.version },
		filter,
		counts: compliance.counts,
		versions: compliance.versions,
		total: compliance.total,
		page,
		pageSize,
		rows: compliance.rows.map((r) => ({
			id: r.id,
			name: r.name,
			roles: r.roles,
			supervisorName: r.supervisorName,
			status: r.due.status,
			dueOn: r.due.dueOn,
			reason: r.due.reason,
			version: r.version,
			acknowledgedAt: r.acknowledgedAt,
			method: r.method,
			recordedByName: r.recordedByName,
			remark: r.remark
		})),
		supervisors: supervisors,
		recorded: url.searchParams.get('recorded')
	};
};
