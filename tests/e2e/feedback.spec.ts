// Families' feedback: answered on a 320 px phone without JavaScript and by keyboard, with an
// accessibility scan on every page; a coordinator's link and its QR code; and a hostile client.
import { expect, request as playwrightRequest, test, type Locator, type Page } from '@playwright/test';
import { baseURL } from '../../playwright.config';
import { expectAccessible, noScriptPage, postForm, statePath } from './support';

const phone = { width: 320, height: 640 };
const heading = (page: Page) => page.getByRole('heading', { level: 1 });

async function answer(page: Page, option: string | null, next: string | RegExp) {
	if (option) await page.getByLabel(option, { exact: true }).check();
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(heading(page)).toHaveText(next);
	await expectAccessible(page);
}

test('a family answers on a 320 px phone without JavaScript: refusals keep what was typed, answers can be changed', async ({
	browser
}) => {
	test.setTimeout(240_000);
	// A page without JavaScript, which the accessibility scan reads through a copy of its HTML.
	const page = await noScriptPage(browser, undefined, '198.51.100.21');
	await page.setViewportSize(phone);
	const context = page.context();
	await page.goto('/feedback');
	await expect(heading(page)).toHaveText('Tell us about the support you had');
	await expectAccessible(page);
	// Nothing on the page is wider than the phone.
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
	await page.getByRole('button', { name: 'Start now' }).click();
	await expect(heading(page)).toHaveText('How did you contact us most recently?');
	await expectAccessible(page);

	// Continuing without choosing says so beside the question.
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.locator('.govuk-error-summary')).toContainText('Select an answer');
	await expectAccessible(page);

	await answer(page, 'By phone, on our helpline', "Whatever the outcome, did you feel we took anyone's side?");
	await answer(page, 'No, you did not take sides', 'Were you given information about all of your options?');
	// Back goes to the question before, with its answer still chosen.
	await page.getByRole('button', { name: 'Back' }).click();
	await expect(page.getByLabel('No, you did not take sides')).toBeChecked();
	await answer(page, null, 'Were you given information about all of your options?');
	await answer(page, 'Yes, all of them', 'Were your own views heard, and put across as you meant them?');
	await answer(page, 'Yes', "Did you know that we work at arm's length from the council?");
	await answer(page, 'No, I did not know', 'How confident are you that our service is impartial?');
	await answer(page, 'Very confident', 'Did you get the result you wanted?');
	await answer(page, 'No', 'Is there anything else you want to tell us?');

	// A phone number is refused, saying why, and what was typed comes back.
	const typed = 'They listened even though the panel said no. Ring me on 07700 900123';
	await page.getByLabel('Is there anything else you want to tell us?').fill(typed);
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.locator('.govuk-error-summary')).toContainText('looks like a phone number');
	await expect(page.getByLabel('Is there anything else you want to tell us?')).toHaveValue(typed);
	await expectAccessible(page);
	await page
		.getByLabel('Is there anything else you want to tell us?')
		.fill('They listened even though the panel said no.');
	await answer(page, null, 'Check your answers before sending them');
	await expect(page.locator('.govuk-summary-list')).toContainText('Very confident');

	// Change an answer, and come back to the check page.
	await page
		.getByRole('button', { name: 'Change your answer to: How confident are you that our service is impartial?' })
		.click();
	await expect(page.getByLabel('Very confident', { exact: true })).toBeChecked();
	await answer(page, 'Fairly confident', 'Check your answers before sending them');
	await expect(page.locator('.govuk-summary-list')).toContainText('Fairly confident');
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

	await page.getByRole('button', { name: 'Send your answers' }).click();
	await expect(heading(page)).toHaveText('Your answers have been sent');
	await expectAccessible(page);
	// No cookie was set to answer.
	expect(await context.cookies()).toEqual([]);
	await context.close();
});

/** Presses Tab until `target` has focus. */
async function tabTo(page: Page, target: Locator) {
	for (let i = 0; i < 40; i++) {
		if (await target.evaluate((el) => el === document.activeElement)) return;
		await page.keyboard.press('Tab');
	}
	throw new Error('could not reach the element by Tab');
}

test('a young person answers by keyboard alone, in simpler words', async ({ browser }) => {
	test.setTimeout(240_000);
	const context = await browser.newContext({
		viewport: phone,
		extraHTTPHeaders: { 'X-Forwarded-For': '198.51.100.22' }
	});
	const page = await context.newPage();
	await page.goto('/feedback');
	await tabTo(page, page.getByRole('button', { name: 'Start the questions in simpler words' }));
	await page.keyboard.press('Enter');
	await expect(heading(page)).toHaveText('How did you talk to us last time?');
	await expectAccessible(page);
	const choices = [
		'On the phone',
		'No, you did not take sides',
		'Yes, all of them',
		'Yes',
		'Yes, I knew',
		'Very sure',
		'A bit'
	];
	for (const choice of choices) {
		const title = await heading(page).textContent();
		await tabTo(page, page.getByRole('radio').first());
		// Arrow keys move through the radios; Space chooses the one with focus.
		for (
			let i = 0;
			i < 8 && !(await page.getByLabel(choice, { exact: true }).evaluate((el) => el === document.activeElement));
			i++
		)
			await page.keyboard.press('ArrowDown');
		await page.keyboard.press('Space');
		await expect(page.getByLabel(choice, { exact: true })).toBeChecked();
		await tabTo(page, page.getByRole('button', { name: 'Continue' }));
		await page.keyboard.press('Enter');
		await expect(heading(page)).not.toHaveText(title ?? '');
		await expectAccessible(page);
	}
	await expect(heading(page)).toHaveText('Is there anything else you want to tell us?');
	await tabTo(page, page.getByRole('button', { name: 'Continue' }));
	await page.keyboard.press('Enter');
	await expect(heading(page)).toHaveText('Check your answers before sending them');
	await expectAccessible(page);
	await tabTo(page, page.getByRole('button', { name: 'Send your answers' }));
	await page.keyboard.press('Enter');
	await expect(heading(page)).toHaveText('Your answers have been sent');
	await expectAccessible(page);
	await context.close();
});

test('a coordinator finds the worker to name on a link by name, with or without JavaScript', async ({ browser }) => {
	for (const scripted of [true, false]) {
		const page = scripted
			? await (await browser.newContext({ storageState: statePath('coordinator') })).newPage()
			: await noScriptPage(browser, statePath('coordinator'));
		await page.goto('/feedback/links?worker=nobody-has-this-name');
		await expect(page.getByText('No worker\'s name or email address contains "nobody-has-this-name".')).toBeVisible();
		await expectAccessible(page);
		await page.getByLabel('Find a worker to name on the link').fill('a');
		await page.getByRole('button', { name: 'Find' }).click();
		await expect(page).toHaveURL(/worker=a/);
		const options = page.getByLabel('Worker (optional)').locator('option');
		expect(await options.count()).toBeGreaterThan(1);
		// A link made from the found list keeps the search if the form comes back with a problem.
		await page.getByRole('button', { name: 'Make the link' }).click();
		await expect(page.locator('.govuk-error-summary')).toContainText('Enter a name for the link');
		await expect(page.getByLabel('Find a worker to name on the link')).toHaveValue('a');
		await page.context().close();
	}
});

test('a coordinator makes a link with a QR code; answering through it skips the channel question', async ({
	browser
}) => {
	const context = await browser.newContext({ storageState: statePath('coordinator') });
	const page = await context.newPage();
	await page.goto('/feedback/links');
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Make the link' }).click();
	await expect(page.locator('.govuk-error-summary')).toContainText('Enter a name for the link');
	await expectAccessible(page);
	await page.getByLabel('Name of the link').fill('Workshop handout');
	await page.getByLabel('Workshop or information session').check();
	await page.getByRole('button', { name: 'Make the link' }).click();
	await expect(heading(page)).toHaveText('Workshop handout');
	await expectAccessible(page);
	const address = await page.locator('.govuk-summary-list__value').first().textContent();
	const code = /\/feedback\/([a-z0-9]{8})$/.exec(address ?? '')![1]!;
	const linkPage = page.url();
	for (const [kind, type] of [
		['svg', 'image/svg+xml'],
		['png', 'image/png']
	] as const) {
		const response = await page.request.get(`${linkPage}/qr.${kind}`);
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toBe(type);
	}

	const family = await browser.newContext({
		javaScriptEnabled: false,
		extraHTTPHeaders: { 'X-Forwarded-For': '198.51.100.23' }
	});
	const familyPage = await family.newPage();
	await familyPage.goto(`/feedback/${code}`);
	await familyPage.getByRole('button', { name: 'Start now' }).click();
	await expect(heading(familyPage)).toHaveText("Whatever the outcome, did you feel we took anyone's side?");
	await expect(familyPage.locator('.govuk-caption-l')).toHaveText('Question 1 of 7');
	await family.close();

	// Once retired, the link's address says so.
	await page.getByRole('button', { name: 'Stop using this link' }).click();
	expect((await page.request.get(`/feedback/${code}`)).status()).toBe(404);
	await context.close();
});

test('a hostile client: thousands of posts, oversized and control-character answers; nothing fails and the limit holds', async () => {
	test.setTimeout(240_000);
	const client = await playwrightRequest.newContext({
		baseURL,
		extraHTTPHeaders: { 'X-Forwarded-For': '203.0.113.99' }
	});
	const valid = {
		audience: 'families',
		'answer.channel': 'email',
		'answer.took-sides': 'no',
		'answer.all-options': 'yes',
		'answer.views-heard': 'yes',
		'answer.arms-length': 'no',
		'answer.confidence': 'very',
		'answer.result': 'yes'
	};
	const hostile: Record<string, string>[] = [
		{ audience: 'families', question: 'anything-else', value: 'x'.repeat(200_000) },
		{ audience: 'families', question: 'anything-else', value: 'fine\u0000\u0007' },
		{ audience: 'families', question: 'anything-else', value: 'mail me: a@b.co' },
		{ audience: 'families', question: '../../etc', value: 'x' },
		{ audience: 'admins', question: 'channel', value: 'email' },
		{ ...valid, 'answer.took-sides': "'; drop table feedback_response; --" },
		{ ...valid, 'answer.anything-else': '\u202e'.repeat(5000) }
	];
	const statuses = new Map<number, number>();
	for (let i = 0; i < 1500; i++) {
		const action = ['next', 'back', 'change', 'start'][i % 4]!;
		const response = await postForm(client, `/feedback?/${action}`, hostile[i % hostile.length]!);
		statuses.set(response.status(), (statuses.get(response.status()) ?? 0) + 1);
	}
	// Sending: the first ten from this client are taken, the rest refused with 429.
	const sent: number[] = [];
	for (let i = 0; i < 40; i++) sent.push((await postForm(client, '/feedback?/send', valid)).status());
	for (let i = 0; i < 20; i++) {
		const response = await postForm(client, '/feedback?/send', {
			...valid,
			'answer.anything-else': `\u0000${'y'.repeat(i * 1000)}`
		});
		statuses.set(response.status(), (statuses.get(response.status()) ?? 0) + 1);
	}
	expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
	expect(sent.filter((s) => s === 200)).toHaveLength(10);
	expect(sent.filter((s) => s === 429)).toHaveLength(30);
	// The honeypot: a program that fills every field is thanked, and nothing is kept.
	const other = await playwrightRequest.newContext({
		baseURL,
		extraHTTPHeaders: { 'X-Forwarded-For': '203.0.113.100' }
	});
	for (let i = 0; i < 30; i++)
		expect((await postForm(other, '/feedback?/send', { ...valid, website: 'http://spam.example' })).status()).toBe(200);
	// ...and so its client can still answer for real.
	expect((await postForm(other, '/feedback?/send', valid)).status()).toBe(200);
	await client.dispose();
	await other.dispose();
});
