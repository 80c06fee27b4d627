// A person's own training log: an entry added by keyboard alone, kept as typed when it has a
// problem, shown in their record and to their supervisor, changed and deleted by its writer.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectAccessible, statePath } from './support';

/** Tabs until `target` has focus, as someone looking for it would. */
async function tabTo(page: Page, target: Locator) {
	for (let presses = 0; presses < 120; presses++) {
		if (await target.evaluate((el) => el === document.activeElement)) return;
		await page.keyboard.press('Tab');
	}
	throw new Error(`Tab never reached ${target}`);
}

async function typeInto(page: Page, field: Locator, text: string) {
	await tabTo(page, field);
	await page.keyboard.type(text);
}

test('a volunteer logs training by keyboard, sees it in their record, and their supervisor sees it too', async ({
	browser
}) => {
	const title = `Preparing for tribunal ${Date.now()}`;
	const context = await browser.newContext({ storageState: statePath('volunteer') });
	const page = await context.newPage();
	await page.goto('/me/training');
	await expect(page.getByRole('heading', { level: 1, name: 'Your training log' })).toBeVisible();
	await expectAccessible(page);

	// First with contact details in the reflection: refused, with what was typed kept.
	await tabTo(page, page.getByLabel('Training done elsewhere'));
	await page.keyboard.press('Space');
	await typeInto(page, page.getByLabel('Date'), '2026-02-10');
	await typeInto(page, page.getByLabel('Title'), title);
	await typeInto(page, page.getByLabel('Provider (training only)'), 'Regional SENDIASS network');
	await typeInto(page, page.getByLabel('Hours (training only)'), '2.5');
	await typeInto(page, page.getByLabel('Reflection'), 'Asked the trainer at trainer@example.org about bundles.');
	await tabTo(page, page.getByRole('button', { name: 'Add entry' }));
	await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
	await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
	await expect(page.getByLabel('Title')).toHaveValue(title);
	await expect(page.getByLabel('Hours (training only)')).toHaveValue('2.5');
	await expectAccessible(page);

	await page.getByLabel('Reflection').focus();
	await page.keyboard.press('ControlOrMeta+A');
	await page.keyboard.type('How to prepare a family for a tribunal hearing.');
	await tabTo(page, page.getByRole('button', { name: 'Add entry' }));
	await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
	await expect(page.getByText('Entry added to your training log.')).toBeVisible();
	await expect(page.getByRole('link', { name: title })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Hours of training done elsewhere, by year' })).toContainText('2026');
	await expectAccessible(page);

	// In the record, and in its CSV.
	await page.goto('/me/record');
	const section = page.locator('section', { has: page.getByRole('heading', { name: 'Training log' }) });
	await expect(section).toContainText(title);
	await expect(section).toContainText('Regional SENDIASS network');
	await expectAccessible(page);
	const csv = await (await page.context().request.get('/me/record.csv')).text();
	expect(csv).toContain(`Training done elsewhere,2026-02-10,${title},Provider: Regional SENDIASS network. 2.5 hours.`);

	// The supervisor sees it on the person's page; a supervisor of someone else's does not get the page.
	const supervisorContext = await browser.newContext({ storageState: statePath('supervisor') });
	const supervisor = await supervisorContext.newPage();
	await supervisor.goto('/people');
	await supervisor.getByRole('link', { name: 'Sam Whitfield' }).first().click();
	await expect(supervisor.getByRole('heading', { name: 'Training log' })).toBeVisible();
	await expect(supervisor.getByText(title)).toBeVisible();
	await expect(supervisor.getByRole('link', { name: title })).toHaveCount(0);
	await expectAccessible(supervisor);
	await supervisorContext.close();

	// The writer changes it, then deletes it.
	await page.goto('/me/training');
	await page.getByRole('link', { name: title }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Change a training log entry' })).toBeVisible();
	await expectAccessible(page);
	await page.getByLabel('Hours (training only)').fill('3');
	await page.getByRole('button', { name: 'Save changes' }).click();
	await expect(page.getByText('Entry changed.')).toBeVisible();
	await page.getByRole('link', { name: title }).click();
	await page.getByRole('button', { name: /^Delete entry/ }).click();
	await expect(page.getByText('Entry deleted.')).toBeVisible();
	await expect(page.getByRole('link', { name: title })).toHaveCount(0);
	await context.close();
});
