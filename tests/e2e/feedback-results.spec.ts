// Families' feedback results: the coordinator's page without JavaScript and by keyboard, with an
// accessibility scan; the steering group reading only the chosen quotes; a supervisor seeing a
// supervisee's totals only when enough families have answered.
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, noScriptPage, personId, postForm, statePath } from './support';

const phone = { width: 320, height: 640 };
/** A comment the demo never quotes, so it must never reach the steering group. */
const unquoted = 'Helpful, although I wanted someone to tell me what to do.';

async function commentBlock(page: Page, text: string) {
	return page.locator('.app-feedback-comment').filter({ hasText: text }).first();
}

test('a coordinator reads the results and tags a comment without JavaScript, on a 320 px screen', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const page = await noScriptPage(browser, statePath('coordinator'));
	await page.goto('/');
	await page.getByRole('link', { name: "Read families' feedback and choose quotes for the annual report" }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText("Families' feedback");
	await expectAccessible(page);
	// The indicator and every question have a chart and a table of the same numbers.
	await expect(page.getByRole('heading', { name: 'Impartiality indicator', exact: true })).toBeVisible();
	await expect(page.locator('.app-figure').first().locator('svg')).toBeVisible();
	await expect(
		page.getByRole('table', { name: 'Impartiality indicator', exact: true }).getByRole('rowheader', {
			name: 'All impartiality questions'
		})
	).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Did you get the result you wanted?' })).toBeVisible();

	// A made-up period is refused beside its field, and what was typed stays.
	await page.getByLabel('From', { exact: true }).fill('2027-02-30');
	await page.getByRole('button', { name: 'Show feedback for this period' }).click();
	await expect(page.locator('.govuk-error-summary')).toBeVisible();
	await expect(page.getByLabel('From', { exact: true })).toHaveValue('2027-02-30');
	await expectAccessible(page);
	await page.goto('/reports/feedback');

	// The comments are a page of their own, reached from the figures.
	await page.getByRole('link', { name: 'Read the comments for this period and choose quotes' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Comments from families');
	await expectAccessible(page);

	// Tag a comment and choose it as a quote on its own page: the list comes back at it, saying so.
	await (
		await commentBlock(page, 'Calm, clear and honest about what the law says.')
	)
		.getByRole('link', { name: /Choose themes or quote it/ })
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose themes for a comment');
	await expect(page.getByText('Calm, clear and honest about what the law says.')).toBeVisible();
	await expectAccessible(page);
	await page.getByLabel('Being heard').check();
	await page.getByLabel(/Quote it in the steering group/).check();
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Comments from families');
	await expect(page.getByText('Comment saved, and chosen as a quote.')).toBeVisible();
	expect(new URL(page.url()).hash).toMatch(/^#comment-/);
	const saved = await commentBlock(page, 'Calm, clear and honest about what the law says.');
	await expect(saved.getByText(/Themes: .*Being heard/)).toBeVisible();
	await expect(saved.getByText('Quote', { exact: true })).toBeVisible();
	await expectAccessible(page);

	// A theme that is not on the list is refused beside the field, and nothing else is lost.
	await saved.getByRole('link', { name: /Choose themes or quote it/ }).click();
	const commentPage = page.url();
	const refused = await postForm(page.request, commentPage, { themes: 'Not a theme', quote: 'yes' });
	expect(refused.status()).toBe(400);
	const answer = await refused.text();
	// The message is beside the themes, and the quote box keeps the tick that was sent.
	expect(answer).toMatch(/id="themes-error"[^>]*>[\s\S]*?Choose themes from the list/);
	expect(answer).toMatch(/<input[^>]*id="quote"[^>]*checked/);
	const wrongQuote = await postForm(page.request, commentPage, { themes: 'Being heard', quote: 'maybe' });
	expect(wrongQuote.status()).toBe(400);
	const quoteAnswer = await wrongQuote.text();
	expect(quoteAnswer).toMatch(/id="quote-error"[^>]*>[\s\S]*?Choose whether to quote it/);
	expect(quoteAnswer).toMatch(/<input[^>]*value="Being heard"[^>]*checked/);
	await page.goto(commentPage);
	await expect(page.getByLabel('Being heard')).toBeChecked();
	await page.getByRole('link', { name: 'Cancel' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Comments from families');

	// The list filtered to quotes holds it, and not a comment nobody chose.
	await page.getByLabel('Only comments chosen as quotes').check();
	await page.getByRole('button', { name: 'Show these comments' }).click();
	await expect(page.locator('.app-feedback-comment').filter({ hasText: 'Calm, clear and honest' })).toHaveCount(1);
	await expect(page.locator('.app-feedback-comment').filter({ hasText: unquoted })).toHaveCount(0);
	await expectAccessible(page);

	// On a phone nothing is wider than the screen.
	await page.setViewportSize(phone);
	for (const path of ['/reports/feedback', '/reports/feedback/comments', commentPage]) {
		await page.goto(path);
		expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(320);
	}
	await page.context().close();
});

test('a coordinator tags a comment by keyboard alone', async ({ browser }) => {
	const context = await browser.newContext({ storageState: statePath('coordinator') });
	const page = await context.newPage();
	await page.goto('/reports/feedback/comments');
	const text = 'I was not sure at first whether you worked for the council.';
	await (await commentBlock(page, text)).getByRole('link', { name: /Choose themes or quote it/ }).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose themes for a comment');
	const theme = page.getByLabel("Arm's length from the council");
	await theme.focus();
	const was = await theme.isChecked();
	await page.keyboard.press('Space');
	await expect(theme).toBeChecked({ checked: !was });
	// On through the rest of the themes and the quote box to the button.
	let steps = 0;
	while (!(await page.getByRole('button', { name: 'Save' }).evaluate((b) => b === document.activeElement))) {
		await page.keyboard.press('Tab');
		expect(++steps).toBeLessThan(12);
	}
	await page.keyboard.press('Enter');
	await expect(page.getByText('Comment saved.')).toBeVisible();
	const saved = await commentBlock(page, text);
	await expect(saved.getByText(/Themes: .*Arm's length from the council/)).toHaveCount(was ? 0 : 1);
	await expectAccessible(page);
	await context.close();
});

test('the steering group reads the figures and the chosen quotes only, and not the comments page', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const page = await noScriptPage(browser, statePath('steering'));
	await page.goto('/reports/annual');
	await expect(page.getByRole('heading', { name: "Families' feedback", exact: true })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Impartiality indicator', exact: true })).toBeVisible();
	await expect(page.getByRole('heading', { name: "In families' words" })).toBeVisible();
	await expect(
		page.getByText('The adviser explained every option, including the ones the school had not mentioned.')
	).toBeVisible();
	await expect(page.getByText(unquoted)).toHaveCount(0);
	await expectAccessible(page);
	await page.goto('/reports?section=feedback');
	await expect(page.getByRole('heading', { name: "In families' words" })).toBeVisible();
	await expect(
		page.getByText('The adviser explained every option, including the ones the school had not mentioned.')
	).toBeVisible();
	await expect(page.getByText(unquoted)).toHaveCount(0);
	await expect(page.getByRole('link', { name: "Families' feedback, with their comments" })).toHaveCount(0);
	for (const path of ['/reports/feedback', '/reports/feedback/comments']) {
		const refused = await page.goto(path);
		expect(refused?.status(), path).toBe(403);
	}
	await page.context().close();
});

test("a supervisor sees a supervisee's feedback totals only when enough families answered, and the worker does not", async ({
	browser
}) => {
	test.setTimeout(120_000);
	const coordinator = await noScriptPage(browser, statePath('coordinator'));
	const joanna = await personId(coordinator, 'Joanna Pike');
	const sam = await personId(coordinator, 'Sam Whitfield');
	await coordinator.context().close();

	const page = await noScriptPage(browser, statePath('supervisor'));
	await page.goto(`/supervision/people/${joanna}`);
	await expect(
		page.getByRole('heading', { name: "What families said through Joanna Pike's feedback links" })
	).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Impartiality indicator', exact: true })).toBeVisible();
	await expectAccessible(page);
	await page.goto(`/supervision/people/${sam}`);
	await expect(
		page.getByRole('heading', { name: "What families said through Sam Whitfield's feedback links" })
	).toBeVisible();
	await expect(page.getByText('Fewer than 5 families have answered through these links')).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Impartiality indicator', exact: true })).toHaveCount(0);
	await page.context().close();

	const herself = await noScriptPage(browser, statePath('staff'));
	await herself.goto(`/supervision/people/${joanna}`);
	await expect(herself.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(herself.getByText('What families said through')).toHaveCount(0);
	await herself.context().close();
});
