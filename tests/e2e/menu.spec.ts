// Every menu link, clicked from every kind of page, as every role, with JavaScript on: each click
// is an ordinary page load of a page that works, whichever page it was clicked from.
//
// Loading two pages for every pair of page and menu link takes minutes, so each pair is proved in
// two halves. On every kind of page, every menu link is clicked once the page's scripts have run,
// and the click must reach the browser untouched, to be followed as an ordinary page load (a
// client-side router would have taken it over, which is how pages used to fail when reached by a
// link); the test stops each of those loads itself. Then one menu link from each page, a different
// one each time until every one has been, is clicked for real and must open its page as loading it
// directly does. No console error may appear on the way.
import { expect, test, type Page } from '@playwright/test';
import { pagesFor } from './routes';
import { samples as loadSamples } from './samples';
import { roles, statePath, watchConsole } from './support';

/** One address for each route the role may open. */
function pageKinds(paths: { route: string; path: string }[]) {
	const seen = new Set<string>();
	return paths.filter((p) => !seen.has(p.route) && seen.add(p.route));
}

const menu = (page: Page) => page.getByRole('navigation', { name: 'Menu' });

/**
 * Waits until the page has nothing left to fetch and its scripts have had a turn to run: a script
 * that takes over links may start after the page's load event, once what it imports has arrived.
 */
function settler(page: Page) {
	let inFlight = 0;
	page.on('request', () => inFlight++);
	page.on('requestfinished', () => inFlight--);
	page.on('requestfailed', () => inFlight--);
	return async () => {
		await expect.poll(() => inFlight, { intervals: [10] }).toBe(0);
		await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done))));
	};
}

/**
 * At the page's width, the header items and menu links whose own text runs onto a second line,
 * and Sign out if it is not level with the service's name.
 */
function wrapped(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const lines = (el: Element) => {
			const range = document.createRange();
			range.selectNodeContents(el);
			return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
		};
		const items = [...document.querySelectorAll('.govuk-service-navigation__link, .app-header__link')];
		const broken = items.filter((el) => lines(el) > 1).map((el) => el.textContent!.trim());
		const middle = (el: Element) => {
			const box = el.getBoundingClientRect();
			return box.top + box.height / 2;
		};
		const name = document.querySelector('.govuk-generic-header__homepage-link')!;
		const signOut = document.querySelector('.app-header__link')!;
		if (Math.abs(middle(name) - middle(signOut)) > 8) broken.push('Sign out is below the service name');
		return broken;
	});
}

/** Clicks every menu link and returns those whose click a script on the page took over. */
function clickedAway(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const taken: string[] = [];
		// Runs last, after any handler on the page, and stops the page load the click starts.
		const last = (event: MouseEvent) => {
			if (event.defaultPrevented) taken.push((event.target as HTMLAnchorElement).getAttribute('href')!);
			event.preventDefault();
		};
		window.addEventListener('click', last);
		for (const link of document.querySelectorAll<HTMLAnchorElement>('nav[aria-label="Menu"] a')) link.click();
		window.removeEventListener('click', last);
		return taken;
	});
}

for (const role of roles) {
	test(`${role}: every menu link, clicked from every kind of page, opens a working page`, async ({ browser }) => {
		test.setTimeout(120_000);
		const samples = await loadSamples();
		const context = await browser.newContext({
			storageState: statePath(role),
			extraHTTPHeaders: { 'X-Forwarded-For': '127.0.0.1' }
		});
		const page = await context.newPage();
		const problems = watchConsole(page);
		const settled = settler(page);

		await page.goto('/');
		expect(await wrapped(page), 'at 1280 px nothing in the header or menu breaks onto a second line').toEqual([]);
		const items = await menu(page)
			.getByRole('link')
			.evaluateAll((links) => links.map((a) => ({ href: a.getAttribute('href')!, text: a.textContent!.trim() })));
		expect(items.length, 'the menu has links').toBeGreaterThan(3);
		// Each menu page's main heading, loaded directly.
		const headings = new Map<string, string>();
		for (const item of items) {
			await page.goto(item.href);
			headings.set(item.href, await page.locator('h1').first().innerText());
		}

		const failures: string[] = [];
		const kinds = pageKinds(pagesFor(role, samples));
		expect(kinds.length, 'enough kinds of page to click every menu link for real').toBeGreaterThanOrEqual(items.length);
		for (const [n, from] of kinds.entries()) {
			await page.goto(from.path);
			await settled();
			for (const href of await clickedAway(page)) failures.push(`${from.path} → ${href}: taken over by a script`);
			const item = items[n % items.length]!;
			await menu(page).getByRole('link', { name: item.text, exact: true }).click();
			await page.waitForURL((url) => url.pathname === item.href);
			const heading = await page.locator('h1').first().innerText();
			if (heading !== headings.get(item.href)) {
				failures.push(`${from.path} → ${item.text}: "${heading}", not "${headings.get(item.href)}"`);
			}
		}
		expect(failures, 'menu links that did not open their page').toEqual([]);
		expect(problems, 'console errors').toEqual([]);
		await context.close();
	});
}
