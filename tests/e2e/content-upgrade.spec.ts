// The shipped library and the service's own edits together, on the demo's data: a module the
// service edited shows its change; a shipped update to another the service edited is offered in
// the authoring list, not applied (a reader still gets the service's text), and adopted as the draft.
import { expect, test } from '@playwright/test';
import { expectAccessible, noScriptPage, statePath } from './support';

const edited = 'Recording case outcomes factually';
const upgraded = 'When your impartiality is challenged';
const ownStep = 'tell the service manager the same day';
const shippedSection = 'If you are a steering or advisory group member';

test('a shipped update to a module the service edited is offered, not applied, and adopted as the draft', async ({
	browser
}) => {
	const reader = await noScriptPage(browser, statePath('volunteer'));
	await reader.goto('/modules/when-impartiality-is-challenged');
	await expect(reader.locator('article')).toContainText(ownStep);
	await expect(reader.getByRole('heading', { name: shippedSection })).toHaveCount(0);

	const page = await noScriptPage(browser, statePath('coordinator'));
	await page.goto('/content');
	const modules = page.getByRole('region', { name: 'Modules' });
	// The module the service edited: its own publication, nothing waiting.
	const ours = modules.getByRole('row', { name: new RegExp(edited) });
	await expect(ours).toContainText('Priya Raman');
	await expect(ours).not.toContainText('Shipped version changed');
	// The one with a shipped update waiting.
	const waiting = modules.getByRole('row', { name: new RegExp(upgraded) });
	await expect(waiting).toContainText('Shipped version changed');
	await expect(waiting).toContainText('Priya Raman');
	await expectAccessible(page);

	await waiting.getByRole('link', { name: upgraded }).click();
	await expect(page.getByText('The service’s own version stays in use.')).toBeVisible();
	await page.getByText('What the shipped library changed').click();
	await expect(page.locator('.app-diff ins').filter({ hasText: shippedSection }).first()).toBeVisible();
	await expect(page.locator('.app-diff del').filter({ hasText: ownStep }).first()).toBeVisible();
	await expect(page.getByLabel('Text', { exact: true })).toHaveValue(new RegExp(ownStep));
	await expectAccessible(page);

	await page.getByRole('button', { name: 'Use the shipped version as the draft' }).click();
	await expect(
		page.getByText('The shipped version is now the draft. Check it and publish it when it is right.')
	).toBeVisible();
	const draft = await page.getByLabel('Text', { exact: true }).inputValue();
	expect(draft).toContain(`## ${shippedSection}`);
	expect(draft).not.toContain(ownStep);
	await expectAccessible(page);

	await page.goto('/content');
	const row = page.getByRole('region', { name: 'Modules' }).getByRole('row', { name: new RegExp(upgraded) });
	await expect(row).not.toContainText('Shipped version changed');
	await expect(row).toContainText('Draft');

	// Adopted is not published: the reader still has the service's text.
	await reader.goto('/modules/when-impartiality-is-challenged');
	await expect(reader.locator('article')).toContainText(ownStep);
	await expect(reader.getByRole('heading', { name: shippedSection })).toHaveCount(0);
	await reader.context().close();
	await page.context().close();
});
