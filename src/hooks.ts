// Hooks shared by the server and the browser.
import type { Transport } from '@sveltejs/kit';

// No page hydrates (csr = false in the root layout), yet SvelteKit still serialises every page's
// data into the response it then throws away: for a page of fifty people that costs about as much
// as rendering it. This transport claims the whole of each page's data, so a placeholder is
// written instead. A page that turned client-side rendering back on would fail at once, loudly.
export const transport: Transport = {
	Unsent: {
		encode: (value) => typeof value === 'object' && value !== null && 1,
		decode: () => {
			throw new Error('Page data is never sent to the browser: the app renders on the server only (csr = false)');
		}
	}
};
