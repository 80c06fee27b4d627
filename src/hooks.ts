// Hooks shared by the server and the browser.
import type { Transport } from '@sveltejs/kit';
import { isServerOnly } from '$lib/server-only';

export const transport: Transport = {
	ServerOnly: {
		// Any truthy value will do: the browser never decodes it.
		encode: (value) => isServerOnly(value) && 1,
		decode: () => {
			throw new Error('This page was served without its data: it must have csr = false');
		}
	}
};
