import { redirect } from '@sveltejs/kit';
import { db, policyVersionId } from '$lib/server/app';
import { content } from '$lib/server/content';
import { policyForRequest } from '$lib/server/policies/route';
import { parseForm, rejectForm } from '$lib/server/forms';
import { findPerson, findPersonByEmail } from '$lib/server/people';
import { acknowledgePolicy } from '$lib/server/policies';
import { recordOnBehalfSchema } from '$lib/server/policies/schemas';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url, params }) => {
	const { policy, current } = policyForRequest(locals, url, params.slug, 'policies.compliance');
	return { policy: { slug: policy.slug, title: current.title, version: current.version } };
};

export const actions: Actions = {
	default: async ({ locals, url, params, request }) => {
		const { policy, current, person: actor } = policyForRequest(locals, url, params.slug, 'policies.compliance');
		const form = parseForm(recordOnBehalfSchema, await request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		const found = await findPersonByEmail(db(), form.data.email);
		const person = found && (await findPerson(db(), found.id));
		if (!person || person.status !== 'active')
			return rejectForm(form.values, { email: 'No one with an active account has this email address' });
		const result = await acknowledgePolicy(
			db(),
			actor,
			person,
			policy,
			current,
			policyVersionId(current.hash),
			content().service.policyTiming,
			{
				remark: form.data.remark,
				acknowledgedAt: new Date(`${form.data.acknowledgedOn}T12:00:00Z`)
			}
		);
		if (!result.ok) return rejectForm(form.values, { email: result.message });
		redirect(303, `/policies/${policy.slug}/compliance?recorded=${encodeURIComponent(person.name)}`);
	}
};
