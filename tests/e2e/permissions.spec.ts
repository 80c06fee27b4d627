// The permission matrix: every route and form action, for every role, by URL.
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { baseURL } from '../../playwright.config';
import { isPage, routeCases, type Outcome, type Samples } from './routes';
import { samples as loadSamples } from './samples';
import { expectAccessible, postForm, roles, statePath, type Who } from './support';

const routesDir = 'src/routes';

/** Every route id and every named form action in src/routes. */
function discoverRoutes(): { routes: string[]; actions: string[] } {
	const routes: string[] = [];
	const actions: string[] = [];
	const walk = (dir: string) => {
		const files = readdirSync(dir);
		const id = '/' + dir.slice(routesDir.length + 1);
		if (files.some((f) => /^\+(page\.svelte|page\.server\.ts|server\.ts)$/.test(f))) routes.push(id === '/' ? '/' : id);
		if (files.includes('+page.server.ts')) {
			const source = readFileSync(join(dir, '+page.server.ts'), 'utf8');
			const block = source.split('export const actions')[1] ?? '';
			for (const match of block.matchAll(/^\t(\w+): /gm)) actions.push(`${id === '/' ? '/' : id} ?/${match[1]}`);
		}
		for (const f of files) if (statSync(join(dir, f)).isDirectory()) walk(join(dir, f));
	};
	walk(routesDir);
	return { routes: routes.map((r) => r.replace(/\/$/, '') || '/'), actions };
}

test('the matrix lists every route and every form action', () => {
	const { routes, actions } = discoverRoutes();
	const listedRoutes = routeCases.map((c) => c.route);
	const listedActions = routeCases.flatMap((c) => Object.keys(c.actions ?? {}).map((a) => `${c.route} ?/${a}`));
	expect(
		routes.filter((r) => !listedRoutes.includes(r)),
		'routes missing from tests/e2e/routes.ts'
	).toEqual([]);
	expect(
		actions.filter((a) => !listedActions.includes(a)),
		'actions missing from tests/e2e/routes.ts'
	).toEqual([]);
	expect(
		listedRoutes.filter((r) => !routes.includes(r)),
		'routes listed that no longer exist'
	).toEqual([]);
});

let samples: Samples;

test.beforeAll(async () => {
	samples = await loadSamples();
});

async function contextFor(who: Who): Promise<APIRequestContext> {
	return playwrightRequest.newContext({
		baseURL,
		storageState: who === 'anonymous' ? undefined : statePath(who),
		extraHTTPHeaders: { 'X-Forwarded-For': '127.0.0.1' }
	});
}

function expectOutcome(status: number, location: string | undefined, outcome: Outcome, what: string, action: boolean) {
	const toSignIn = status === 303 && !!location?.startsWith('/sign-in');
	if (outcome === 'sign-in') return expect(toSignIn, `${what}: ${status} ${location ?? ''}`).toBe(true);
	if (outcome === 'forbid') return expect(status, what).toBe(403);
	expect(status, `${what} must not fail`).toBeLessThan(500);
	expect([403].includes(status) || toSignIn, `${what}: ${status} ${location ?? ''}`).toBe(false);
	if (action) return;
	if (outcome === 'allow') expect(status, what).toBe(200);
	if (outcome === 'redirect') expect([303, 308], what).toContain(status);
	if (outcome === 'missing') expect(status, what).toBe(404);
}

for (const who of ['anonymous', ...roles] as Who[]) {
	test(`${who}: every page and action answers as the matrix says, and every page it may see passes axe`, async ({
		browser
	}) => {
		test.setTimeout(420_000);
		const request = await contextFor(who);
		const context = await browser.newContext({
			storageState: who === 'anonymous' ? undefined : statePath(who),
			extraHTTPHeaders: { 'X-Forwarded-For': '127.0.0.1' }
		});
		const page = await context.newPage();
		for (const c of routeCases) {
			const path = c.path(samples);
			const response = await request.get(path, { maxRedirects: 0, headers: { Accept: 'text/html' } });
			expectOutcome(response.status(), response.headers()['location'], c.get[who], `GET ${path} as ${who}`, false);
			if (c.get[who] === 'allow' && isPage(path)) {
				await page.goto(path);
				await expectAccessible(page);
			}
		}
		for (const c of routeCases) {
			for (const [name, action] of Object.entries(c.actions ?? {})) {
				if (action.journey) continue;
				const path = `${(c.actionPath ?? c.path)(samples)}${name === 'default' ? '' : `?/${name}`}`;
				const response = await postForm(request, path, action.form?.(samples) ?? {});
				expectOutcome(
					response.status(),
					response.headers()['location'],
					action.expect[who],
					`POST ${path} as ${who}`,
					true
				);
			}
		}
		await context.close();
		await request.dispose();
	});
}
