// What the browser tests share: the demo's people, signing in, and the accessibility scan.
import AxeBuilder from '@axe-core/playwright';
import {
	expect,
	request as playwrightRequest,
	type APIRequestContext,
	type Browser,
	type Locator,
	type Page
} from '@playwright/test';
import { baseURL } from '../../playwright.config';

const noScript = new WeakSet<Page>();

/** A page in a browser with JavaScript turned off: every journey must work without it. */
export async function noScriptPage(browser: Browser, storageState?: string, address = '127.0.0.1'): Promise<Page> {
	const context = await browser.newContext({
		javaScriptEnabled: false,
		storageState,
		extraHTTPHeaders: { 'X-Forwarded-For': address }
	});
	const page = await context.newPage();
	noScript.add(page);
	return page;
}

export const roles = ['volunteer', 'staff', 'supervisor', 'coordinator', 'steering'] as const;
export type Role = (typeof roles)[number];
export type Who = Role | 'anonymous';

export const demoPassword = 'demo-password';
export const emailOf = (role: Role) => `${role}@demo.test`;
export const statePath = (role: Role) => `.e2e-data/state-${role}.json`;

export async function signIn(page: Page, email: string, password = demoPassword) {
	await page.goto('/sign-in');
	await page.getByLabel('Email address').fill(email);
	await page.getByLabel('Password', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Scans the page with axe for WCAG 2.2 A and AA problems and fails with a readable list. */
export async function expectAccessible(page: Page) {
	let target = page;
	if (noScript.has(page)) {
		// axe runs as a script, so a page shown without JavaScript is copied, as served, into a
		// scripted page at the same address (its own scripts removed) and scanned there.
		const html = (await page.content()).replace(/<script[\s\S]*?<\/script>/g, '');
		const scratch = await page
			.context()
			.browser()!
			.newContext({ baseURL: new URL(page.url()).origin });
		target = await scratch.newPage();
		await target.goto('/brand.css');
		await target.setContent(html, { waitUntil: 'load' });
	}
	const results = await new AxeBuilder({ page: target })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
		.analyze();
	// Words a screen reader alone is given must not run into the words beside them ("Nextpage"):
	// a hidden word inside a line of text, with a word right before or after it.
	const runTogether = await target.evaluate(() => {
		const word = /[\p{L}\p{N}]/u;
		const end = /[\p{L}\p{N}:;,.!?]/u;
		const inLine = (node: ChildNode | null) =>
			node?.nodeType === Node.TEXT_NODE || (node instanceof HTMLElement && getComputedStyle(node).display === 'inline');
		return [...document.querySelectorAll('span.govuk-visually-hidden')].flatMap((hidden) => {
			const [prev, next] = [hidden.previousSibling, hidden.nextSibling];
			const before = inLine(prev) ? (prev?.textContent ?? '') : '';
			const after = inLine(next) ? (next?.textContent ?? '') : '';
			const own = hidden.textContent ?? '';
			return (end.test(before.slice(-1)) && word.test(own.charAt(0))) ||
				(end.test(own.slice(-1)) && word.test(after.charAt(0)))
				? [`${before.slice(-15)}[${own}]${after.slice(0, 15)}`]
				: [];
		});
	});
	if (target !== page) await target.context().close();
	expect(runTogether, `hidden words run into the words beside them on ${page.url()}`).toEqual([]);
	const problems = results.violations.map(
		(v) =>
			`${v.id} (${v.impact}): ${v.help}\n  ${v.nodes
				.map((n) => n.target.join(' '))
				.slice(0, 5)
				.join('\n  ')}`
	);
	expect(problems, `axe found problems on ${page.url()}`).toEqual([]);
}

/** A form POST as a browser without JavaScript sends it. */
export async function postForm(
	request: APIRequestContext,
	path: string,
	form: Record<string, string | string[]>,
	headers: Record<string, string> = {}
) {
	const body = new URLSearchParams();
	for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
	return request.post(path, {
		data: body.toString(),
		maxRedirects: 0,
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded',
			Accept: 'text/html',
			Origin: new URL(baseURL).origin,
			...headers
		}
	});
}

/** The id of a person on the people list, found by name, as a coordinator sees it. */
export async function personId(page: Page, name: string): Promise<string> {
	await page.goto(`/people?search=${encodeURIComponent(name)}`);
	const href = await page.getByRole('link', { name, exact: true }).first().getAttribute('href');
	return href!.split('/').pop()!;
}

/** A console error or uncaught exception, with the address of the page and of what it concerns. */
export interface ConsoleProblem {
	page: string;
	/** For a failed load, the address that failed. */
	source: string;
	text: string;
}

/**
 * Every error the page's console reports, and every uncaught exception: a page that works shows
 * none. The list fills as the page is used.
 */
export function watchConsole(page: Page): ConsoleProblem[] {
	const problems: ConsoleProblem[] = [];
	// Only the service's own pages: a button may lead on to another site (the single sign-on
	// provider), whose console is not ours to answer for.
	const ours = () => new URL(page.url()).origin === new URL(baseURL).origin;
	page.on('console', (message) => {
		if (message.type() === 'error' && ours())
			problems.push({ page: page.url(), source: message.location().url, text: message.text() });
	});
	page.on('pageerror', (error) => {
		if (ours()) problems.push({ page: page.url(), source: page.url(), text: error.message });
	});
	return problems;
}

/**
 * Someone new, invited by the demo coordinator and with their account set up, so that a test can
 * take them through a first task that no other test has done for them. Returns their email.
 */
export async function newPerson(role: Role, name: string, password: string): Promise<string> {
	const headers = { 'X-Forwarded-For': '127.0.0.1' };
	const coordinator = await playwrightRequest.newContext({
		baseURL,
		storageState: statePath('coordinator'),
		extraHTTPHeaders: headers
	});
	const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${Date.now()}@demo.test`;
	const invited = await postForm(coordinator, '/people/invite', { name, email, roles: [role], supervisorId: '' });
	const link = /<code class="app-link-to-pass-on">([^<]+)<\/code>/.exec(await invited.text())?.[1];
	expect(link, 'the invitation link, shown when email is not set up').toBeTruthy();
	const invitee = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: headers });
	// The emailed address is exchanged for a cookie on first use, and the form lives at a tokenless one.
	const opened = await invitee.get(new URL(link!).pathname, { maxRedirects: 0 });
	expect(opened.headers()['location']).toBe('/invitations');
	const accepted = await postForm(invitee, '/invitations', { name, password, confirmPassword: password });
	expect(accepted.headers()['location']).toBe('/sign-in?welcome');
	await Promise.all([coordinator.dispose(), invitee.dispose()]);
	return email;
}

/**
 * Removes the browser's notice of a refused form's status (a 4xx for the page at `address`) from
 * the console problems: a form sent back with its errors is answered 400, and the browser says so.
 */
export function dropRefusalNotice(problems: ConsoleProblem[], address: string) {
	const refusal = /^Failed to load resource: the server responded with a status of 4\d\d/;
	const kept = problems.filter((p) => !(p.source === address && refusal.test(p.text)));
	problems.splice(0, problems.length, ...kept);
}

/** What the demo service grades each sampled case against (content/service.yml). */
export const caseworkCriteria = [
	'Impartiality stated at first contact',
	'Information factual and sourced',
	'Options set out, not direction given',
	'Outcome recorded factually',
	'Confidentiality kept',
	'Conflicts of interest checked'
];

/** Helen Okafor's supervision records, as her supervisor reaches them. */
export async function openHelen(page: Page) {
	await page.goto('/supervision');
	await page.getByRole('link', { name: 'Helen Okafor' }).click();
	await expect(page.getByRole('heading', { name: 'Supervision records: Helen Okafor' })).toBeVisible();
}

/** Presses Tab until `target` has focus, as someone using the keyboard alone would. */
export async function tabTo(page: Page, target: Locator) {
	for (let presses = 0; presses < 200; presses++) {
		if (await target.evaluate((el) => el === document.activeElement)) return;
		await page.keyboard.press('Tab');
	}
	throw new Error(`Tab never reached ${target}`);
}

/** Tabs to a link or button and presses it, waiting for the page it leads to. */
export async function pressWithKeyboard(page: Page, target: Locator, key: 'Enter' | 'Space' = 'Enter') {
	await tabTo(page, target);
	const loaded = page.waitForEvent('load');
	await page.keyboard.press(key);
	await loaded;
}
