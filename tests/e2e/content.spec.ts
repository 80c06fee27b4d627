// Authoring: a coordinator, without JavaScript, breaks a module's front matter and is told the
// line, fixes it, previews it as a reader sees it, publishes the change, and the module page shows it.
import { expect, test } from '@playwright/test';
import { expectAccessible, noScriptPage, statePath } from './support';

test('a coordinator edits, previews and publishes a module without JavaScript', async ({ browser }) => {
	const page = await noScriptPage(browser, statePath('coordinator'));
	await page.goto('/content');
	await expect(page.getByRole('heading', { level: 1, name: 'Content' })).toBeVisible();
	const modules = page.getByRole('region', { name: 'Modules' });
	await expect(
		modules.getByRole('link', { name: "In house, but at arm's length from the local authority" })
	).toBeVisible();
	await expect(page.getByRole('region', { name: 'Policies' })).toContainText('Version 4');
	await expectAccessible(page);

	await modules.getByRole('link', { name: "In house, but at arm's length from the local authority" }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Edit the module arms-length' })).toBeVisible();
	const text = page.getByLabel('Text', { exact: true });
	const shipped = await text.inputValue();
	expect(shipped).toContain('minutes: 7');
	await expectAccessible(page);

	// A broken front matter: saved as a draft, its problem named by line, and no way to publish.
	const sentence = `Our service adds this sentence ${Date.now()}.`;
	const broken = shipped.replace('minutes: 7', 'minutes: seven').replace(/\n\n/, `\n\n${sentence}\n\n`);
	await text.fill(broken);
	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page.getByText('The draft is saved.')).toBeVisible();
	const summary = page.locator('.govuk-error-summary');
	await expect(summary).toContainText('line 4: minutes: must be a whole number of minutes');
	await expect(text).toHaveValue(broken);
	await expectAccessible(page);

	await page.getByRole('button', { name: 'Preview' }).click();
	await expect(summary).toContainText('line 4: minutes: must be a whole number of minutes');
	await expect(page.getByRole('heading', { name: 'Preview' })).toHaveCount(0);

	await page.goto('/content/modules/arms-length/publish');
	await expect(page.getByText('This draft cannot be published until its problems are fixed.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Publish' })).toHaveCount(0);
	await expectAccessible(page);

	// Fixed, previewed as a reader will see it, saved.
	await page.goto('/content/modules/arms-length');
	const fixed = broken.replace('minutes: seven', 'minutes: 7');
	await text.fill(fixed);
	await page.getByRole('button', { name: 'Preview' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Preview' })).toBeVisible();
	await expect(
		page.getByRole('heading', { name: "In house, but at arm's length from the local authority" })
	).toBeVisible();
	await expect(page.locator('.app-preview')).toContainText(sentence);
	await expect(text).toHaveValue(fixed);
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page.locator('.govuk-error-summary')).toHaveCount(0);

	// Checked: the diff, then major or minor and what changed.
	await page.getByRole('link', { name: 'Check and publish the draft' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Check your changes before publishing' })).toBeVisible();
	await expect(page.locator('.app-diff ins')).toContainText(sentence);
	await page.getByRole('button', { name: 'Publish' }).click();
	await expect(page.locator('.govuk-error-summary')).toContainText('Choose whether this is a major or a minor change');
	await expectAccessible(page);
	await page.getByLabel(/^Minor/).check();
	await page.getByLabel('What changed', { exact: true }).fill('A sentence on our local practice.');
	await page.getByRole('button', { name: 'Publish' }).click();
	await expect(page.getByText('The change is published.')).toBeVisible();
	const row = page.getByRole('region', { name: 'Modules' }).getByRole('row', { name: /arm's length/ });
	await expect(row).not.toContainText('Draft');
	await expect(row).not.toContainText('Shipped library');

	await page.goto('/modules/arms-length');
	await expect(page.locator('article')).toContainText(sentence);
	await expect(page.getByText('version 1')).toBeVisible();

	// The audit log has the save and the publication.
	await page.goto('/audit');
	await expect(page.locator('main')).toContainText('content.published');
	await page.context().close();
});

test('people without the content permission are refused', async ({ browser }) => {
	for (const role of ['volunteer', 'supervisor', 'steering'] as const) {
		const page = await noScriptPage(browser, statePath(role));
		const response = await page.goto('/content/modules/arms-length');
		expect(response?.status(), role).toBe(403);
		await page.context().close();
	}
});
