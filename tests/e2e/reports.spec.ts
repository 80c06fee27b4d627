import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { demoCast } from '../../src/lib/server/demo/cast';
import { expectAccessible, noScriptPage, statePath } from './support';

/** Everyone the demo names, and their emails: none may appear on a page a steering member can reach. */
const seed = readFileSync('src/lib/server/demo/seed.ts', 'utf8');
const names = [
	...[...seed.matchAll(/name: '([A-Z][a-z]+ [A-Z][A-Za-z'-]+)'/g)].map((m) => m[1]!),
	...demoCast().map((p) => p.name)
];
const caseReference = /NS-\d{4}-\d{4}/;

test('reports: a steering member sees every report and the annual pack, with no name or case reference anywhere, and the coordinator writes the commentary', async ({
	browser
}) => {
	test.setTimeout(180_000);
	expect(names.length).toBeGreaterThan(50);
	const coordinator = await noScriptPage(browser, statePath('coordinator'));
	await coordinator.goto('/reports');
	await coordinator.getByRole('link', { name: 'Annual report pack for this period' }).click();
	await coordinator.getByLabel('Commentary for the advisory group').fill('x'.repeat(10_001));
	await coordinator.getByRole('button', { name: 'Save commentary' }).click();
	await expect(coordinator.locator('.govuk-error-summary')).toContainText('10,000 characters or fewer');
	await coordinator
		.getByLabel('Commentary for the advisory group')
		.fill('Supervision kept pace with the intervals this year; casework sampling found options set out clearly.');
	await coordinator.getByRole('button', { name: 'Save commentary' }).click();
	await expect(coordinator.getByText('Commentary saved.')).toBeVisible();

	const claire = await noScriptPage(browser, statePath('steering'));
	await claire.goto('/');
	await claire.getByRole('link', { name: 'Reports' }).click();
	await expect(claire.getByRole('heading', { name: 'Reports for the advisory group' })).toBeVisible();
	await expectAccessible(claire);
	// The report is a page for each section, reached from its contents list and by "Next".
	const contents = claire.getByRole('navigation', { name: 'Sections of the report' });
	const sections = await contents.locator('li').allInnerTexts();
	expect(sections).toHaveLength(9);
	await expect(contents.locator('li[aria-current="page"]')).toHaveText(sections[0]!);
	const pages = [claire.url()];
	const csvLinks = new Set<string>();
	for (const [i, title] of sections.entries()) {
		if (i > 0) {
			const next = claire
				.getByRole('navigation', { name: 'Previous and next section' })
				.getByRole('link', { name: /^Next section/ });
			await expect(next).toContainText(title);
			await next.click();
			await expect(claire.getByRole('heading', { level: 2, name: title, exact: true })).toBeVisible();
			await expect(contents.locator('li[aria-current="page"]')).toHaveText(title);
			pages.push(claire.url());
		}
		for (const href of await claire
			.locator('a[href$=".csv"], a[href*=".csv?"]')
			.evaluateAll((links) => links.map((a) => a.getAttribute('href')!)))
			csvLinks.add(href);
	}
	await expect(claire.getByRole('link', { name: /^Next section/ })).toHaveCount(0);
	await expectAccessible(claire);
	expect(csvLinks.size).toBeGreaterThan(8);
	// A new period keeps the section being read.
	await claire.getByLabel('From', { exact: true }).fill('2025-01-01');
	await claire.getByRole('button', { name: 'Show figures for this period' }).click();
	await expect(contents.locator('li[aria-current="page"]')).toHaveText(sections.at(-1)!);
	await expect(claire.getByText(/Showing 1 January 2025 to/)).toBeVisible();
	await claire.goto(pages[0]!);
	await claire.getByRole('link', { name: 'Annual report pack for this period' }).click();
	await expect(claire.getByText('Supervision kept pace with the intervals this year')).toBeVisible();
	await expect(claire.getByRole('button', { name: 'Save commentary' })).toHaveCount(0);
	await expectAccessible(claire);
	pages.push(claire.url());

	for (const href of csvLinks) {
		const response = await claire.context().request.get(href);
		expect(response.status(), href).toBe(200);
		const text = await response.text();
		for (const name of names) expect(text, `${href} names ${name}`).not.toContain(name);
		expect(text).not.toMatch(caseReference);
	}
	for (const url of pages) {
		await claire.goto(url);
		const text = await claire.locator('main').innerText();
		for (const name of names) expect(text, `${url} names ${name}`).not.toContain(name);
		expect(text).not.toMatch(caseReference);
		expect(text).not.toMatch(/@demo\.test/);
	}
});
