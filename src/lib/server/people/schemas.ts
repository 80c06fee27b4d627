// The forms that create and change people, as zod schemas.
import { z } from 'zod';
import { roles } from '../db/schema';
import { newPasswordSchema } from '../auth/password';
import { inductionStatuses } from '../../module-status';

export const emailField = z
	.string()
	.trim()
	.min(1, 'Enter an email address')
	.max(254, 'Email address must be 254 characters or fewer')
	.pipe(z.email('Enter an email address in the correct format, like name@example.com'));

export const nameField = z
	.string()
	.trim()
	.min(1, 'Enter a full name')
	.max(120, 'Full name must be 120 characters or fewer');

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
	email: emailField,
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
	email: z.string().trim().min(1, 'Enter your email address').max(254, 'Enter a shorter email address'),
	password: z.string().min(1, 'Enter your password').max(1000, 'Enter a shorter password')
});

export const forgottenPasswordSchema = z.object({ email: emailField });

/** The filters on the people list, read leniently from the query string: bad values are dropped. */
export const peopleFilterSchema = z.object({
	role: z.enum(roles).optional().catch(undefined),
	status: z.enum(['invited', 'active', 'deactivated']).optional().catch(undefined),
	search: z
		.string()
		.trim()
		.max(100)
		.optional()
		.catch(undefined)
		.transform((v) => v || undefined),
	induction: z.enum(inductionStatuses).optional().catch(undefined),
	page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined)
});
