// The forms for supervision records. Every free-text field refuses names' stand-ins (emails, phone
// numbers, postcodes) and has a size limit; the messages say what to do.
import { z } from 'zod';
import { caseGrades, type CaseGrade } from '../db/schema';
import type { SupervisionRules } from '../content/service';
import { parseCaseList } from './draw';
import { dayField, freeText, textField, wholeNumberField, type CaseReferenceRule } from '../forms';
import { observationSettings, sessionFormats } from '../../supervision';

export const longText = 5000;
export const shortText = 300;

/** What a schema needs from the service: its case reference example and pattern, and its rules. */
export interface RecordFormContext {
	caseReference: { pattern: RegExp; example: string; hint?: string };
	rules: SupervisionRules;
	/** Today in England, YYYY-MM-DD: records are of things that have happened. */
	today: string;
}

/** Free text in a record: trimmed, limited, and refused when it holds an email address, phone number or postcode. */
function recordText(ctx: RecordFormContext, label: string, options: { max?: number; required?: string } = {}) {
	return freeText(label, ctx.caseReference, { max: longText, ...options });
}

export function pastDate(what: string, today: string) {
	return dayField(what, '2026-11-02').refine(
		(d) => d <= today,
		`${what[0]!.toUpperCase()}${what.slice(1)} must be today or in the past`
	);
}

function futureDate(what: string, today: string) {
	return dayField(what, '2027-01-15').refine(
		(d) => d >= today,
		`${what[0]!.toUpperCase()}${what.slice(1)} must be today or later`
	);
}

/** How many agreed actions a supervision form offers at once. */
export const actionRows = 3;
export const actionOwners = ['subject', 'author'] as const;

export interface ActionInput {
	description: string;
	owner: (typeof actionOwners)[number];
	dueOn: string;
}

/** Rows action1Description, action1Owner, action1Due and so on: blank rows are skipped, started ones must be whole. */
function actionFields(ctx: RecordFormContext) {
	const fields: Record<string, z.ZodType> = {};
	for (let n = 1; n <= actionRows; n++) {
		fields[`action${n}Description`] = recordText(ctx, `Action ${n}`, { max: shortText });
		fields[`action${n}Owner`] = z.string().optional().default('');
		fields[`action${n}Due`] = z.string().trim().optional().default('');
	}
	return fields;
}

function checkActions(ctx: RecordFormContext) {
	return (v: Record<string, unknown>, issues: z.RefinementCtx) => {
		for (let n = 1; n <= actionRows; n++) {
			const description = String(v[`action${n}Description`] ?? '');
			const due = String(v[`action${n}Due`] ?? '');
			if (!description && !due) continue;
			if (!description)
				issues.addIssue({
					code: 'custom',
					path: [`action${n}Description`],
					message: `Describe action ${n}, or clear its due date`
				});
			if (!actionOwners.includes(v[`action${n}Owner`] as never))
				issues.addIssue({ code: 'custom', path: [`action${n}Owner`], message: `Choose who owns action ${n}` });
			const parsed = futureDate(`the due date of action ${n}`, ctx.today).safeParse(due);
			if (!parsed.success)
				issues.addIssue({ code: 'custom', path: [`action${n}Due`], message: parsed.error.issues[0]!.message });
		}
	};
}

function actionsFrom(v: Record<string, unknown>): ActionInput[] {
	const actions: ActionInput[] = [];
	for (let n = 1; n <= actionRows; n++) {
		const description = String(v[`action${n}Description`] ?? '');
		if (description)
			actions.push({
				description,
				owner: v[`action${n}Owner`] as ActionInput['owner'],
				dueOn: String(v[`action${n}Due`])
			});
	}
	return actions;
}

export function supervisionSchema(ctx: RecordFormContext) {
	const text = (label: string, required?: string) => recordText(ctx, label, { required });
	return z
		.object({
			heldOn: pastDate('the date of the session', ctx.today),
			minutes: wholeNumberField(
				'Enter the length of the session in minutes, for example 60',
				'Enter a whole number of minutes'
			).pipe(
				z
					.number()
					.min(5, 'A session lasts at least 5 minutes')
					.max(480, 'A session lasts at most 480 minutes (8 hours)')
			),
			format: z.enum(Object.keys(sessionFormats) as [keyof typeof sessionFormats], {
				error: 'Choose one-to-one or group'
			}),
			agenda: text('Agenda', 'Enter what the session was to cover'),
			discussion: text('Discussion', 'Enter what was discussed'),
			impartiality: text(
				'Reflection on impartiality',
				'Enter the reflection on impartiality: this is what supervision is for'
			),
			wellbeing: text('Wellbeing'),
			trainingNeeds: text('Training needs'),
			...actionFields(ctx)
		})
		.superRefine((v, issues) => checkActions(ctx)(v as Record<string, unknown>, issues))
		.transform((v) => ({
			heldOn: v.heldOn,
			details: {
				minutes: v.minutes,
				format: v.format,
				agenda: v.agenda,
				discussion: v.discussion,
				impartiality: v.impartiality,
				wellbeing: v.wellbeing,
				trainingNeeds: v.trainingNeeds
			},
			actions: actionsFrom(v as Record<string, unknown>)
		}));
}

/** One grade and its evidence or comment per criterion, as fields grade1, evidence1, and so on. */
function criterionFields(criteria: string[], ctx: RecordFormContext, withEvidence: boolean) {
	const fields: Record<string, z.ZodType> = {};
	criteria.forEach((criterion, i) => {
		fields[`grade${i + 1}`] = z.enum(caseGrades, { error: `Choose a rating for "${criterion}"` });
		if (withEvidence) fields[`evidence${i + 1}`] = recordText(ctx, `Evidence for "${criterion}"`, { max: 2000 });
	});
	return fields;
}

function criterionGrades(criteria: string[], v: Record<string, unknown>) {
	return criteria.map((criterion, i) => ({
		criterion,
		grade: v[`grade${i + 1}`] as CaseGrade,
		evidence: String(v[`evidence${i + 1}`] ?? '')
	}));
}

export function observationSchema(ctx: RecordFormContext) {
	const criteria = ctx.rules.observationCriteria;
	return z
		.object({
			heldOn: pastDate('the date of the observation', ctx.today),
			setting: z.enum(Object.keys(observationSettings) as [keyof typeof observationSettings], {
				error: 'Choose where the practice was observed'
			}),
			observed: recordText(ctx, 'What was observed', {
				required: 'Enter what was observed, using case references rather than names'
			}),
			summary: recordText(ctx, 'Overall feedback'),
			...criterionFields(criteria, ctx, true)
		})
		.superRefine((v, issues) => {
			criteria.forEach((criterion, i) => {
				const grade = (v as Record<string, unknown>)[`grade${i + 1}`];
				const evidence = String((v as Record<string, unknown>)[`evidence${i + 1}`] ?? '');
				if (grade && grade !== 'not-applicable' && !evidence)
					issues.addIssue({
						code: 'custom',
						path: [`evidence${i + 1}`],
						message: `Give the evidence for the rating of "${criterion}"`
					});
			});
		})
		.transform((v) => ({
			heldOn: v.heldOn,
			details: {
				setting: v.setting,
				observed: v.observed,
				summary: v.summary,
				criteria: criterionGrades(criteria, v as Record<string, unknown>)
			},
			actions: [] as ActionInput[]
		}));
}

export function reviewSchema(ctx: RecordFormContext) {
	const text = (label: string, required?: string) => recordText(ctx, label, { required });
	return z
		.object({
			heldOn: pastDate('the date of the review', ctx.today),
			objectivesReviewed: text('Objectives reviewed', 'Enter how the objectives from last year went'),
			objectivesSet: text('Objectives for the coming year', 'Enter the objectives for the coming year'),
			developmentPlan: text('Development plan', 'Enter the development plan'),
			...actionFields(ctx)
		})
		.superRefine((v, issues) => checkActions(ctx)(v as Record<string, unknown>, issues))
		.transform((v) => ({
			heldOn: v.heldOn,
			details: {
				objectivesReviewed: v.objectivesReviewed,
				objectivesSet: v.objectivesSet,
				developmentPlan: v.developmentPlan
			},
			actions: actionsFrom(v as Record<string, unknown>)
		}));
}

export function sampleSchema(ctx: RecordFormContext) {
	const example = ctx.caseReference.example;
	return z
		.object({
			periodFrom: pastDate('the start of the period', ctx.today),
			periodTo: pastDate('the end of the period', ctx.today),
			caseReferences: textField(
				'The list of case references',
				20_000,
				'The list is too long: enter at most 1,000 case references'
			).transform((text, issues) => {
				const { references, problems, problemCount } = parseCaseList(text, ctx.caseReference.pattern);
				if (problems.length) {
					const first = problems[0]!;
					const more = problemCount > 1 ? ` (and ${problemCount - 1} more)` : '';
					const looks = ctx.caseReference.hint ?? `Case references look like ${example}`;
					issues.addIssue({
						code: 'custom',
						message: `Line ${first.line}: "${first.value.slice(0, 40)}" is not a case reference${more}. ${looks}`
					});
					return z.NEVER;
				}
				if (references.length === 0) {
					issues.addIssue({
						code: 'custom',
						message: `Enter the worker's case references for the period, one per line, like ${example}`
					});
					return z.NEVER;
				}
				if (references.length > 1000) {
					issues.addIssue({ code: 'custom', message: 'Enter at most 1,000 case references' });
					return z.NEVER;
				}
				return references;
			})
		})
		.refine((v) => v.periodTo >= v.periodFrom, {
			path: ['periodTo'],
			message: 'The end of the period must be on or after its start'
		});
}

export function caseReviewSchema(ctx: RecordFormContext) {
	const criteria = ctx.rules.caseworkCriteria;
	return z
		.object({
			supportLevel: z
				.string({ error: 'Choose the level of support' })
				.refine((v) => ctx.rules.supportLevels.includes(v), 'Choose the level of support'),
			setting: recordText(ctx, 'School or setting', {
				max: 200,
				required: 'Enter the school or setting involved, or "None"'
			}),
			comment: recordText(ctx, 'Comment'),
			...criterionFields(criteria, ctx, false)
		})
		.transform((v) => ({
			supportLevel: v.supportLevel,
			setting: v.setting,
			comment: v.comment,
			grades: criterionGrades(criteria, v as Record<string, unknown>)
		}));
}

export function noteSchema(caseReference: CaseReferenceRule, label: string) {
	return z.object({
		body: freeText(label, caseReference, { max: longText, required: `Enter your ${label.toLowerCase()}` })
	});
}
