// The forms that create and change people, as zod schemas.
import { z } from 'zod';
import { roles } from '../db/schema';
import { newPasswordSchema } from '../auth/password';
import { inductionStatuses } from '../../module-status';
import { queryNumber, textField } from '../forms';

/** An email address typed into a form; `enter` is said when it is left blank. */
export function emailField(enter = 'Enter an email address') {
	return textField('Email address', 254)
		.min(1, enter)
		.pipe(z.email('Enter an email address in the correct format, like name@example.com'));
}

export const nameField = textField('Full name', 120).min(1, 'Enter a full name');

export const rolesField = z
	.array(z.enum(roles, { error: 'Choose roles from the list' }))
	.min(1, 'Select at least one role')
	.transform((list) => [...new Set(list)]);

const supervisorField = z
	.string()
	.trim()
	.transform((v) => v || null)
	.pipe(z.uuid('Choose a supervisor from the list').nullable());

export const inviteSchema = z.object({
	email: emailField(),
	name: nameField,
	roles: rolesField,
	supervisorId: supervisorField
});
export type InviteInput = z.output<typeof inviteSchema>;

export const rolesAndSupervisorSchema = z.object({
	roles: rolesField,
	supervisorId: supervisorField
});

const confirmedPassword = z.object({ password: z.string(), confirmPassword: z.string() }).superRefine((v, ctx) => {
	const parsed = newPasswordSchema.safeParse(v.password);
	if (!parsed.success) {
		ctx.addIssue({ code: 'custom', path: ['password'], message: parsed.error.issues[0]!.message });
	} else if (v.password !== v.confirmPassword) {
		ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'Passwords do not match' });
	}
});

export const acceptInvitationSchema = z.object({ name: nameField }).and(confirmedPassword);
export const resetPasswordSchema = confirmedPassword;

export const signInSchema = z.object({
	email: textField('Email address', 254, 'Enter a shorter email address').min(1, 'Enter your email address'),
	password: z.string().min(1, 'Enter your password').max(1000, 'Enter a shorter password')
});

export const forgottenPasswordSchema = z.object({ email: emailField() });

/** The filters on the people list, read leniently from the query string: bad values are dropped. */
export const peopleFilterSchema = z.object({
	role: z.enum(roles).optional().catch(undefined),
	status: z.enum(['invited', 'active', 'deactivated']).optional().catch(undefined),
	search: textField('Search', 100)
		.optional()
		.catch(undefined)
		.transform((v) => v || undefined),
	induction: z.enum(inductionStatuses).optional().catch(undefined),
	page: queryNumber(1, 10_000)
});
