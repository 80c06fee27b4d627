// Importing people from a file, without JavaScript: problems named by row and column, fixed and
// uploaded again, the preview, the confirmation, and the same file again changing nothing.
import { expect, test } from '@playwright/test';
import { expectAccessible, noScriptPage, statePath } from './support';

const stamp = Date.now().toString(36);
const heading = 'Name;Email;Roles;Supervisor email;Start date;Last supervision;Last declaration of interests';
const good = [
	heading,
	`Rhea Imported;rhea.${stamp}@import.test;volunteer;supervisor@demo.test;15/03/2024;20/11/2026;01/10/2026`,
	`Olu Imported;olu.${stamp}@import.test;"volunteer, staff";supervisor@demo.test;2023-09-01;;`
].join('\r\n');
const bad = [
	heading,
	`=HYPERLINK("http://example.com");rhea.${stamp}@import.test;volunteer;supervisor@demo.test;;;`,
	`Olu Imported;olu.${stamp}@import.test;wizard;nobody.${stamp}@import.test;;;`
].join('\r\n');

const upload = (text: string) => ({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${text}`) });

test('a coordinator uploads a file, sees its problems, fixes them, previews and confirms', async ({ browser }) => {
	const page = await noScriptPage(browser, statePath('coordinator'));
	await page.goto('/people');
	await page.getByRole('button', { name: 'Import people from a file' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Import people from a file' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Download the template (CSV)' })).toHaveAttribute(
		'href',
		'/people/import/template.csv'
	);
	await expectAccessible(page);

	await page.getByLabel('Upload a CSV file').setInputFiles(upload(bad));
	await page.getByRole('button', { name: 'Check the file' }).click();
	const summary = page.locator('.govuk-error-summary');
	await expect(summary).toContainText('There are 3 problems in people.csv');
	await expect(summary).toContainText('Row 2, name: this looks like a formula');
	await expect(summary).toContainText('Row 3, roles: "wizard" is not a role');
	await expect(summary).toContainText(`Row 3, supervisor email: no one with the email nobody.${stamp}@import.test`);
	await expectAccessible(page);

	// Fixed, by keyboard: the file chosen, then Tab to the button and Enter.
	await page.getByLabel('Upload a CSV file').setInputFiles(upload(good));
	await page.getByLabel('Upload a CSV file').focus();
	await page.keyboard.press('Tab');
	await expect(page.getByRole('button', { name: 'Check the file' })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Check the import' })).toBeVisible();
	const table = page.getByRole('table');
	await expect(table.getByRole('row', { name: /Rhea Imported/ })).toContainText('New');
	await expect(table.getByRole('row', { name: /Rhea Imported/ })).toContainText(
		'Earlier record: Supervision: 2026-11-20'
	);
	await expectAccessible(page);
	await page.getByLabel('Hold them: I will send each one from the person’s record').check();
	await page.getByRole('button', { name: 'Confirm and import' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'People imported' })).toBeVisible();
	await expect(page.locator('.govuk-panel')).toContainText('2 people added, 0 updated, 0 unchanged');
	await expectAccessible(page);

	// The record says where the history came from.
	await page.goto(`/people?search=rhea.${stamp}`);
	await page.getByRole('link', { name: 'Rhea Imported' }).click();
	await expect(page.getByRole('heading', { name: "From the service's earlier records" })).toBeVisible();
	await expect(page.getByText('Supervision: 20 November 2026')).toBeVisible();
	await expectAccessible(page);

	// The same file again changes nothing.
	await page.goto('/people/import');
	await page.getByLabel('Upload a CSV file').setInputFiles(upload(good));
	await page.getByRole('button', { name: 'Check the file' }).click();
	await expect(page.getByText('0 new people, 0 updated and 2 unchanged')).toBeVisible();
	await page.context().close();
});
