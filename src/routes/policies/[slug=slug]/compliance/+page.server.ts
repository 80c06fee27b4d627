import { error, redirect } from '@sveltejs/kit';
import { db, policyVersionId } from '$lib/server/app';
import { content } from '$lib/server/content';
import { currentVersion } from '$lib/server/content/policies';
import { requirePermission } from '$lib/server/auth/guard';
import { parseForm, rejectForm } from '$lib/server/forms';
import { findPerson, findPersonByEmail, listSupervisors } from '$lib/server/people';
import { acknowledgePolicy, policyCompliance } from '$lib/server/policies';
import { complianceFilterSchema, recordOnBehalfSchema } from '$lib/server/policies/schemas';
import type { Actions, PageServerLoad } from './$types';

const pageSize = 100;

function findPolicy(slug: string) {
	const policy = content().policyBySlug.get(slug);
	const current = policy && currentVersion(policy);
	if (!policy || !current) error(404, 'Page not found');
	return { policy, current };
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requirePermission(locals, url, 'policies.compliance');
	const { policy } = findPolicy(params.slug);
	const filter = complianceFilterSchema.parse(Object.fromEntries(url.searchParams));
	const page = Math.max(1, Math.min(1000, Number(url.searchParams.get('page')) || 1));
	const [compliance, supervisors] = await Promise.all([
		policyCompliance(db(), policy, content().service.policyTiming, filter, new Date(), { limit: pageSize, offset: (page - 1) * pageSize }),
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
			id: r.id, name: r.name, roles: r.roles, supervisorName: r.supervisorName, status: r.due.status, dueDate: r.due.dueDate, reason: r.due.reason,
			version: r.version, acknowledgedAt: r.acknowledgedAt, method: r.method, recordedByName: r.recordedByName, remark: r.remark
		})),
		supervisors,
		recorded: url.searchParams.get('recorded')
	};
};

export const actions: Actions = {
	record: async ({ locals, url, params, request }) => {
		const actor = requirePermission(locals, url, 'policies.compliance');
		const { policy, current } = findPolicy(params.slug);
		const form = parseForm(recordOnBehalfSchema, await request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		const found = await findPersonByEmail(db(), form.data.email);
		const person = found && (await findPerson(db(), found.id));
		if (!person || person.status !== 'active') return rejectForm(form.values, { email: 'No one with an active account has this email address' });
		const result = await acknowledgePolicy(db(), actor, person, policy, current, policyVersionId(current.hash), content().service.policyTiming, {
			remark: form.data.remark,
			acknowledgedAt: new Date(`${form.data.acknowledgedOn}T12:00:00Z`)
		});
		if (!result.ok) return rejectForm(form.values, { email: result.message });
		redirect(303, `/policies/${policy.slug}/compliance?recorded=${encodeURIComponent(person.name)}`);
	}
};
