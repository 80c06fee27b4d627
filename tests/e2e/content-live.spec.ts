// The editor with JavaScript: the preview beside the text follows the typing, its problems are
// listed as the loader finds them, and a problem's link puts the cursor on its line. Nothing is saved.
import { expect, test } from '@playwright/test';
import { dropRefusalNotice, expectAccessible, statePath, watchConsole } from './support';

test('the preview follows the typing, and a problem’s link puts the cursor on its line', async ({ browser }) => {
	const context = await browser.newContext({ storageState: statePath('coordinator') });
	const page = await context.newPage();
	const consoleProblems = watchConsole(page);
	await page.goto('/content/modules/confidentiality');
	const text = page.getByLabel('Text', { exact: true });
	const status = page.getByRole('status');
	const live = page.locator('[data-live-output]');
	await expect(status).toHaveText('Preview updated, no problems');
	await expect(live.getByRole('heading', { level: 2, name: 'Preview' })).toBeVisible();
	await expectAccessible(page);

	// Typed, not submitted: the preview beside the text shows the new words.
	const sentence = `Typed just now ${Date.now()}.`;
	await text.focus();
	await text.press('ControlOrMeta+End');
	await text.pressSequentially(`\n\n${sentence}`);
	await expect(live).toContainText(sentence);
	await expect(page).toHaveURL(/\/content\/modules\/confidentiality$/);

	// A broken front matter: the summary lists the problem by its line, and its link selects that line.
	const shipped = await text.inputValue();
	const lines = shipped.split('\n');
	const line = lines.findIndex((l) => l.startsWith('minutes:')) + 1;
	await text.fill(shipped.replace(/^minutes: \d+$/m, 'minutes: seven'));
	const problem = page
		.locator('.govuk-error-summary')
		.getByRole('link', { name: new RegExp(`^line ${line}: minutes`) });
	await expect(problem).toBeVisible();
	await expect(status).toHaveText(/^\d+ problems?: fix them to update the preview$/);
	// The last preview stays while the text has problems.
	await expect(live).toContainText(sentence);
	await expectAccessible(page);

	await problem.focus();
	await page.keyboard.press('Enter');
	await expect(text).toBeFocused();
	const start = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);
	expect(await text.evaluate((box: HTMLTextAreaElement) => [box.selectionStart, box.selectionEnd])).toEqual([
		start,
		start + 'minutes: seven'.length
	]);

	// Fixed again: the problems go, and the preview follows.
	await page.keyboard.type('minutes: 9');
	await expect(page.locator('.govuk-error-summary')).toHaveCount(0);
	await expect(status).toHaveText('Preview updated, no problems');
	await expect(live).toContainText('about 9 minutes');
	await expectAccessible(page);

	// The Preview button still works with JavaScript on: the page comes back with its summary
	// focused, and the preview beside the text, once worked out, leaves that focus alone.
	await text.fill(shipped.replace(/^minutes: \d+$/m, 'minutes: seven'));
	await page.getByRole('button', { name: 'Preview' }).click();
	const summary = page.locator('.govuk-error-summary');
	await expect(summary).toBeFocused();
	await expect(status).toHaveText(/^\d+ problems?: fix them to update the preview$/);
	await expect(summary).toBeFocused();
	await summary.getByRole('link', { name: new RegExp(`^line ${line}: minutes`) }).click();
	await expect(text).toBeFocused();
	expect(await text.evaluate((box: HTMLTextAreaElement) => box.selectionStart)).toBe(start);
	// The form sent back with its problems is answered 400, as it should be.
	dropRefusalNotice(consoleProblems, page.url());
	expect(consoleProblems).toEqual([]);
	await context.close();
});
