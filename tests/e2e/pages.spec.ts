// Every page, for every role, on a 320 px screen with JavaScript on: nothing scrolls the page
// sideways, the menu folds behind its button, WCAG text spacing clips nothing, no form sends a
// #fragment on to the next page, links styled as buttons act as buttons, every error summary takes
// focus, no link leads to a refusal, and the console stays free of errors.
import { expect, test, type Page } from '@playwright/test';
import { pagesFor, routeCases, type Samples } from './routes';
import { samples as loadSamples } from './samples';
import { dropRefusalNotice, expectAccessible, noScriptPage, roles, statePath, watchConsole, type Who } from './support';

/** WCAG 1.4.12: the spacing a reader's own style sheet may set, which must lose no content. */
const textSpacing = `
	* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
	p { margin-bottom: 2em !important; }
`;

interface PageReport {
	scrollWidth: number;
	/** Scripts other than GOV.UK Frontend's and the service's own few: any would mean a page hydrates after all. */
	otherScripts: string[];
	/** Where each form's submit buttons send it, when that address carries a #fragment. */
	fragmentActions: string[];
	/** Links styled as buttons, and whether GOV.UK Frontend's button script took them on. */
	buttonLinks: { href: string; text: string; ready: boolean }[];
	errorSummary: 'none' | 'focused' | 'not focused';
	menu: 'none' | 'folded' | 'open';
	/** Same-origin links in the page's main content. */
	links: string[];
}

function report(page: Page): Promise<PageReport> {
	return page.evaluate(() => {
		const own = (href: string) => new URL(href, location.href).origin === location.origin;
		const forms = [...document.querySelectorAll('form')];
		const actions = forms.flatMap((form) => {
			const submitters = [...form.querySelectorAll<HTMLButtonElement>('button:not([type=button]), input[type=submit]')];
			// A button's formAction reads as the page's own address when it has no formaction of its own.
			const sends = (b: HTMLButtonElement) => (b.hasAttribute('formaction') ? b.formAction : form.action);
			return submitters.length ? submitters.map(sends) : [form.action];
		});
		const summary = document.querySelector('.govuk-error-summary');
		const toggle = document.querySelector<HTMLButtonElement>('.govuk-service-navigation__toggle');
		const list = document.getElementById('navigation');
		return {
			scrollWidth: document.documentElement.scrollWidth,
			otherScripts: [...document.scripts]
				.map((s) => s.src || 'inline')
				.filter((s) => !/\/(govuk-frontend|passkeys|editor)\.js\?/.test(s)),
			fragmentActions: actions.filter((a) => a.includes('#')),
			buttonLinks: [...document.querySelectorAll<HTMLAnchorElement>('a.govuk-button')].map((a) => ({
				href: a.getAttribute('href')!,
				text: a.textContent!.trim(),
				ready: a.getAttribute('role') === 'button' && a.hasAttribute('data-govuk-button-init')
			})),
			errorSummary: !summary ? 'none' : document.activeElement === summary ? 'focused' : 'not focused',
			menu: !list ? 'none' : toggle && !toggle.hidden && list.hidden ? 'folded' : 'open',
			links: [...document.querySelectorAll<HTMLAnchorElement>('main a[href]')]
				.map((a) => a.getAttribute('href')!)
				.filter((href) => !href.startsWith('#') && own(href))
				.map((href) => new URL(href, location.href).pathname + new URL(href, location.href).search)
		} satisfies PageReport;
	});
}

/** Elements whose content is cut off once WCAG text spacing is applied. */
function clippedWithTextSpacing(page: Page): Promise<string[]> {
	return page.evaluate((css) => {
		// A constructed style sheet, as a reader's own would be; the page's CSP does not govern it.
		const sheet = new CSSStyleSheet();
		sheet.replaceSync(css);
		document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
		const hides = (v: string) => v === 'hidden' || v === 'clip';
		return [...document.querySelectorAll<HTMLElement>('body *')]
			.filter((el) => {
				if (el.closest('svg')) return false;
				const style = getComputedStyle(el);
				// Visually hidden text is clipped on purpose, to a 1 px box.
				if (el.clientWidth <= 1 || el.clientHeight <= 1) return false;
				return (
					(hides(style.overflowX) && el.scrollWidth > el.clientWidth + 1) ||
					(hides(style.overflowY) && el.scrollHeight > el.clientHeight + 1)
				);
			})
			.map(
				(el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}: ${el.textContent!.trim().slice(0, 40)}`
			);
	}, textSpacing);
}

/** Posts a form from the page, as the browser would, and waits for the page that comes back. */
async function submitForm(page: Page, action: string, fields: Record<string, string | string[]>) {
	await Promise.all([
		page.waitForEvent('load'),
		page.evaluate(
			({ action, fields }) => {
				const form = document.createElement('form');
				form.method = 'post';
				form.action = action;
				for (const [name, value] of Object.entries(fields)) {
					for (const item of Array.isArray(value) ? value : [value]) {
						const input = document.createElement('input');
						input.type = 'hidden';
						input.name = name;
						input.value = item;
						form.append(input);
					}
				}
				document.body.append(form);
				form.submit();
			},
			{ action, fields }
		)
	]);
}

/** Forms each role may send with answers the service refuses, so that an error summary comes back. */
function refusedForms(who: Who, samples: Samples) {
	return routeCases.flatMap((c) =>
		Object.entries(c.actions ?? {})
			.filter(([, action]) => action.form && !action.journey && action.expect[who] === 'allow')
			.map(([name, action]) => ({
				action: `${(c.actionPath ?? c.path)(samples)}${name === 'default' ? '' : `?/${name}`}`,
				fields: action.form!(samples)
			}))
	);
}

for (const who of ['anonymous', ...roles] as Who[]) {
	test(`${who}: every page works at 320 px, with text spacing, without console errors`, async ({ browser }) => {
		test.setTimeout(240_000);
		const samples = await loadSamples();
		const context = await browser.newContext({
			viewport: { width: 320, height: 640 },
			storageState: who === 'anonymous' ? undefined : statePath(who),
			// An address of its own, so that the sign-in form sent here throttles no other test.
			extraHTTPHeaders: { 'X-Forwarded-For': '127.0.0.23' }
		});
		const page = await context.newPage();
		const problems = watchConsole(page);
		const failures: string[] = [];
		const links = new Set<string>();
		const buttonLinks: { from: string; href: string; text: string }[] = [];

		for (const { path } of pagesFor(who, samples)) {
			// The address carries a fragment, as it does after following an error summary link.
			const response = await page.goto(`${path}#a-field`);
			expect(response?.status(), path).toBe(200);
			const r = await report(page);
			if (r.scrollWidth > 320) failures.push(`${path}: the page scrolls sideways (${r.scrollWidth} px wide)`);
			if (r.otherScripts.length) failures.push(`${path}: loads ${r.otherScripts.join(', ')}`);
			for (const action of r.fragmentActions) failures.push(`${path}: a form posts to ${action}`);
			if (r.errorSummary === 'not focused') failures.push(`${path}: the error summary does not take focus`);
			if (who !== 'anonymous' && r.menu !== 'folded') failures.push(`${path}: the menu is not folded`);
			for (const link of r.buttonLinks) {
				if (!link.ready) failures.push(`${path}: "${link.text}" is not a GOV.UK button`);
				buttonLinks.push({ from: path, ...link });
			}
			for (const link of r.links) links.add(link);
			for (const clipped of await clippedWithTextSpacing(page)) failures.push(`${path}: text spacing clips ${clipped}`);
		}
		expect(failures).toEqual([]);
		expect(problems, 'console errors').toEqual([]);

		// Space follows every link styled as a button, as it presses a button.
		for (const link of buttonLinks) {
			await page.goto(link.from);
			await page.getByRole('button', { name: link.text, exact: true }).focus();
			// The browser asks for the link's address (which may send it on elsewhere, as the
			// single sign-on button does to the provider).
			const followed = page.waitForRequest((r) => new URL(r.url()).pathname === new URL(link.href, r.url()).pathname, {
				timeout: 10_000
			});
			const from = page.url();
			await page.keyboard.press('Space');
			await followed;
			await page.waitForURL((url) => url.href !== from, { timeout: 10_000 });
		}

		// No link on any page leads to a refusal, a missing page or a failure.
		for (const link of links) {
			const response = await context.request.get(link, { maxRedirects: 0 });
			const refused = [401, 403, 404].includes(response.status()) || response.status() >= 500;
			const toSignIn = (response.headers()['location'] ?? '').startsWith('/sign-in');
			if (refused || (who !== 'anonymous' && toSignIn)) failures.push(`link to ${link}: ${response.status()}`);
		}
		expect(failures).toEqual([]);

		// Every form the service refuses comes back with an error summary that has focus. The browser
		// reports the refusal's status (400) in the console; that is the only error allowed here.
		let summaries = 0;
		// Each form is sent from whatever page the one before it left open.
		await page.goto('/accessibility');
		for (const { action, fields } of refusedForms(who, samples)) {
			await submitForm(page, action, fields);
			dropRefusalNotice(problems, new URL(action, page.url()).href);
			const summary = page.locator('.govuk-error-summary');
			if (await summary.count()) {
				summaries++;
				await expect(summary, action).toBeFocused();
				expect((await report(page)).scrollWidth, `${action} at 320 px`).toBeLessThanOrEqual(320);
			}
		}
		// The report period is a form sent by GET.
		if (pagesFor(who, samples).some((p) => p.path === '/reports')) {
			await page.goto('/reports?from=2026-13-01&to=yesterday');
			summaries++;
			await expect(page.locator('.govuk-error-summary')).toBeFocused();
		}
		expect(summaries, 'forms refused with an error summary').toBeGreaterThan(0);

		// The menu, folded and open, passes axe on a small screen.
		if (who !== 'anonymous') {
			await page.goto('/');
			await expectAccessible(page);
			const toggle = page.getByRole('button', { name: 'Menu' });
			await toggle.click();
			await expect(toggle).toHaveAttribute('aria-expanded', 'true');
			await expect(page.getByRole('navigation', { name: 'Menu' }).getByRole('link').first()).toBeVisible();
			expect((await report(page)).scrollWidth).toBeLessThanOrEqual(320);
			await expectAccessible(page);
		}
		expect(problems, 'console errors').toEqual([]);
		await context.close();
	});
}

test('without JavaScript, at 320 px, the menu leaves the page heading on the first screen for every role', async ({
	browser
}) => {
	for (const role of roles) {
		const page = await noScriptPage(browser, statePath(role));
		await page.setViewportSize({ width: 320, height: 640 });
		await page.goto('/');
		const heading = (await page.locator('h1').boundingBox())!;
		expect(heading.y + heading.height, `${role}: the heading is on the first screen`).toBeLessThan(640);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
		await expectAccessible(page);
		await page.context().close();
	}
});
