// The forms on course pages.
import { z } from 'zod';
import { instantAt } from '../../format';
import { dayField, optionalDayField, textField, wholeNumberField } from '../forms';
import { emailField } from '../people/schemas';

const isoDate = (what: string) => dayField(what, '2027-01-14');

const time = (what: string) =>
	z
		.string()
		.trim()
		.min(1, `Enter ${what}`)
		.regex(/^([01]\d|2[0-3]):[0-5]\d$/, `Enter ${what} as HH:MM in 24-hour time, for example 09:30`);

export const reasonSchema = z.object({
	reason: textField('Reason', 500).min(3, 'Give a reason: it is kept in the audit log')
});

export const allocateSchema = reasonSchema.extend({
	email: emailField('Enter the email address of the person to give a place')
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
		sessionFields[`session${n}Venue`] = textField('Venue', 300).min(
			2,
			`Enter the venue or online link for session ${n}`
		);
	}
	return z
		.object({
			title: textField('Name', 100).min(3, 'Enter a name for the cohort, for example "Spring 2027"'),
			capacity: wholeNumberField('Enter the number of places as a number', 'Enter a whole number of places').pipe(
				z.number().min(1, 'A cohort needs at least 1 place').max(500, 'A cohort can have at most 500 places')
			),
			// Left blank, no places are held.
			steeringPlaces: z
				.preprocess(
					(v) => (typeof v === 'string' && !v.trim() ? '0' : (v ?? '0')),
					wholeNumberField('Enter the places held for steering group members as a number', 'Enter a whole number')
				)
				.pipe(z.number().min(0, 'Enter 0 or more')),
			steeringHoldUntil: optionalDayField('the date held places are released', '2027-01-14'),
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
					startsAt: instantAt(field(i + 1, 'Date'), field(i + 1, 'Start')),
					endsAt: instantAt(field(i + 1, 'Date'), field(i + 1, 'End')),
					venue: field(i + 1, 'Venue')
				}))
			};
		});
}
