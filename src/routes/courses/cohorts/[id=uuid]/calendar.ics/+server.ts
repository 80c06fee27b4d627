import { error } from '@sveltejs/kit';
import { db, publicOrigin } from '$lib/server/app';
import { bookedSessions } from '$lib/server/courses';
import { icsCalendar } from '$lib/server/courses/ics';
import { cohortForRequest } from '$lib/server/courses/route';
import { content } from '$lib/server/content';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url, params }) => {
	const { person, cohort, course } = await cohortForRequest(db(), locals, url, params.id);
	const sessions = await bookedSessions(db(), person.id, cohort.id);
	if (!sessions) error(404, 'You do not have a booked place on this cohort');
	const { shortName } = content().service;
	const ics = icsCalendar(
		`${course.title}: ${cohort.title}`,
		sessions.map((s) => ({
			uid: `${s.id}@${new URL(publicOrigin()).host}`,
			start: s.startsAt,
			end: s.endsAt,
			title: `${course.title}, session ${s.position} of ${sessions.length}`,
			location: s.venue,
			description: `${cohort.title}, run by ${shortName}. ${publicOrigin()}/courses/cohorts/${cohort.id}`
		}))
	);
	return new Response(ics, {
		headers: {
			'Content-Type': 'text/calendar; charset=utf-8',
			'Content-Disposition': `attachment; filename="${course.slug}-${cohort.id.slice(0, 8)}.ics"`,
			'Cache-Control': 'private, no-store'
		}
	});
};
