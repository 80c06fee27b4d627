import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { content } from '$lib/server/content';
import { requirePermission } from '$lib/server/auth/guard';
import { can } from '$lib/server/auth/permissions';
import { parseForm, rejectForm } from '$lib/server/forms';
import {
	declarationsOf,
	declareInterest,
	endInterest,
	endInterestSchema,
	interestSchema,
	makeReturn
} from '$lib/server/declarations';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const person = requirePermission(locals, url, 'declarations.own');
	return {
		...(await declarationsOf(db(), person.id)),
		done: url.searchParams.get('done'),
		canSeeRegister: can(person, 'declarations.register')
	};
};

export const actions: Actions = {
	add: async ({ locals, url, request }) => {
		const person = requirePermission(locals, url, 'declarations.own');
		const form = parseForm(interestSchema(content().service.caseReference), await request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		await declareInterest(db(), person, form.data);
		redirect(303, '/declarations?done=added');
	},
	end: async ({ locals, url, request }) => {
		const person = requirePermission(locals, url, 'declarations.own');
		const form = parseForm(endInterestSchema(content().service.caseReference), await request.formData());
		if (!form.ok) return rejectForm(form.values, form.errors);
		if (!(await endInterest(db(), person, form.data.interestId, form.data.reason)))
			return rejectForm(form.values, { interestId: 'That interest has already ended' });
		redirect(303, '/declarations?done=ended');
	},
	confirm: async ({ locals, url }) => {
		const person = requirePermission(locals, url, 'declarations.own');
		const result = await makeReturn(db(), person);
		redirect(303, `/declarations?done=${result.nil ? 'nil' : 'confirmed'}`);
	}
};
