// No page repeats words from its own address as the service's own: a confirmation banner, a
// heading, an error. A link someone else made ("?done=Your place is cancelled") must not be able
// to tell a volunteer something the service never said. Every page each role may see is asked,
// with the query parameters pages read for their messages.
import { expect, request as playwrightRequest, test } from '@playwright/test';
import { baseURL } from '../../playwright.config';
import { isPage, routeCases, type Samples } from './routes';
import { samples as loadSamples } from './samples';
import { roles, statePath, type Who } from './support';

const planted = 'Planted words the service never wrote';
const parameters = ['done', 'message', 'notice', 'error', 'success'];

let samples: Samples;
test.beforeAll(async () => {
	samples = await loadSamples();
});

for (const who of ['anonymous', ...roles] as Who[]) {
	test(`${who}: no page shows words planted in its address`, async () => {
		test.setTimeout(300_000);
		const request = await playwrightRequest.newContext({
			baseURL,
			storageState: who === 'anonymous' ? undefined : statePath(who),
			extraHTTPHeaders: { 'X-Forwarded-For': '127.0.0.1' }
		});
		const shown: string[] = [];
		for (const c of routeCases) {
			const path = c.path(samples);
			if (c.get[who] !== 'allow' || !isPage(path)) continue;
			const query = parameters.map((p) => `${p}=${encodeURIComponent(planted)}`).join('&');
			const response = await request.get(`${path}${path.includes('?') ? '&' : '?'}${query}`, {
				headers: { Accept: 'text/html' }
			});
			if ((await response.text()).includes(planted)) shown.push(path);
		}
		await request.dispose();
		expect(shown, 'pages that show words from their address').toEqual([]);
	});
}
