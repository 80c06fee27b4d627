// Branching scenarios from start to two different endings: without JavaScript, and by keyboard
// alone, with an accessibility scan on every step; and what coordinators and the steering group see.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectAccessible, noScriptPage, statePath } from './support';

const heading = (page: Page) => page.getByRole('heading', { level: 1 });

/** Chooses an option and continues, without JavaScript. */
async function choose(page: Page, option: string | RegExp, next: string) {
	await page.getByLabel(option).check();
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(heading(page)).toHaveText(next);
	await expectAccessible(page);
}

test('without JavaScript: the path stays right through the back button and "go back one step", and a replay reaches another ending', async ({
	browser
}) => {
	const page = await noScriptPage(browser, statePath('volunteer'));
	await page.goto('/scenarios');
	await expectAccessible(page);
	await page.getByRole('link', { name: 'A helpline call: "What would you do?"' }).click();
	await expectAccessible(page);
	// Whatever an earlier run of these tests left, start from the first step.
	await page
		.getByRole('button', { name: /^(Start|Start again|Try it again)$/ })
		.first()
		.click();
	await expect(heading(page)).toHaveText('Sam asks what you would do');
	await expectAccessible(page);

	await choose(page, 'Tell her which school you have heard good things about', 'Sam takes your word for it');

	// The browser's back button shows an earlier page; choosing there again does not change the path.
	await page.goBack();
	if ((await heading(page).textContent()) === 'Sam asks what you would do') {
		await page.getByLabel('Say you are not allowed to talk about schools').check();
		await page.getByRole('button', { name: 'Continue' }).click();
	}
	await expect(heading(page)).toHaveText('Sam takes your word for it');

	// "Go back one step" takes back the last choice.
	await page.getByRole('button', { name: 'Go back one step' }).click();
	await expect(heading(page)).toHaveText('Sam asks what you would do');
	await expectAccessible(page);
	await expect(page.getByRole('button', { name: 'Go back one step' })).toHaveCount(0);

	await choose(page, /^Say the choice is hers/, 'Going through the options');
	// Continuing without a choice says so, next to the options.
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.locator('.govuk-error-summary')).toContainText('Choose what you would do');
	await expect(page).toHaveTitle(/^Error: /);
	await expectAccessible(page);
	await choose(page, /^Say kindly that your choice would not help her/, 'Sam weighs it up');
	await choose(page, /^Offer the factsheet on naming a school/, 'Sam decides for herself');
	await expect(page.getByText('Good outcome')).toBeVisible();
	// The path taken: the choices made (not the one taken back), with feedback, and where the others led.
	const path = page.locator('.app-scenario-path > li');
	await expect(path).toHaveCount(3);
	await expect(path.nth(0)).toContainText('You chose: Say the choice is hers');
	await expect(path.nth(0)).toContainText('This is impartial and still helpful.');
	await path.nth(0).getByText('What the other choices would have led to').click();
	await expect(path.nth(0)).toContainText('Leads to “Sam takes your word for it”');
	await expect(path.nth(0)).toContainText('“Sam follows your opinion” (poor)');
	// The other choice at the last step led straight to an ending, and says so.
	await expect(path.nth(2)).toContainText('Ends with “Sam was nudged” (mixed outcome)');

	// Replay, to a different ending.
	await page.getByRole('button', { name: 'Try it again' }).click();
	await expect(heading(page)).toHaveText('Sam asks what you would do');
	await choose(page, 'Say you are not allowed to talk about schools', 'Sam feels turned away');
	await choose(page, "Give her the council's number and end the call", 'Sam is left alone');
	await expect(page.getByText('Poor outcome')).toBeVisible();
	await expect(page.locator('.app-scenario-path > li').nth(1)).toContainText('Leads to “Going through the options”');

	// Both runs are listed on the scenario's page.
	await page.getByRole('link', { name: 'Back to the scenario' }).click();
	await expect(page.getByRole('link', { name: 'Sam decides for herself' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Sam is left alone' })).toBeVisible();
	await expectAccessible(page);
});

test('by keyboard alone: two runs reach two different endings', async ({ browser }) => {
	const context = await browser.newContext({ storageState: statePath('staff') });
	const page = await context.newPage();

	async function tabTo(target: Locator) {
		for (let presses = 0; presses < 80; presses++) {
			if (await target.evaluate((el) => el === document.activeElement)) return;
			await page.keyboard.press('Tab');
		}
		throw new Error(`Tab never reached ${target}`);
	}
	async function press(target: Locator, key: 'Enter' | 'Space' = 'Enter') {
		await tabTo(target);
		const loaded = page.waitForEvent('load');
		await page.keyboard.press(key);
		await loaded;
	}
	/** Tabs into the options, moves to the one wanted with the arrow keys, and continues with Enter. */
	async function choose(option: string | RegExp, next: string) {
		const radios = page.locator('input[name="option"]');
		const wanted = page.getByLabel(option);
		await tabTo(radios.first());
		for (let moves = 0; moves < 5 && !(await wanted.evaluate((el) => el === document.activeElement)); moves++) {
			await page.keyboard.press('ArrowDown');
		}
		await page.keyboard.press('Space');
		await expect(wanted).toBeChecked();
		await press(page.getByRole('button', { name: 'Continue' }));
		await expect(heading(page)).toHaveText(next);
		await expectAccessible(page);
	}

	await page.goto('/scenarios/whose-decision');
	await expectAccessible(page);
	await press(page.getByRole('button', { name: /^(Start|Start again|Try it again)$/ }).first());
	await expect(heading(page)).toHaveText('Dev wants to appeal');
	await expectAccessible(page);
	await choose(/^Explain that Alex is past compulsory school age/, 'Alex joins the call');
	await choose(/^Ask Alex if he would like to talk to you on his own/, 'Alex on his own');
	await choose(/^Say that what he tells you stays between you/, 'Dev asks you to take his side');
	await choose(/^Say you do not take sides/, 'Both are heard');
	await expect(page.getByText('Good outcome')).toBeVisible();

	await press(page.getByRole('button', { name: 'Try it again' }));
	await expect(heading(page)).toHaveText('Dev wants to appeal');
	await expectAccessible(page);
	await choose('Tell Dev that the local college sounds like the better choice', 'You took a side');
	await expect(page.getByText('Poor outcome')).toBeVisible();
	await context.close();
});

// Counts the runs the tests above finished.
test('coordinators see how many reached each ending; the steering group sees small numbers withheld', async ({
	browser
}) => {
	const coordinator = await noScriptPage(browser, statePath('coordinator'));
	await coordinator.goto('/scenarios');
	await coordinator.getByRole('link', { name: 'How people get on in A helpline call: "What would you do?"' }).click();
	await expect(heading(coordinator)).toHaveText('How people get on');
	const endings = coordinator.getByRole('table', { name: 'How many reached each ending' });
	await expect(
		endings
			.getByRole('row', { name: /Sam decides for herself/ })
			.locator('td')
			.last()
	).not.toHaveText('0');
	await expect(coordinator.getByRole('table', { name: 'The commonest wrong turn at each step' })).toContainText(
		'Sam asks what you would do'
	);
	await expectAccessible(coordinator);

	const steering = await noScriptPage(browser, statePath('steering'));
	await steering.goto('/scenarios/what-would-you-do/insights');
	await expect(steering.getByText(/counts below \d+ are not shown/)).toBeVisible();
	await expect(
		steering
			.getByRole('table', { name: 'How many reached each ending' })
			.getByRole('row', { name: /Sam is left alone/ })
	).toContainText(/fewer than \d+/);
	await expectAccessible(steering);
	// The steering group does not work through scenarios written for the service's workers.
	const response = await steering.goto('/scenarios/what-would-you-do');
	expect(response?.status()).toBe(403);
});
