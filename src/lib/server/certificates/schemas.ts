// The forms of the certificate pages: which achievement to certify, which certificate to
// withdraw, and a code typed to be checked.
import { z } from 'zod';
import { normaliseCode } from './code';

export const issueSchema = z.object({
	achievement: z
		.string({ error: 'Choose what to issue a certificate for' })
		.regex(/^(induction|course:[a-z0-9]+(?:-[a-z0-9]+)*)$/, 'Choose what to issue a certificate for')
});

export const withdrawSchema = z.object({
	id: z.uuid({ error: 'Choose the certificate to withdraw' })
});

export const verifySchema = z.object({
	code: z
		.string({ error: 'Enter the verification code' })
		.trim()
		.min(1, 'Enter the verification code')
		.max(40, 'Enter the code as printed on the certificate: 12 letters and numbers, like K7M2-Q9ZX-4B1D')
		.transform((typed, ctx) => {
			const code = normaliseCode(typed);
			if (!code) {
				ctx.addIssue({
					code: 'custom',
					message: 'Enter the code as printed on the certificate: 12 letters and numbers, like K7M2-Q9ZX-4B1D'
				});
				return z.NEVER;
			}
			return code;
		})
});
