// The permission matrix: every route and form action, for every role, by URL.
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { baseURL } from '../../playwright.config';
import { routeCases, type Outcome, type Samples } from './routes';
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

function firstFile(dir: string, pattern: RegExp): string {
	const name = readdirSync(dir)
		.sort()
		.find((f) => pattern.test(f));
	if (!name) throw new Error(`no content in ${dir}`);
	return name;
}

let samples: Samples;

const recordId = (location: string | undefined) => /\/supervision\/records\/([0-9a-f-]{36})/.exec(location ?? '')![1]!;

/** Records made by a coordinator for the matrix: a shared one and a draft sample about the supervisee, a draft about someone else. */
async function supervisionSamples(coordinator: APIRequestContext, supervisee: string, otherPerson: string) {
	const today = new Date().toISOString().slice(0, 10);
	const session = {
		heldOn: today,
		minutes: '45',
		format: 'one-to-one',
		agenda: 'Matrix check',
		discussion: 'Matrix check',
		impartiality: 'Matrix check'
	};
	const created = await postForm(coordinator, `/supervision/people/${supervisee}/new/supervision`, session);
	const record = recordId(created.headers()['location']);
	await postForm(coordinator, `/supervision/records/${record}?/share`, {});
	const other = await postForm(coordinator, `/supervision/people/${otherPerson}/new/supervision`, session);
	// Fresh references each run, so no earlier draw has used them.
	const base = 1000 + Math.floor(Math.random() * 8000);
	const references = Array.from({ length: 6 }, (_, i) => `NS-2026-${base + i}`).join('\n');
	const drawn = await postForm(coordinator, `/supervision/people/${supervisee}/sample`, {
		periodFrom: '2026-01-01',
		periodTo: today,
		caseReferences: references
	});
	const sample = recordId(drawn.headers()['location']);
	const page = await (await coordinator.get(`/supervision/records/${sample}`)).text();
	const sampledCase = new RegExp(`/supervision/records/${sample}/cases/([0-9a-f-]{36})`).exec(page)![1]!;
	return { record, otherRecord: recordId(other.headers()['location']), sample, sampledCase };
}

test.beforeAll(async () => {
	const coordinator = await playwrightRequest.newContext({
		baseURL,
		storageState: statePath('coordinator'),
		extraHTTPHeaders: { 'X-Forwarded-For': '127.0.0.1' }
	});
	const people = await (await coordinator.get('/people?search=Helen%20Okafor')).text();
	const supervisee = /href="\/people\/([0-9a-f-]{36})"/.exec(people)![1]!;
	const invited = await postForm(coordinator, '/people/invite', {
		name: 'Matrix Throwaway',
		email: `matrix-${Date.now()}@demo.test`,
		roles: ['volunteer'],
		supervisorId: ''
	});
	const throwaway = /href="\/people\/([0-9a-f-]{36})"/.exec(await invited.text())![1]!;
	const courses = await (await coordinator.get('/courses')).text();
	const cohort = /href="\/courses\/cohorts\/([0-9a-f-]{36})">Autumn 2026</.exec(courses)![1]!;
	const register = await (await coordinator.get(`/courses/cohorts/${cohort}/register`)).text();
	const place = /\/places\/([0-9a-f-]{36})"/.exec(register)![1]!;
	const otherPeople = await (await coordinator.get('/people?search=Tom%20Brennan')).text();
	const otherPerson = /href="\/people\/([0-9a-f-]{36})"/.exec(otherPeople)![1]!;
	const records = await supervisionSamples(coordinator, supervisee, otherPerson);
	await coordinator.dispose();
	samples = {
		supervisee,
		throwaway,
		cohort,
		place,
		...records,
		otherPerson,
		module: firstFile('content/modules', /\.md$/).replace(/^\d+-|\.md$/g, ''),
		quiz: firstFile('content/quizzes', /\.md$/).replace(/\.md$/, ''),
		// the changes page compares versions 1 and 2, so take a policy that has both
		policy: readdirSync('content/policies')
			.sort()
			.find((slug) => readdirSync(`content/policies/${slug}`).includes('2.md'))!
	};
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
	if (outcome === 'redirect') expect(status, what).toBe(303);
	if (outcome === 'missing') expect(status, what).toBe(404);
}

const pageLike = (path: string) => !/\/(healthz|brand\.css|brand\/logo)$|\.(csv|ics|json)$/.test(path);

for (const who of ['anonymous', ...roles] as Who[]) {
	test(`${who}: every page and action answers as the matrix says, and every page it may see passes axe`, async ({
		browser
	}) => {
		test.setTimeout(180_000);
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
			if (c.get[who] === 'allow' && pageLike(path)) {
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
