import { z } from 'zod';

/** A choice at one step: the step the page showed, so a stale page is recognised, and the option picked. */
export const choiceSchema = z.object({
	stepId: z.string().max(200),
	option: z.string({ error: 'Choose what you would do' }).regex(/^[a-z]$/, 'Choose what you would do')
});

/** "Go back one step", from the step the page showed. */
export const backSchema = z.object({ stepId: z.string().max(200) });
