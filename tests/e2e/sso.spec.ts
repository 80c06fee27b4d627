// Single sign-on from end to end, against the real OpenID provider the demo starts with DEMO_SSO=1:
// a first sign-in links an invited person, a changed email at the provider still signs them in, and
// an unmatched identity, a replayed answer and a forged state are refused with a page that says why.
import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { baseURL } from '../../playwright.config';
import { expectAccessible, noScriptPage, postForm, statePath } from './support';

const button = 'Continue with the demo organisation';

/** Signs in at the demo provider's own page, which sends the browser back to the service. */
async function atProvider(page: Page, email: string, options: { account?: string; verified?: boolean } = {}) {
	await expect(page.getByRole('heading', { name: 'Demo organisation sign-in' })).toBeVisible();
	await page.getByLabel('Email address', { exact: true }).fill(email);
	await page.getByLabel('Account id (optional)').fill(options.account ?? '');
	if (options.verified === false) await page.getByLabel('The email address is verified').uncheck();
	await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Someone invited by the demo coordinator, who has not set up a password. Returns their email. */
async function invite(name: string): Promise<string> {
	const coordinator = await playwrightRequest.newContext({
		baseURL,
		storageState: statePath('coordinator'),
		extraHTTPHeaders: { 'X-Forwarded-For': '127.0.0.1' }
	});
	const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${Date.now()}@demo.test`;
	const invited = await postForm(coordinator, '/people/invite', {
		name,
		email,
		roles: ['volunteer'],
		supervisorId: ''
	});
	expect(invited.status()).toBe(200);
	await coordinator.dispose();
	return email;
}

test('an invited person signs in through their organisation, once linked, and still after their email there changes', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const email = await invite('Rhea Marsh');
	const account = `e2e-${Date.now()}`;

	const page = await noScriptPage(browser);
	let callback = '';
	page.on('request', (r) => {
		if (r.url().includes('/sign-in/sso/callback')) callback = r.url();
	});
	await page.goto('/sign-in?next=%2Finduction');
	await expect(page.getByRole('heading', { name: 'Your organisation’s account' })).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('button', { name: button }).click();
	await atProvider(page, email, { account });
	// The invitation is accepted by signing in, and the person goes on where they were going.
	await expect(page).toHaveURL(/\/induction$/);
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'Hello, Rhea Marsh' })).toBeVisible();

	// The provider's answer, sent again, signs no one in.
	expect(callback).toContain('code=');
	await page.goto(callback);
	await expect(page.getByRole('heading', { name: 'You have not been signed in' })).toBeVisible();
	await expect(page.getByText('This sign-in has already been used')).toBeVisible();
	await expectAccessible(page);
	await page.context().close();

	// The organisation changes her email address: the same account there still signs her in here.
	const later = await noScriptPage(browser);
	await later.goto('/sign-in');
	await later.getByRole('button', { name: button }).click();
	await atProvider(later, email.replace('@', '.renamed@'), { account });
	await expect(later.getByRole('heading', { name: 'Hello, Rhea Marsh' })).toBeVisible();
	await later.context().close();

	// The coordinator sees the link and the change in the audit log.
	const coordinator = await noScriptPage(browser, statePath('coordinator'));
	await coordinator.goto(`/audit?person=${encodeURIComponent(email)}`);
	const actions = coordinator.locator('tbody');
	await expect(actions).toContainText('auth.sso-linked');
	await expect(actions).toContainText('auth.sso-email-changed');
	await coordinator.context().close();
});

test('an identity that matches no one, or whose email is not verified, is refused with what to do', async ({
	browser
}) => {
	const page = await noScriptPage(browser);
	await page.goto('/sign-in');
	await page.getByRole('button', { name: button }).click();
	await atProvider(page, `stranger-${Date.now()}@demo.test`);
	await expect(page.getByRole('heading', { name: 'You have not been signed in' })).toBeVisible();
	await expect(page.getByText('Ask your coordinator to invite you with that address')).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('link', { name: 'Go back to the sign-in page' }).click();
	await page.getByRole('button', { name: button }).click();
	await atProvider(page, 'staff@demo.test', { verified: false });
	await expect(page.getByText('did not confirm your email address')).toBeVisible();
	await page.goto('/');
	await expect(
		page
			.getByRole('link', { name: 'Sign in' })
			.or(page.getByRole('button', { name: 'Sign in' }))
			.first()
	).toBeVisible();
	await page.context().close();
});

test('an answer whose state this browser never sent is refused, and the button works by keyboard', async ({ page }) => {
	await page.goto('/sign-in');
	const link = page.getByRole('button', { name: button });
	await link.focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { name: 'Demo organisation sign-in' })).toBeVisible();
	const issuer = new URL(page.url()).origin;
	await page.goto(`/sign-in/sso/callback?code=forged&state=not-the-one-sent&iss=${encodeURIComponent(issuer)}`);
	await expect(page.getByRole('heading', { name: 'You have not been signed in' })).toBeVisible();
	await expect(page.getByText('could not be trusted')).toBeVisible();
	await expectAccessible(page);
});
