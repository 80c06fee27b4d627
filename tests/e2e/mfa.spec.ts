// Multi-factor authentication from end to end: setting up an authenticator app without JavaScript,
// signing in with its code and with a recovery code, the half-signed-in session reaching nothing
// else, a passkey made and used through Chromium's virtual authenticator, and a coordinator
// resetting someone's factors after a lost device. The codes are worked
// out here from the secret the page shows, as the person's app would.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { expectAccessible, newPerson, noScriptPage, personId, signIn, statePath } from './support';

const password = 'copper lighthouse orchard';

/** The code the app shows `stepsAhead` time steps from now (the server accepts one step ahead). */
function appCode(secret: string, stepsAhead = 0): string {
	const totp = new TOTP({ secret: Secret.fromBase32(secret.replace(/\s/g, '')), digits: 6, period: 30 });
	return totp.generate({ timestamp: Date.now() + stepsAhead * 30_000 });
}

/** Tabs until `target` has focus, as someone using the keyboard alone would. */
async function tabTo(page: Page, target: Locator) {
	for (let presses = 0; presses < 60; presses++) {
		if (await target.evaluate((el) => el === document.activeElement)) return;
		await page.keyboard.press('Tab');
	}
	throw new Error(`Tab never reached ${target}`);
}

async function signOut(page: Page) {
	await page.goto('/sign-out');
	await page.locator('#main-content').getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/signed-out$/);
}

test('a supervisor sets up an app without JavaScript, signs in with its code and with a recovery code once', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const email = await newPerson('supervisor', 'Morgan Hale', password);
	const page = await noScriptPage(browser);

	// Offered, not required: the password alone signs in until a factor is set up.
	await signIn(page, email, password);
	await expect(page.getByRole('heading', { name: 'Hello, Morgan Hale' })).toBeVisible();
	await page.getByRole('link', { name: 'Signing in securely' }).click();
	await expect(page.getByRole('heading', { name: 'Signing in securely' })).toBeVisible();
	// Without JavaScript, no passkey can be made: the page says so instead of offering a button.
	await expect(page.getByRole('button', { name: 'Add a passkey' })).toHaveCount(0);
	await expectAccessible(page);

	await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
	await expect(page.getByRole('heading', { name: 'Set up an authenticator app' })).toBeVisible();
	await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
	await expectAccessible(page);
	await page.getByText('I cannot scan the QR code').click();
	const secret = (await page.getByTestId('app-secret').textContent())!.trim();
	expect(secret.replace(/\s/g, '')).toMatch(/^[A-Z2-7]{32}$/);

	const wrong = appCode(secret) === '000000' ? '111111' : '000000';
	await page.getByLabel('Enter the 6-digit code the app shows').fill(wrong);
	await page.getByRole('button', { name: 'Confirm' }).click();
	await expect(page.locator('#code-error')).toContainText('The code is not right');
	await expect(page.getByLabel('Enter the 6-digit code the app shows')).toHaveValue(wrong);
	await expectAccessible(page);

	await page.getByLabel('Enter the 6-digit code the app shows').fill(appCode(secret));
	await page.getByRole('button', { name: 'Confirm' }).click();
	await expect(page.getByRole('heading', { name: 'Your authenticator app is set up' })).toBeVisible();
	const recoveryCodes = await page.getByTestId('recovery-codes').locator('code').allTextContents();
	expect(recoveryCodes).toHaveLength(10);
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByText('Set up', { exact: true })).toBeVisible();
	await expect(page.getByText('You have 10 unused recovery codes.')).toBeVisible();

	// Signed out and in again: the password leaves the session half signed in.
	await signOut(page);
	await signIn(page, email, password);
	await expect(page).toHaveURL(/\/sign-in\/second-factor\?next=%2F$/);
	await expect(page.getByRole('heading', { name: 'Check it is you' })).toBeVisible();
	await expectAccessible(page);
	for (const elsewhere of ['/people', '/me/record', '/me/security', '/']) {
		await page.goto(elsewhere);
		await expect(page, `${elsewhere} sends a half-signed-in session to the second step`).toHaveURL(
			/\/sign-in\/second-factor\?next=/
		);
	}
	// The code just used to set up the app is not accepted again; the app's next one is.
	await page.getByLabel('Code from your authenticator app').fill('12345');
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.locator('#code-error')).toContainText('The code is not right');
	await expectAccessible(page);
	await page.getByLabel('Code from your authenticator app').fill(appCode(secret, 1));
	await page.getByRole('button', { name: 'Continue' }).click();
	// It goes on to the page first asked for.
	await expect(page).toHaveURL(/\/$/);
	await expect(page.getByRole('heading', { name: 'Hello, Morgan Hale' })).toBeVisible();

	// A recovery code, typed with capitals and spaces, works once.
	await signOut(page);
	await signIn(page, email, password);
	await page.getByLabel('Code from your authenticator app').fill(recoveryCodes[0]!.toUpperCase().replace('-', ' '));
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByRole('heading', { name: 'Hello, Morgan Hale' })).toBeVisible();
	await page.goto('/me/security');
	await expect(page.getByText('You have 9 unused recovery codes.')).toBeVisible();
	await signOut(page);
	await signIn(page, email, password);
	await page.getByLabel('Code from your authenticator app').fill(recoveryCodes[0]!);
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.locator('#code-error')).toContainText('has been used already');
	await page.locator('#main-content').getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/signed-out$/);
	await page.context().close();
});

test('the second step by keyboard alone, then a coordinator resets the factors of someone who lost their phone', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const email = await newPerson('supervisor', 'Rhys Okafor', password);
	const person = await (await browser.newContext()).newPage();
	await signIn(person, email, password);
	await person.goto('/me/security/app');
	await person.getByText('I cannot scan the QR code').click();
	const secret = (await person.getByTestId('app-secret').textContent())!.trim();
	await person.getByLabel('Enter the 6-digit code the app shows').fill(appCode(secret));
	await person.getByRole('button', { name: 'Confirm' }).click();
	await expect(person.getByRole('heading', { name: 'Your authenticator app is set up' })).toBeVisible();
	await signOut(person);

	// With JavaScript on: the error summary takes focus, and the code goes in by keyboard.
	await signIn(person, email, password);
	await expect(person.getByRole('heading', { name: 'Check it is you' })).toBeVisible();
	await tabTo(person, person.getByLabel('Code from your authenticator app'));
	await person.keyboard.type('99');
	await person.keyboard.press('Enter');
	await expect(person.locator('.govuk-error-summary')).toBeFocused();
	await expectAccessible(person);
	await tabTo(person, person.getByRole('link', { name: /The code is not right/ }));
	await person.keyboard.press('Enter');
	await expect(person.getByLabel('Code from your authenticator app')).toBeFocused();
	await person.keyboard.press('Control+A');
	await person.keyboard.type(appCode(secret, 1));
	await person.keyboard.press('Enter');
	await expect(person.getByRole('heading', { name: 'Hello, Rhys Okafor' })).toBeVisible();
	await signOut(person);

	// The phone is lost: the coordinator resets the factors.
	const context = await browser.newContext({ storageState: statePath('coordinator') });
	const coordinator = await context.newPage();
	const id = await personId(coordinator, 'Rhys Okafor');
	await coordinator.goto(`/people/${id}`);
	await coordinator.getByRole('link', { name: 'Sign-in methods' }).click();
	await expect(coordinator.getByRole('heading', { name: 'Sign-in methods' })).toBeVisible();
	await expectAccessible(coordinator);
	await tabTo(coordinator, coordinator.getByRole('button', { name: "Reset Rhys Okafor's sign-in methods" }));
	await coordinator.keyboard.press('Enter');
	await expect(coordinator.getByText("Rhys Okafor's sign-in methods have been reset")).toBeVisible();
	await expect(coordinator.getByText('has no second sign-in method to reset')).toBeVisible();
	await expectAccessible(coordinator);
	await coordinator.goto('/outbox');
	await expect(coordinator.getByText('Your Northshire SENDIASS sign-in methods have been reset').first()).toBeVisible();
	await coordinator.goto('/audit');
	await expect(coordinator.getByText('mfa.reset').first()).toBeVisible();
	await context.close();

	// The service only offers a factor, so the password alone signs them in again.
	await signIn(person, email, password);
	await expect(person.getByRole('heading', { name: 'Hello, Rhys Okafor' })).toBeVisible();
	await person.context().close();
});

test('a supervisor adds a passkey in a real browser and signs in with it', async ({ browser }) => {
	test.setTimeout(120_000);
	const email = await newPerson('supervisor', 'Ines Varga', password);
	const context = await browser.newContext();
	const page = await context.newPage();
	// Chromium's virtual authenticator stands in for a laptop's fingerprint reader: it makes and
	// signs with real keys, and answers as if the person had touched it.
	const cdp = await context.newCDPSession(page);
	await cdp.send('WebAuthn.enable');
	const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
		options: {
			protocol: 'ctap2',
			transport: 'internal',
			hasResidentKey: true,
			hasUserVerification: true,
			isUserVerified: true,
			automaticPresenceSimulation: true
		}
	});

	await signIn(page, email, password);
	await page.goto('/me/security');
	// The browser can make a passkey, so the form is shown and the text for those that cannot is not.
	await expect(page.getByRole('button', { name: 'Add a passkey' })).toBeVisible();
	await expect(page.getByText('Adding one needs JavaScript')).toBeHidden();
	await expectAccessible(page);
	await page.getByLabel('Name for a new passkey').fill('Work laptop');
	await page.getByRole('button', { name: 'Add a passkey' }).click();
	await expect(page.getByText('Your passkey has been added.')).toBeVisible();
	expect(await page.getByTestId('recovery-codes').locator('code').count()).toBe(10);
	await expect(page.getByRole('term').filter({ hasText: 'Work laptop' })).toBeVisible();
	const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
	expect(credentials).toHaveLength(1);

	// Signed in again: the password leaves the second step, and the passkey finishes it.
	await signOut(page);
	await signIn(page, email, password);
	await expect(page.getByRole('heading', { name: 'Check it is you' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Use a passkey' })).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Use a passkey' }).click();
	await expect(page.getByRole('heading', { name: 'Hello, Ines Varga' })).toBeVisible();
	const used = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
	expect(used.credentials[0]!.signCount).toBeGreaterThan(credentials[0]!.signCount);
	await page.goto('/me/security');
	await expect(page.locator('.govuk-summary-list__row').filter({ hasText: 'Work laptop' })).toContainText('last used');

	// A passkey the browser cannot produce (the authenticator is gone) leaves the code as the way in.
	await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
	await signOut(page);
	await signIn(page, email, password);
	await page.getByRole('button', { name: 'Use a passkey' }).click();
	await expect(page.getByText('Your passkey was not used. Try again, or enter a code from your app.')).toBeVisible();
	await expect(page).toHaveURL(/\/sign-in\/second-factor/);
	await context.close();
});
