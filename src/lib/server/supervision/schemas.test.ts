import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { fieldErrors, freeText } from '../forms';
import {
	caseReviewSchema,
	noteSchema,
	observationSchema,
	reviewSchema,
	sampleSchema,
	supervisionSchema,
	type RecordFormContext
} from './schemas';

const ctx: RecordFormContext = {
	caseReference: { pattern: /^NS-[0-9]{4}-[0-9]{4}$/, example: 'NS-2026-0142' },
	rules: {
		sampleSize: 3,
		resampleAfterMonths: 12,
		supportLevels: ['Information', 'Advice', 'Individual support'],
		observationCriteria: ['States the impartiality of the role at the start', 'Sets out the options without directing'],
		caseworkCriteria: ['Impartiality stated at first contact', 'Outcome recorded factually']
	},
	today: '2026-11-23'
};

/** The message shown beside each field, as the form page would show them. */
function errorsOf(schema: z.ZodType, values: Record<string, string>) {
	const result = schema.safeParse(values);
	expect(result.success).toBe(false);
	return result.success ? {} : fieldErrors(result.error);
}

const goodSession = {
	heldOn: '2026-11-20',
	minutes: '60',
	format: 'one-to-one',
	agenda: 'Caseload, impartiality, training',
	discussion: 'Went through NS-2026-0142 and NS-2026-0143; both waiting for the annual review.',
	impartiality: 'Noticed a pull towards the parent in NS-2026-0142; agreed to set out options only.',
	wellbeing: '',
	trainingNeeds: 'Tribunal appeals refresher',
	action1Description: 'Book the tribunal appeals course',
	action1Owner: 'subject',
	action1Due: '2026-12-18',
	action2Description: '',
	action2Owner: '',
	action2Due: '',
	action3Description: '  ',
	action3Owner: '',
	action3Due: ''
};

describe('the supervision session form', () => {
	it('accepts a good form and gives the date, the details and the actions agreed', () => {
		const result = supervisionSchema(ctx).safeParse(goodSession);
		expect(result.success && result.data).toEqual({
			heldOn: '2026-11-20',
			details: {
				minutes: 60,
				format: 'one-to-one',
				agenda: 'Caseload, impartiality, training',
				discussion: goodSession.discussion,
				impartiality: goodSession.impartiality,
				wellbeing: '',
				trainingNeeds: 'Tribunal appeals refresher'
			},
			actions: [{ description: 'Book the tribunal appeals course', owner: 'subject', dueOn: '2026-12-18' }]
		});
	});

	it('refuses a session dated in the future', () => {
		expect(errorsOf(supervisionSchema(ctx), { ...goodSession, heldOn: '2026-11-24' })).toEqual({
			heldOn: 'The date of the session must be today or in the past'
		});
		expect(supervisionSchema(ctx).safeParse({ ...goodSession, heldOn: '2026-11-23' }).success).toBe(true);
	});

	it('refuses a date that is not a real one or not in the form YYYY-MM-DD', () => {
		expect(errorsOf(supervisionSchema(ctx), { ...goodSession, heldOn: '2026-02-30' })).toEqual({
			heldOn: 'Enter a real date'
		});
		expect(errorsOf(supervisionSchema(ctx), { ...goodSession, heldOn: '20/11/2026' })).toEqual({
			heldOn: 'Enter the date of the session as YYYY-MM-DD, for example 2026-11-02'
		});
	});

	it.each([
		['an email address', 'Spoke to mum at jane.smith@example.org about it'],
		['a phone number', 'Mum asked for a call back on 07700 900123'],
		['a postcode', 'Family have moved to NE1 4ST']
	])('refuses %s in a free-text field and points to the case reference', (what, text) => {
		expect(errorsOf(supervisionSchema(ctx), { ...goodSession, discussion: text })).toEqual({
			discussion: `Discussion contains what looks like ${what}. Remove it and refer to the family by case reference, like NS-2026-0142`
		});
	});

	it('refuses personal details in an action too', () => {
		expect(
			errorsOf(supervisionSchema(ctx), { ...goodSession, action1Description: 'Ring dad on 0191 123 4567' })
		).toEqual({
			action1Description:
				'Action 1 contains what looks like a phone number. Remove it and refer to the family by case reference, like NS-2026-0142'
		});
	});

	it('refuses a field over 5,000 characters, and accepts one of exactly 5,000', () => {
		expect(errorsOf(supervisionSchema(ctx), { ...goodSession, discussion: 'a'.repeat(5001) })).toEqual({
			discussion: 'Discussion must be 5,000 characters or fewer'
		});
		expect(supervisionSchema(ctx).safeParse({ ...goodSession, discussion: 'a'.repeat(5000) }).success).toBe(true);
	});

	it('asks for the parts a session record cannot do without', () => {
		expect(errorsOf(supervisionSchema(ctx), { ...goodSession, agenda: '', impartiality: '   ', format: '' })).toEqual({
			format: 'Choose one-to-one or group',
			agenda: 'Enter what the session was to cover',
			impartiality: 'Enter the reflection on impartiality: this is what supervision is for'
		});
	});

	it('asks for the rest of an action row that was started', () => {
		expect(
			errorsOf(supervisionSchema(ctx), {
				...goodSession,
				action2Description: 'Read the new SEND code',
				action2Owner: '',
				action2Due: ''
			})
		).toEqual({
			action2Owner: 'Choose who owns action 2',
			action2Due: 'Enter the due date of action 2'
		});
		expect(
			errorsOf(supervisionSchema(ctx), { ...goodSession, action2Owner: 'author', action2Due: '2026-12-01' })
		).toEqual({
			action2Description: 'Describe action 2, or clear its due date'
		});
	});

	it('refuses an action due in the past', () => {
		expect(errorsOf(supervisionSchema(ctx), { ...goodSession, action1Due: '2026-11-22' })).toEqual({
			action1Due: 'The due date of action 1 must be today or later'
		});
	});

	it('refuses a session length that makes no sense', () => {
		expect(errorsOf(supervisionSchema(ctx), { ...goodSession, minutes: 'an hour' })).toEqual({
			minutes: 'Enter the length of the session in minutes, for example 60'
		});
		expect(errorsOf(supervisionSchema(ctx), { ...goodSession, minutes: '600' })).toEqual({
			minutes: 'A session lasts at most 480 minutes (8 hours)'
		});
		expect(errorsOf(supervisionSchema(ctx), { ...goodSession, minutes: '4' })).toEqual({
			minutes: 'A session lasts at least 5 minutes'
		});
		expect(errorsOf(supervisionSchema(ctx), { ...goodSession, minutes: '52.5' })).toEqual({
			minutes: 'Enter a whole number of minutes'
		});
	});

	it('asks for the length of a session left blank, rather than calling it too short', () => {
		expect(errorsOf(supervisionSchema(ctx), { ...goodSession, minutes: '' })).toEqual({
			minutes: 'Enter the length of the session in minutes, for example 60'
		});
		expect(errorsOf(supervisionSchema(ctx), { ...goodSession, minutes: '  ' })).toEqual({
			minutes: 'Enter the length of the session in minutes, for example 60'
		});
	});
});

describe('the observation form', () => {
	const good = {
		heldOn: '2026-11-02',
		setting: 'phone',
		observed: 'Call about NS-2026-0142: request for an EHC needs assessment.',
		summary: 'A clear, impartial call.',
		grade1: 'good',
		evidence1: 'Opened by explaining the service is impartial.',
		grade2: 'not-applicable',
		evidence2: ''
	};

	it('accepts a good form and keeps each criterion with its rating', () => {
		const result = observationSchema(ctx).safeParse(good);
		expect(result.success && result.data).toEqual({
			heldOn: '2026-11-02',
			details: {
				setting: 'phone',
				observed: good.observed,
				summary: good.summary,
				criteria: [
					{
						criterion: 'States the impartiality of the role at the start',
						grade: 'good',
						evidence: 'Opened by explaining the service is impartial.'
					},
					{ criterion: 'Sets out the options without directing', grade: 'not-applicable', evidence: '' }
				]
			},
			actions: []
		});
	});

	it('asks for a rating for each criterion, and evidence for a rating given', () => {
		expect(errorsOf(observationSchema(ctx), { ...good, grade1: '' })).toEqual({
			grade1: 'Choose a rating for "States the impartiality of the role at the start"'
		});
		expect(errorsOf(observationSchema(ctx), { ...good, grade2: 'inadequate' })).toEqual({
			evidence2: 'Give the evidence for the rating of "Sets out the options without directing"'
		});
	});

	it('refuses personal details in evidence', () => {
		expect(
			errorsOf(observationSchema(ctx), { ...good, evidence1: 'Parent gave their email, a.parent@example.com' })
		).toEqual({
			evidence1:
				'Evidence for "States the impartiality of the role at the start" contains what looks like an email address. Remove it and refer to the family by case reference, like NS-2026-0142'
		});
	});
});

describe('the performance review form', () => {
	const good = {
		heldOn: '2026-11-23',
		objectivesReviewed: 'All met.',
		objectivesSet: 'Lead one drop-in a month.',
		developmentPlan: 'Tribunal training.',
		action1Description: 'Shadow a tribunal hearing',
		action1Owner: 'author',
		action1Due: '2027-03-01'
	};

	it('accepts a good form with its actions', () => {
		const result = reviewSchema(ctx).safeParse(good);
		expect(result.success && result.data).toEqual({
			heldOn: '2026-11-23',
			details: {
				objectivesReviewed: 'All met.',
				objectivesSet: 'Lead one drop-in a month.',
				developmentPlan: 'Tribunal training.'
			},
			actions: [{ description: 'Shadow a tribunal hearing', owner: 'author', dueOn: '2027-03-01' }]
		});
	});

	it('refuses a future date and a missing plan', () => {
		expect(errorsOf(reviewSchema(ctx), { ...good, heldOn: '2027-01-01', developmentPlan: '' })).toEqual({
			heldOn: 'The date of the review must be today or in the past',
			developmentPlan: 'Enter the development plan'
		});
	});
});

describe('the casework sample form', () => {
	const good = {
		periodFrom: '2026-05-01',
		periodTo: '2026-10-31',
		caseReferences: 'NS-2026-0142\nNS-2026-0143, NS-2026-0144\nNS-2026-0142\n'
	};

	it('accepts a list of case references, each once', () => {
		const result = sampleSchema(ctx).safeParse(good);
		expect(result.success && result.data).toEqual({
			periodFrom: '2026-05-01',
			periodTo: '2026-10-31',
			caseReferences: ['NS-2026-0142', 'NS-2026-0143', 'NS-2026-0144']
		});
	});

	it('names the line of the first bad reference and shows what one looks like', () => {
		expect(errorsOf(sampleSchema(ctx), { ...good, caseReferences: 'NS-2026-0142\nNS-2026-0143\nJoe Bloggs' })).toEqual({
			caseReferences: 'Line 3: "Joe" is not a case reference (and 1 more). Case references look like NS-2026-0142'
		});
		expect(errorsOf(sampleSchema(ctx), { ...good, caseReferences: 'NS-26-142' })).toEqual({
			caseReferences: 'Line 1: "NS-26-142" is not a case reference. Case references look like NS-2026-0142'
		});
	});

	it('uses the service hint when it has one', () => {
		const hinted = {
			...ctx,
			caseReference: { ...ctx.caseReference, hint: 'Use the reference from the case system, like NS-2026-0142' }
		};
		expect(errorsOf(sampleSchema(hinted), { ...good, caseReferences: 'x' })).toEqual({
			caseReferences: 'Line 1: "x" is not a case reference. Use the reference from the case system, like NS-2026-0142'
		});
	});

	it('asks for a list when none is given', () => {
		expect(errorsOf(sampleSchema(ctx), { ...good, caseReferences: '\n \n' })).toEqual({
			caseReferences: "Enter the worker's case references for the period, one per line, like NS-2026-0142"
		});
	});

	it('refuses a period that ends before it starts or ends in the future', () => {
		expect(errorsOf(sampleSchema(ctx), { ...good, periodFrom: '2026-10-31', periodTo: '2026-05-01' })).toEqual({
			periodTo: 'The end of the period must be on or after its start'
		});
		expect(errorsOf(sampleSchema(ctx), { ...good, periodTo: '2026-12-31' })).toEqual({
			periodTo: 'The end of the period must be today or in the past'
		});
	});
});

describe('the review of a sampled case', () => {
	const good = {
		supportLevel: 'Advice',
		setting: 'Oakfield Primary',
		comment: 'Well recorded.',
		grade1: 'good',
		grade2: 'requires-improvement'
	};

	it('accepts a good review with a grade per criterion', () => {
		const result = caseReviewSchema(ctx).safeParse(good);
		expect(result.success && result.data).toEqual({
			supportLevel: 'Advice',
			setting: 'Oakfield Primary',
			comment: 'Well recorded.',
			grades: [
				{ criterion: 'Impartiality stated at first contact', grade: 'good', evidence: '' },
				{ criterion: 'Outcome recorded factually', grade: 'requires-improvement', evidence: '' }
			]
		});
	});

	it('refuses a support level the service does not use, a missing setting and a missing grade', () => {
		expect(errorsOf(caseReviewSchema(ctx), { ...good, supportLevel: 'Casework', setting: '', grade2: '' })).toEqual({
			supportLevel: 'Choose the level of support',
			setting: 'Enter the school or setting involved, or "None"',
			grade2: 'Choose a rating for "Outcome recorded factually"'
		});
	});

	it('refuses a setting name longer than 200 characters', () => {
		expect(errorsOf(caseReviewSchema(ctx), { ...good, setting: 'S'.repeat(201) })).toEqual({
			setting: 'School or setting must be 200 characters or fewer'
		});
	});
});

describe('comments, addenda and free text', () => {
	it('asks for the text of a note and refuses personal details in it', () => {
		const schema = noteSchema(ctx.caseReference, 'Addendum');
		expect(errorsOf(schema, { body: '' })).toEqual({ body: 'Enter your addendum' });
		expect(errorsOf(schema, { body: 'Correction: the postcode is SW1A 1AA' })).toEqual({
			body: 'Addendum contains what looks like a postcode. Remove it and refer to the family by case reference, like NS-2026-0142'
		});
		expect(schema.safeParse({ body: '  The action was finished early.  ' })).toEqual({
			success: true,
			data: { body: 'The action was finished early.' }
		});
	});

	it('reads a field left out of the form as blank', () => {
		expect(freeText('Wellbeing', ctx.caseReference).safeParse(undefined)).toEqual({ success: true, data: '' });
	});
});
