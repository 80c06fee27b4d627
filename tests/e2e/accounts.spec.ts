// Accounts from end to end: invitation, sign-in, roles, deactivation, password reset, and hostile input.
import { expect, test } from '@playwright/test';
import { baseURL } from '../../playwright.config';
import { expectAccessible, noScriptPage, postForm, signIn, statePath } from './support';

test('a coordinator invites someone who sets up their account, signs in, and cannot reuse the link', async ({
	browser
}) => {
	// Two password hashings and nine axe scans: on a busy machine this has run past a minute.
	test.setTimeout(180_000);
	const coordinator = await noScriptPage(browser, statePath('coordinator'));
	await coordinator.goto('/people');
	await expectAccessible(coordinator);
	await coordinator
		.getByRole('button', { name: 'Invite someone' })
		.or(coordinator.getByRole('link', { name: 'Invite someone' }))
		.click();
	await expect(coordinator.getByRole('heading', { name: 'Invite someone' })).toBeVisible();

	// A mistake comes back with a message beside the field and what was typed kept.
	await coordinator.getByLabel('Full name').fill('Nia Evans');
	await coordinator.getByLabel('Email address').fill('not-an-email');
	await coordinator.getByRole('button', { name: 'Send invitation' }).click();
	await expect(coordinator.locator('.govuk-error-summary')).toContainText(
		'Enter an email address in the correct format'
	);
	await expect(coordinator.locator('.govuk-error-summary')).toContainText('Select at least one role');
	await expect(coordinator.getByLabel('Full name')).toHaveValue('Nia Evans');
	await expectAccessible(coordinator);

	const email = `nia-${Date.now()}@demo.test`;
	await coordinator.getByLabel('Email address').fill(email);
	await coordinator.getByLabel('Volunteer (IPS)').check();
	await coordinator.getByLabel('Named supervisor').selectOption({ label: 'Gareth Lloyd' });
	await coordinator.getByRole('button', { name: 'Send invitation' }).click();
	await expect(coordinator.getByRole('heading', { name: 'Invitation created' })).toBeVisible();
	await expectAccessible(coordinator);
	const link = (await coordinator.locator('.app-link-to-pass-on').textContent())!.trim();
	expect(link).toMatch(/\/invitations\/[\w-]{43}$/);

	const invitee = await noScriptPage(browser);
	await invitee.goto(link);
	// Opened once, the link is exchanged: the page goes on at an address with no token in it.
	await expect(invitee).toHaveURL(/\/invitations$/);
	await expect(invitee.getByRole('heading', { name: 'Set up your account' })).toBeVisible();
	const stranger = await noScriptPage(browser);
	await stranger.goto(link);
	await expect(stranger.getByText('This link has already been opened')).toBeVisible();
	await stranger.context().close();
	await expectAccessible(invitee);
	await invitee.getByLabel('Password', { exact: true }).fill('short');
	await invitee.getByLabel('Confirm password').fill('short');
	await invitee.getByRole('button', { name: 'Create account' }).click();
	await expect(invitee.locator('#password-error')).toContainText('Password must be 10 characters or more');
	await expect(invitee.getByLabel('Full name')).toHaveValue('Nia Evans');
	await expect(invitee.getByLabel('Password', { exact: true })).toHaveValue('');
	await invitee.getByLabel('Password', { exact: true }).fill('harbour lantern meadow');
	await invitee.getByLabel('Confirm password').fill('harbour lantern meadows');
	await invitee.getByRole('button', { name: 'Create account' }).click();
	await expect(invitee.locator('#confirmPassword-error')).toContainText('Passwords do not match');
	await invitee.getByLabel('Password', { exact: true }).fill('harbour lantern meadow');
	await invitee.getByLabel('Confirm password').fill('harbour lantern meadow');
	await invitee.getByRole('button', { name: 'Create account' }).click();
	await expect(invitee.getByText('Your account is ready')).toBeVisible();
	await signIn(invitee, email, 'harbour lantern meadow');
	await expect(invitee.getByRole('heading', { name: 'Hello, Nia Evans' })).toBeVisible();
	await expect(invitee.getByText('Your supervisor is Gareth Lloyd.')).toBeVisible();
	await expectAccessible(invitee);

	await invitee.goto(link);
	await expect(invitee.getByText('This link has already been used')).toBeVisible();
	await invitee.goto(`/invitations/${'x'.repeat(43)}`);
	await expect(invitee.getByText('This link is not recognised')).toBeVisible();
	await expectAccessible(invitee);
	const malformed = await invitee.goto('/invitations/short');
	expect(malformed?.status()).toBe(404);
	await expect(invitee.getByRole('heading', { name: 'Page not found' })).toBeVisible();
	await expectAccessible(invitee);

	// The coordinator changes their roles, then deactivates them: their session ends at once.
	// Found by this run's email, since a retried run meets the Nia Evans an earlier attempt invited.
	await coordinator.goto(`/people?search=${encodeURIComponent(email)}`);
	await coordinator.getByRole('link', { name: 'Nia Evans' }).click();
	await coordinator.getByLabel('Staff', { exact: true }).check();
	await coordinator.getByRole('button', { name: 'Save roles and supervisor' }).click();
	await expect(coordinator.getByText('Roles and supervisor saved.')).toBeVisible();
	await expectAccessible(coordinator);
	await coordinator.getByRole('button', { name: 'Deactivate Nia Evans' }).click();
	await expect(coordinator.getByText('Account deactivated')).toBeVisible();
	await invitee.goto('/induction');
	await expect(invitee).toHaveURL(/\/sign-in\?next=%2Finduction/);
	await coordinator.getByRole('button', { name: 'Reactivate Nia Evans' }).click();
	await expect(coordinator.getByText('Account reactivated.')).toBeVisible();

	// Forgotten password: with email not set up, the outbox keeps the request without its link, and
	// the coordinator makes a fresh one from the person's page to pass on.
	await invitee.goto('/forgotten-password');
	await expectAccessible(invitee);
	await invitee.getByLabel('Email address').fill(email);
	await invitee.getByRole('button', { name: 'Send the link' }).click();
	await expect(invitee.getByRole('heading', { name: 'Check your email' })).toBeVisible();
	await coordinator.goto('/outbox');
	await expectAccessible(coordinator);
	const request = coordinator
		.locator('.govuk-summary-card', { hasText: email })
		.filter({ hasText: 'Reset your' })
		.first();
	await expect(request.locator('pre')).toContainText('[link removed: it worked once and is not kept]');
	expect(await coordinator.locator('main').textContent()).not.toMatch(/reset-password\/[\w-]{43}/);
	await request.getByRole('link', { name: 'Send them a fresh link' }).click();
	await coordinator.getByRole('button', { name: 'Make a password reset link' }).click();
	const resetLink = (await coordinator.locator('.app-link-to-pass-on').textContent())!.trim();
	expect(resetLink).toMatch(/\/reset-password\/[\w-]{43}$/);
	await expectAccessible(coordinator);
	await invitee.goto(resetLink);
	await expect(invitee).toHaveURL(/\/reset-password$/);
	await expectAccessible(invitee);
	await invitee.getByLabel('New password', { exact: true }).fill('orchard kettle lantern');
	await invitee.getByLabel('Confirm new password').fill('orchard kettle lantern');
	await invitee.getByRole('button', { name: 'Save password' }).click();
	await expect(invitee.getByText('Your password has been changed')).toBeVisible();
	await signIn(invitee, email, 'orchard kettle lantern');
	await expect(invitee.getByRole('heading', { name: 'Hello, Nia Evans' })).toBeVisible();

	// Signing out ends the session.
	await invitee.getByRole('button', { name: 'Sign out' }).click();
	await expect(invitee.getByRole('heading', { name: 'You have signed out' })).toBeVisible();
	await expectAccessible(invitee);
	await invitee.goto('/induction');
	await expect(invitee).toHaveURL(/\/sign-in/);
});

test('thirty wrong passwords in a row are throttled with a message, never a server error', async ({ browser }) => {
	const page = await noScriptPage(browser, undefined, '10.9.8.7');
	const statuses: number[] = [];
	for (let i = 0; i < 30; i++) {
		await page.goto('/sign-in');
		await page.getByLabel('Email address').fill('steering2@demo.test');
		await page.getByLabel('Password', { exact: true }).fill(`wrong guess ${i}`);
		const [response] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST'),
			page.getByRole('button', { name: 'Sign in' }).click()
		]);
		statuses.push(response.status());
	}
	expect(statuses.every((s) => s < 500)).toBe(true);
	expect(statuses.slice(0, 5).every((s) => s === 400)).toBe(true);
	expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
	await expect(page.locator('.govuk-error-summary')).toContainText(
		/Too many attempts to sign in\. Wait \d+ minutes? and try again/
	);
	await expectAccessible(page);
	await page.context().close();
});

test('a wrong email and a wrong password get the same message, and the error summary takes focus', async ({ page }) => {
	await page.goto('/sign-in');
	await page.keyboard.press('Tab');
	await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
	await page.getByLabel('Email address').fill('nobody-here@demo.test');
	await page.getByLabel('Password', { exact: true }).fill('whatever-it-is');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.locator('.govuk-error-summary')).toBeFocused();
	await expect(page.locator('.govuk-error-summary')).toContainText('Enter a correct email address and password');
	await expect(page.getByLabel('Email address')).toHaveValue('nobody-here@demo.test');
	await expectAccessible(page);
});

test('hostile input gets a clear answer, not a server error', async ({ page, request }) => {
	const huge = 'a'.repeat(1024 * 1024);
	const signInResponse = await postForm(request, '/sign-in', { email: huge, password: 'x' });
	expect(signInResponse.status()).toBe(413);
	expect(await signInResponse.text()).toContain('too large for the service to accept');

	const state = await page.context().storageState();
	expect(state).toBeTruthy();
	await page.goto('/people/00000000-0000-4000-8000-000000000000');
	await expect(page.getByRole('heading', { name: /Page not found|Sign in/ })).toBeVisible();
	const unknown = await request.get('/people/not-a-uuid');
	expect(unknown.status()).toBe(404);
	const health = await request.get('/healthz');
	expect(await health.json()).toEqual({ status: 'ok' });

	// The server reads addresses from X-Forwarded-For (ADDRESS_HEADER); a request that did not come
	// through the proxy has none, and is still answered.
	const direct = await fetch(new URL('/sign-in', baseURL), {
		method: 'POST',
		redirect: 'manual',
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded',
			Accept: 'text/html',
			Origin: new URL(baseURL).origin
		},
		body: new URLSearchParams({ email: 'nobody@demo.test', password: 'not the password' }).toString()
	});
	expect(direct.status).toBe(400);
});

test("a supervisor sees only their supervisees, and is refused another supervisor's by URL", async ({ browser }) => {
	const supervisor = await (
		await browser.newContext({
			storageState: statePath('supervisor'),
			extraHTTPHeaders: { 'X-Forwarded-For': '127.0.0.1' }
		})
	).newPage();
	await supervisor.goto('/people');
	await expect(supervisor.getByRole('heading', { name: 'My supervisees' })).toBeVisible();
	const names = await supervisor.locator('tbody tr td:first-child a').allTextContents();
	// The demo's three, and anyone the invitation test gave Gareth; never another supervisor's people.
	expect(names).toEqual(expect.arrayContaining(['Helen Okafor', 'Joanna Pike', 'Sam Whitfield']));
	expect(names).not.toContain('Tom Brennan');
	await supervisor.getByRole('link', { name: 'Helen Okafor' }).click();
	await expect(supervisor.getByRole('heading', { name: 'Helen Okafor' })).toBeVisible();
	await expectAccessible(supervisor);

	const coordinator = await (
		await browser.newContext({
			storageState: statePath('coordinator'),
			extraHTTPHeaders: { 'X-Forwarded-For': '127.0.0.1' }
		})
	).newPage();
	await coordinator.goto('/people?search=Tom%20Brennan');
	const tomHref = await coordinator.getByRole('link', { name: 'Tom Brennan' }).getAttribute('href');
	const response = await supervisor.goto(tomHref!);
	expect(response?.status()).toBe(403);
	await expect(supervisor.getByRole('heading', { name: 'You do not have permission to see this page' })).toBeVisible();
	await expectAccessible(supervisor);
});
