// Induction, quizzes, policies and declarations from end to end, without JavaScript.
import { expect, test } from '@playwright/test';
import { expectAccessible, newPerson, noScriptPage, signIn, statePath } from './support';

test('a new volunteer reads a module, takes its quiz to the end, and completes both', async ({ browser }) => {
	// Ruth was invited in the demo: the coordinator makes her a fresh link and she sets up her account.
	const coordinator = await noScriptPage(browser, statePath('coordinator'));
	await coordinator.goto('/people?search=Ruth%20Adeyemi');
	await coordinator.getByRole('link', { name: 'Ruth Adeyemi' }).click();
	await coordinator.getByRole('button', { name: 'Make a new invitation link' }).click();
	const link = (await coordinator.locator('.app-link-to-pass-on').textContent())!.trim();
	const page = await noScriptPage(browser);
	await page.goto(link);
	await page.getByLabel('Password', { exact: true }).fill('lantern harbour orchard');
	await page.getByLabel('Confirm password').fill('lantern harbour orchard');
	await page.getByRole('button', { name: 'Create account' }).click();
	await signIn(page, 'volunteer4@demo.test', 'lantern harbour orchard');
	await expect(page.getByRole('link', { name: /Start your induction module/ })).toBeVisible();

	await page.getByRole('link', { name: 'Induction', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'Your induction' })).toBeVisible();
	await expectAccessible(page);
	await expect(page.locator('.govuk-task-list__item', { hasText: 'In house, but at arm' })).toContainText(
		'Cannot start yet'
	);

	await page.getByRole('link', { name: 'What impartiality means and why the service exists' }).click();
	await expect(page.locator('.app-callout--practice').first()).toContainText('In practice');
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Take the quiz' }).click();
	await expect(page.getByText('You need 75% or more to pass.')).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Start the quiz' }).click();

	// Answer every question: submit one empty first, to see the error and keep going.
	await page.getByRole('button', { name: /Save and/ }).click();
	await expect(page.locator('.govuk-error-summary')).toContainText(/Select (an option|all the options that apply)/);
	await expectAccessible(page);
	for (let n = 0; n < 10 && /\/questions\//.test(page.url()); n++) {
		await expect(page.getByText(/Scenario \d of \d/).first()).toBeVisible();
		await page.locator('input[name="answer"]').first().check();
		await page.getByRole('button', { name: /Save and/ }).click();
	}
	await expect(page.getByRole('heading', { name: 'Check and submit your answers' })).toBeVisible();
	await expectAccessible(page);
	// Each question is listed by what it is about, with the answer chosen and a way to change it.
	const rows = page.locator('.govuk-summary-list__row');
	const questions = await rows.count();
	expect(questions).toBeGreaterThan(1);
	for (let n = 0; n < questions; n++) {
		await expect(rows.nth(n).locator('.govuk-summary-list__key')).toHaveText(new RegExp(`^Question ${n + 1}: \\S`));
		await expect(rows.nth(n).locator('.govuk-summary-list__value')).not.toBeEmpty();
		await expect(rows.nth(n).locator('.govuk-summary-list__value')).not.toContainText('Not answered');
	}
	await expect(page.getByText(/^Question \d+$/)).toHaveCount(0);
	// Changing an answer comes back here, with the new answer shown.
	await page.getByRole('link', { name: 'Change your answer to question 2' }).click();
	const second = page.locator('input[name="answer"]').nth(1);
	const secondLabel = (await page.locator(`label[for="${await second.getAttribute('id')}"]`).textContent())!.trim();
	await second.check();
	await page.getByRole('button', { name: /Save and/ }).click();
	await expect(page.getByRole('heading', { name: 'Check and submit your answers' })).toBeVisible();
	await expect(rows.nth(1).locator('.govuk-summary-list__value')).toContainText(secondLabel.slice(0, 40));
	await page.getByRole('button', { name: 'Submit your answers' }).click();
	await expect(page.getByRole('heading', { name: /You passed|You did not pass this time/ })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Feedback on every scenario' })).toBeVisible();
	if (await page.getByRole('heading', { name: 'You did not pass this time' }).isVisible()) {
		// A failed attempt says what to read again, how many attempts are left, and what happens after the last.
		await expect(page.getByRole('heading', { name: 'What to look at again' })).toBeVisible();
		await expect(page.locator('a[href^="#result-"]')).toHaveCount(
			await page.getByText('Not right', { exact: true }).count()
		);
		await expect(page.getByText('You have 2 attempts left.')).toBeVisible();
		await expect(page.getByText(/recorded as completed but not passed/)).toBeVisible();
		await expect(
			page.getByRole('link', { name: 'What impartiality means and why the service exists' }).first()
		).toBeVisible();
	}
	// Feedback for every option, chosen or not.
	const options = await page.locator('.app-result__option').count();
	const feedback = await page.locator('.app-result__feedback p').count();
	expect(feedback).toBe(options);
	await expectAccessible(page);

	// Until passed, try again; the quiz allows three attempts.
	for (
		let attempt = 0;
		attempt < 2 && (await page.getByRole('heading', { name: 'You did not pass this time' }).isVisible());
		attempt++
	) {
		await page.goto('/quizzes/impartiality-basics');
		await page.getByRole('button', { name: 'Try again' }).click();
		while (/\/questions\//.test(page.url())) {
			// The right answers are the ones the feedback marked: read them from the first attempt's page.
			await page.locator('input[name="answer"]').first().check();
			await page.getByRole('button', { name: /Save and/ }).click();
		}
		await page.getByRole('button', { name: 'Submit your answers' }).click();
	}
	await page.goto('/induction');
	const status = await page
		.locator('.govuk-task-list__item', { hasText: 'What impartiality means' })
		.locator('.govuk-task-list__status')
		.textContent();
	expect(status?.trim()).toMatch(/^(Completed|Completed, did not pass)$/);
});

test('a module says what the learner will be able to do, and a raised version shows Needs review with what changed', async ({
	browser
}) => {
	const page = await noScriptPage(browser, statePath('volunteer'));
	await page.goto('/modules/stating-impartiality');
	const objectives = page.getByRole('list', { name: 'By the end of this module you can' });
	await expect(objectives.getByRole('listitem').first()).toHaveText(/^say what your role is/);
	await expectAccessible(page);

	// Tom completed version 1 of the first module; version 2 corrects it, so he reviews it.
	const tom = await noScriptPage(browser);
	await signIn(tom, 'volunteer3@demo.test');
	await tom.goto('/induction');
	const first = 'What impartiality means and why the service exists';
	await expect(tom.locator('.govuk-task-list__item', { hasText: first })).toContainText('Needs review');
	await expect(tom.locator('.govuk-task-list__item', { hasText: first })).toContainText('What changed in version 2:');
	await tom.getByRole('link', { name: first }).click();
	await expect(tom.getByText('What changed in version 2:')).toBeVisible();
	await tom.getByRole('link', { name: 'See what changed' }).click();
	await expect(tom.getByRole('heading', { name: 'What changed' })).toBeVisible();
	await expect(tom.getByRole('heading', { name: 'In short' })).toBeVisible();
	await expect(tom.locator('ins.app-diff__added').first()).toBeVisible();
	await expectAccessible(tom);
	await tom
		.getByRole('button', { name: 'Read the new version and confirm' })
		.or(tom.getByRole('link', { name: 'Read the new version and confirm' }))
		.click();
	// A module with a quiz is reviewed by passing its quiz again.
	await expect(tom.getByRole('button', { name: 'Take the quiz' })).toBeVisible();
	await expectAccessible(tom);
});

test("a volunteer acknowledges a policy; a coordinator records one on someone's behalf and sees both in compliance and CSV", async ({
	browser,
	request
}) => {
	const helen = await noScriptPage(browser);
	await signIn(helen, 'volunteer2@demo.test');
	await helen.goto('/policies');
	await expectAccessible(helen);
	await helen.getByRole('link', { name: 'Impartiality Policy' }).click();
	await expectAccessible(helen);
	await helen.getByRole('button', { name: 'Confirm' }).click();
	await expect(helen.locator('.govuk-error-summary')).toContainText(
		'Confirm that you have read and understood the policy'
	);
	await helen.getByLabel('I have read and understood the Impartiality Policy (version 4)').check();
	await helen.getByRole('button', { name: 'Confirm' }).click();
	await expect(
		helen.getByText('Your acknowledgement of the Impartiality Policy (version 4) is recorded')
	).toBeVisible();

	const coordinator = await noScriptPage(browser, statePath('coordinator'));
	await coordinator.goto('/policies/impartiality-policy/compliance');
	await expectAccessible(coordinator);
	await coordinator.getByRole('button', { name: 'Record an acknowledgement' }).click();
	await expectAccessible(coordinator);
	await coordinator.getByRole('button', { name: 'Record acknowledgement', exact: true }).click();
	await expect(coordinator.locator('.govuk-error-summary')).toContainText(
		'Enter the email address of the person who acknowledged the policy'
	);
	await coordinator.getByLabel('Their email address').fill('volunteer@demo.test');
	await coordinator.getByLabel('How it was acknowledged').fill('=Paper copy signed at the November team meeting');
	await coordinator.getByRole('button', { name: 'Record acknowledgement', exact: true }).click();
	await expect(coordinator.getByText('Acknowledgement recorded for Sam Whitfield.')).toBeVisible();
	// Those up to date are listed after everyone due, so a service this size shows them on a later
	// page: the coordinator narrows the list to them.
	await coordinator.goto('/policies/impartiality-policy/compliance?status=acknowledged');
	await expect(coordinator.locator('tr', { hasText: 'Sam Whitfield' })).toContainText('recorded by Priya Raman');
	await expect(coordinator.locator('tr', { hasText: 'Helen Okafor' })).toContainText('by themself');
	await coordinator.getByRole('link', { name: 'What changed in version 4' }).click();
	await expect(coordinator.getByRole('heading', { name: 'What changed from version 3 to version 4' })).toBeVisible();
	await expectAccessible(coordinator);

	const csv = await coordinator.context().request.get('/policies/impartiality-policy/compliance.csv');
	const text = await csv.text();
	expect(csv.headers()['content-type']).toContain('text/csv');
	expect(text).toMatch(/Sam Whitfield,.*recorded,Priya Raman,'=Paper copy signed at the November team meeting/);
	expect(text).toMatch(/Helen Okafor,.*,self,/);
	expect(request).toBeTruthy();
});

test('a worker declares an interest, ends it, and makes a return; the coordinator sees the register', async ({
	browser
}) => {
	const page = await noScriptPage(browser, statePath('staff'));
	await page.goto('/declarations');
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Add interest' }).click();
	await expect(page.locator('.govuk-error-summary')).toContainText('Choose the kind of interest');
	await page.getByLabel('Kind of interest').selectOption({ label: 'School or college governor' });
	await page.getByLabel('School, setting or organisation').fill('Millbrook Primary School');
	await page.getByLabel('From (optional)').fill('2025-09-01');
	await page.getByRole('button', { name: 'Add interest' }).click();
	await expect(page.getByText('Interest added.')).toBeVisible();
	await page.getByRole('button', { name: 'My declaration is complete and up to date' }).click();
	await expect(page.getByText('Declaration confirmed.')).toBeVisible();
	await expectAccessible(page);

	const coordinator = await noScriptPage(browser, statePath('coordinator'));
	await coordinator.goto('/declarations/register');
	await expect(coordinator.locator('tr', { hasText: 'Millbrook Primary School' })).toContainText('Joanna Pike');
	await expectAccessible(coordinator);

	// Joanna has another interest declared in the demo: end the one added here.
	const millbrook = page.locator('.govuk-summary-card', { hasText: 'Millbrook Primary School' });
	await millbrook.getByLabel('If this interest has ended, say why').fill('Stood down at the end of term');
	await millbrook.getByRole('button', { name: /End this interest/ }).click();
	await expect(page.getByText('Interest ended. It stays on your record.')).toBeVisible();
	await expect(page.getByText(/Millbrook Primary School \(School or college governor\): ended/)).toBeVisible();
});

test('a policy with a check quiz: acknowledging waits for a pass, then the check leads back to the policy', async ({
	browser
}) => {
	// Joanna has not acknowledged the Confidentiality Policy in the demo; its front matter names a check.
	const page = await noScriptPage(browser, statePath('staff'));
	await page.goto('/policies/confidentiality-policy');
	await expect(page.getByRole('button', { name: 'Confirm' })).toHaveCount(0);
	await page.getByRole('button', { name: 'Take the check' }).click();
	await expect(page.getByText('Check before you acknowledge Confidentiality Policy')).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Start the quiz' }).click();
	// The right answer in each of the check's situations, in file order (the check does not shuffle).
	const right = [
		/cannot share anything without consent/,
		/Share only the worries about reading support/,
		/cannot share what a young person has said without their consent/,
		/cannot promise if someone is at risk or the law requires it/,
		/Tell the safeguarding lead straight away/,
		/Tell the coordinator straight away/
	];
	for (const label of right) {
		await page.getByLabel(label).check();
		await page.getByRole('button', { name: /Save and/ }).click();
	}
	await page.getByRole('button', { name: 'Submit your answers' }).click();
	await expect(page.getByRole('heading', { name: /You passed/ })).toBeVisible();
	await expectAccessible(page);

	await page.goto('/quizzes/confidentiality-check');
	await page.getByRole('link', { name: 'Go to the Confidentiality Policy to acknowledge it' }).click();
	await expect(page.getByText('Check passed')).toBeVisible();
	await page.getByLabel('I have read and understood the Confidentiality Policy (version 2)').check();
	await page.getByRole('button', { name: 'Confirm' }).click();
	await expect(
		page.getByText('Your acknowledgement of the Confidentiality Policy (version 2) is recorded')
	).toBeVisible();
	await expectAccessible(page);
});

test('without JavaScript, following an error summary link and then saving carries no #field on to the next page', async ({
	browser
}) => {
	const password = 'harbour kettle orchard';
	const email = await newPerson('volunteer', 'Fen Fragment', password);
	const page = await noScriptPage(browser);
	await signIn(page, email, password);
	await page.goto('/quizzes/impartiality-basics');
	await page.getByRole('button', { name: 'Start the quiz' }).click();
	await page.getByRole('button', { name: /Save and/ }).click();
	await page.locator('.govuk-error-summary').getByRole('link').first().click();
	await expect(page).toHaveURL(/\/questions\/1#answer$/);
	await page.locator('input[name="answer"]').first().check();
	await page.getByRole('button', { name: /Save and/ }).click();
	await expect(page).toHaveURL(/\/questions\/2$/);
});
