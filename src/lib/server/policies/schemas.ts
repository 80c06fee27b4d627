// The forms on policy pages.
import { z } from 'zod';
import { roles } from '../db/schema';
import { dayField, textField } from '../forms';
import { emailField } from '../people/schemas';
import { serviceDay } from '../../format';

export const acknowledgeSchema = z.object({
	understood: z.literal('yes', { error: 'Confirm that you have read and understood the policy' })
});

export const recordOnBehalfSchema = z.object({
	email: emailField('Enter the email address of the person who acknowledged the policy'),
	acknowledgedOn: dayField('the date', '2026-11-20').refine(
		(d) => d <= serviceDay(new Date()),
		'The date must be today or in the past'
	),
	remark: textField('Remark', 500).min(
		3,
		'Say how it was acknowledged, for example "paper copy signed at the team meeting"'
	)
});

export const complianceFilterSchema = z.object({
	role: z.enum(roles).optional().catch(undefined),
	supervisorId: z.uuid().optional().catch(undefined),
	status: z.enum(['acknowledged', 'due', 'overdue']).optional().catch(undefined)
});
