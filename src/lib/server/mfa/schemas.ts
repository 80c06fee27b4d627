// The forms of multi-factor authentication: a code at sign-in, confirming an app, and passkeys.
import { z } from 'zod';

export const codeSchema = z.object({
	code: z
		.string()
		.trim()
		.min(1, 'Enter the code from your authenticator app, or a recovery code')
		.max(40, 'Enter the 6-digit code from your app, or a 10-character recovery code')
});

export const confirmAppSchema = z.object({
	code: z
		.string()
		.trim()
		.min(1, 'Enter the 6-digit code your authenticator app shows')
		.max(20, 'Enter the 6-digit code your authenticator app shows')
});

/** What the browser's passkey answered, as JSON; checked in full by the WebAuthn library. */
const credential = z
	.string({ error: 'Your passkey did not answer. Try again' })
	.min(2, 'Your passkey did not answer. Try again')
	.max(20_000, 'Your passkey did not answer. Try again');

export const passkeySignInSchema = z.object({ credential });

export const addPasskeySchema = z.object({
	name: z
		.string()
		.trim()
		.min(1, 'Enter a name for this passkey, like "Work laptop"')
		.max(60, 'The name must be 60 characters or fewer'),
	credential
});

export const removePasskeySchema = z.object({ id: z.uuid({ error: 'Choose a passkey to remove' }) });
