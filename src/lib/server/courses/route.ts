// What every cohort page needs first: the cohort as the viewer sees it, its course, and permission.
import { error } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { content } from '../content';
import { requirePermission } from '../auth/guard';
import { cohortsFor } from './index';

export async function cohortForRequest(
	db: Kysely<DB>,
	locals: App.Locals,
	url: URL,
	id: string,
	permission: 'courses.view' | 'courses.manage' = 'courses.view'
) {
	const person = requirePermission(locals, url, permission);
	const [cohort] = await cohortsFor(db, person, new Date(), id);
	const course = cohort && content().courseBySlug.get(cohort.courseSlug);
	if (!cohort || !course) error(404, 'Page not found');
	return { person, cohort, course };
}

/** The service's name and address for the emails a change of place sends. */
export function serviceInfo() {
	const { shortName, contactEmail } = content().service;
	return { shortName, contactEmail };
}
