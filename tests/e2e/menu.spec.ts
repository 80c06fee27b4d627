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

		await page.goto('/');
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
