// The forms on course pages.
import { z } from 'zod';
import { fromUkTime } from '../../format';
import { dayField } from '../forms';

const isoDate = (what: string) => dayField(what, '2027-01-14');

const time = (what: string) =>
	z
		.string()
		.trim()
		.min(1, `Enter ${what}`)
		.regex(/^([01]\d|2[0-3]):[0-5]\d$/, `Enter ${what} as HH:MM in 24-hour time, for example 09:30`);

export const reasonSchema = z.object({
	reason: z
		.string()
		.trim()
		.min(3, 'Give a reason: it is kept in the audit log')
		.max(500, 'Reason must be 500 characters or fewer')
});

export const allocateSchema = reasonSchema.extend({
	email: z
		.string()
		.trim()
		.min(1, 'Enter the email address of the person to give a place')
		.max(254)
		.pipe(z.email('Enter an email address in the correct format, like name@example.com'))
});

export const moveSchema = reasonSchema.extend({
	toCohortId: z.uuid('Choose the cohort to move them to')
});

export const attendanceMarks = ['attended', 'partly', 'absent'] as const;

/** A cohort form for a course with `sessions` sessions: fields session1Date, session1Start, and so on. */
export function cohortSchema(sessions: number) {
	const sessionFields: Record<string, z.ZodType> = {};
	for (let n = 1; n <= sessions; n++) {
		sessionFields[`session${n}Date`] = isoDate(`the date of session ${n}`);
		sessionFields[`session${n}Start`] = time(`the start time of session ${n}`);
		sessionFields[`session${n}End`] = time(`the end time of session ${n}`);
		sessionFields[`session${n}Venue`] = z
			.string()
			.trim()
			.min(2, `Enter the venue or online link for session ${n}`)
			.max(300, 'Venue must be 300 characters or fewer');
	}
	return z
		.object({
			title: z
				.string()
				.trim()
				.min(3, 'Enter a name for the cohort, for example "Spring 2027"')
				.max(100, 'Name must be 100 characters or fewer'),
			capacity: z.coerce
				.number({ error: 'Enter the number of places as a number' })
				.int('Enter a whole number of places')
				.min(1, 'A cohort needs at least 1 place')
				.max(500, 'A cohort can have at most 500 places'),
			steeringPlaces: z.coerce
				.number({ error: 'Enter the places held for steering group members as a number' })
				.int('Enter a whole number')
				.min(0, 'Enter 0 or more')
				.default(0),
			steeringHoldUntil: z
				.string()
				.trim()
				.transform((v) => v || null)
				.pipe(isoDate('the date held places are released').nullable()),
			registrationOpens: isoDate('the date registration opens'),
			registrationCloses: isoDate('the date registration closes'),
			needsApproval: z
				.string()
				.optional()
				.transform((v) => v === 'yes'),
			...sessionFields
		})
		.superRefine((v, ctx) => {
			if (v.steeringPlaces > v.capacity)
				ctx.addIssue({
					code: 'custom',
					path: ['steeringPlaces'],
					message: 'Held places cannot be more than the places in the cohort'
				});
			if (v.steeringPlaces > 0 && !v.steeringHoldUntil)
				ctx.addIssue({
					code: 'custom',
					path: ['steeringHoldUntil'],
					message: 'Enter the date held places are released to everyone'
				});
			if (v.registrationCloses < v.registrationOpens)
				ctx.addIssue({
					code: 'custom',
					path: ['registrationCloses'],
					message: 'Registration must close on or after the day it opens'
				});
			const fields = v as Record<string, unknown>;
			for (let n = 1; n <= sessions; n++) {
				if (String(fields[`session${n}End`]) <= String(fields[`session${n}Start`]))
					ctx.addIssue({ code: 'custom', path: [`session${n}End`], message: `Session ${n} must end after it starts` });
			}
		})
		.transform((v) => {
			// The form's numbered fields become the cohort's sessions, at the times a clock in England shows.
			const fields = v as Record<string, unknown>;
			const field = (n: number, name: string) => String(fields[`session${n}${name}`]);
			return {
				title: v.title,
				capacity: v.capacity,
				steeringPlaces: v.steeringPlaces,
				steeringHoldUntil: v.steeringHoldUntil,
				registrationOpens: v.registrationOpens,
				registrationCloses: v.registrationCloses,
				needsApproval: v.needsApproval,
				sessions: Array.from({ length: sessions }, (_, i) => ({
					startsAt: fromUkTime(field(i + 1, 'Date'), field(i + 1, 'Start')),
					endsAt: fromUkTime(field(i + 1, 'Date'), field(i + 1, 'End')),
					venue: field(i + 1, 'Venue')
				}))
			};
		});
}
