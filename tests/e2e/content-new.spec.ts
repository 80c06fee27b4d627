// A coordinator starts a new module without JavaScript: a refused start says what to fix, and a
// started one opens in the editor as a draft that loads without problems.
import { expect, test } from '@playwright/test';
import { expectAccessible, noScriptPage, statePath } from './support';

test('a coordinator starts a new module as a draft and lands in its editor', async ({ browser }) => {
	const page = await noScriptPage(browser, statePath('coordinator'));
	await page.goto('/content');
	await page.getByRole('link', { name: 'Start a new module' }).click();
	await expect(page.getByRole('heading', { name: 'Start a new module', level: 1 })).toBeVisible();
	await expectAccessible(page);

	await page.getByLabel('Short name').fill('New');
	await page.getByRole('button', { name: 'Start the draft' }).click();
	const summary = page.locator('.govuk-error-summary');
	await expect(summary).toContainText('Enter a title of at least 3 characters');
	await expect(summary).toContainText('Choose another short name: "new" is the address of this page');
	await expectAccessible(page);

	const slug = `working-with-schools-${Date.now()}`;
	await page.getByLabel('Title').fill('Working with schools');
	await page.getByLabel('Short name').fill(slug);
	await page.getByRole('button', { name: 'Start the draft' }).click();
	await expect(page).toHaveURL(new RegExp(`/content/modules/${slug}\\?done=started$`));
	await expect(page.getByText('The draft is started.')).toBeVisible();
	await expect(page.locator('textarea')).toHaveValue(/title: "?Working with schools"?/);
	await expect(page.locator('.govuk-error-summary')).toHaveCount(0);
	await expectAccessible(page);
});
