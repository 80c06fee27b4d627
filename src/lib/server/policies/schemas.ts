// The forms on policy pages.
import { z } from 'zod';
import { roles } from '../db/schema';

export const acknowledgeSchema = z.object({
	understood: z.literal('yes', { error: 'Confirm that you have read and understood the policy' })
});

export const recordOnBehalfSchema = z.object({
	email: z
		.string()
		.trim()
		.min(1, 'Enter the email address of the person who acknowledged the policy')
		.max(254)
		.pipe(z.email('Enter an email address in the correct format, like name@example.com')),
	acknowledgedOn: z
		.string()
		.trim()
		.regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date as YYYY-MM-DD, for example 2026-11-20')
		.refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'Enter a real date')
		.refine((d) => Date.parse(`${d}T00:00:00Z`) <= Date.now(), 'The date must be today or in the past'),
	remark: z
		.string()
		.trim()
		.min(3, 'Say how it was acknowledged, for example "paper copy signed at the team meeting"')
		.max(500, 'Remark must be 500 characters or fewer')
});

export const complianceFilterSchema = z.object({
	role: z.enum(roles).optional().catch(undefined),
	supervisorId: z.uuid().optional().catch(undefined),
	status: z.enum(['acknowledged', 'due', 'overdue']).optional().catch(undefined)
});
