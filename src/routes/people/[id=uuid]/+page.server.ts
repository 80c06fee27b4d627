import { error, redirect } from '@sveltejs/kit';
import { db, publicOrigin } from '$lib/server/app';
import { content } from '$lib/server/content';
import { can } from '$lib/server/auth/permissions';
import { requirePermission, requireSignedIn } from '$lib/server/auth/guard';
import { parseForm, rejectForm } from '$lib/server/forms';
import {
	findPerson,
	issueSignInLink,
	listSupervisors,
	recordPersonViewed,
	setPersonActive,
	updateRolesAndSupervisor
} from '$lib/server/people';
import { rolesAndSupervisorSchema } from '$lib/server/people/schemas';
import { courseStandingFor } from '$lib/server/courses';
import { inductionFor } from '$lib/server/induction';
import { declarationsOf } from '$lib/server/declarations';
import { earlierRecordsOf } from '$lib/server/import';
import { certificatesOf } from '$lib/server/certificates';
import { hoursByYear, trainingLogOf } from '$lib/server/training-log';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const viewer = requireSignedIn(locals, url);
	const found = await findPerson(db(), params.id);
	if (!found) error(404, 'Page not found');
	requirePermission(locals, url, 'people.view', found);
	const manage = can(viewer, 'people.manage', found);
	const [supervisors, induction, declarations, courses, earlierRecords, certificates, trainingLog] = await Promise.all([
		manage ? listSupervisors(db()) : [],
		inductionFor(db(), found, content().modules),
		declarationsOf(db(), found.id),
		courseStandingFor(db(), found.id),
		earlierRecordsOf(db(), found.id),
		can(viewer, 'certificates.list', found) ? certificatesOf(db(), found.id) : null,
		can(viewer, 'training.view', found) ? trainingLogOf(db(), found.id) : null,
		recordPersonViewed(db(), viewer, found.id)
	]);
	const titles = content().courseBySlug;
	const courseTitle = (slug: string) => titles.get(slug)?.title ?? slug;
	return {
		record: found,
		canManage: manage,
		supervisionRecords: can(viewer, 'supervision.list', found),
		canExportRecord: can(viewer, 'records.any', found),
		canResetSignIn: can(viewer, 'mfa.reset', found),
		supervisors,
		induction,
		declarations,
		earlierRecords,
		courses: {
			completions: courses.completions.map((c) => ({ ...c, title: courseTitle(c.courseSlug) })),
			places: courses.places.map((p) => ({ ...p, title: courseTitle(p.courseSlug) }))
		},
		certificates,
		trainingLog: trainingLog && {
			entries: trainingLog.map(({ id: _id, ...entry }) => entry),
			hoursByYear: hoursByYear(trainingLog)
		},
		done: url.searchParams.get('done')
	};
};

/** Loads the person an action is about and checks the actor may manage them. */
async function managed(event: RequestEvent) {
	const found = await findPerson(db(), event.params.id);
	if (!found) error(404, 'Page not found');
	const actor = requirePermission(event.locals, event.url, 'people.manage', found);
	return { actor, person: found };
}

export const actions: Actions = {
	roles: async (event) => {
		const { actor, person } = await managed(event);
		const form = parseForm(rolesAndSupervisorSchema, await event.request.formData(), ['roles']);
		if (!form.ok) return rejectForm(form.values, form.errors);
		const result = await updateRolesAndSupervisor(db(), actor, person.id, form.data);
		if (!result.ok) return rejectForm(form.values, result.errors);
		redirect(303, `/people/${person.id}?done=roles`);
	},
	deactivate: async (event) => {
		const { actor, person } = await managed(event);
		await setPersonActive(db(), actor, person.id, false);
		redirect(303, `/people/${person.id}?done=deactivated`);
	},
	reactivate: async (event) => {
		const { actor, person } = await managed(event);
		await setPersonActive(db(), actor, person.id, true);
		redirect(303, `/people/${person.id}?done=reactivated`);
	},
	link: async (event) => {
		const { actor, person } = await managed(event);
		if (person.status === 'deactivated') {
			return rejectForm({}, { form: 'Reactivate this account before making a sign-in link' });
		}
		const result = await issueSignInLink(db(), actor, person, content().service, publicOrigin());
		return { link: result };
	}
};
