// Certificates: a person downloads and prints theirs, anyone with its code checks it without
// signing in, the holder withdraws it and the code then says so. Without JavaScript, as everywhere.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectAccessible, noScriptPage, statePath } from './support';

/** An address of its own for each run, so checks from other tests never throttle these. */
const freshAddress = () => `192.0.2.${1 + Math.floor(Math.random() * 250)}`;

async function checkCode(page: Page, typed: string) {
	await page.goto('/verify');
	await page.getByLabel('Check a certificate').fill(typed);
	await page.getByRole('button', { name: 'Check the code' }).click();
}

test('a person downloads their certificate, anyone checks it signed out, and the holder withdraws it', async ({
	browser
}) => {
	const page = await noScriptPage(browser, statePath('staff'));
	await page.goto('/');
	await page.getByRole('link', { name: 'See your certificates' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Your certificates' })).toBeVisible();
	await expectAccessible(page);

	// The demo issued Joanna's induction certificate; an earlier run of this test may have replaced it.
	const card = page
		.locator('li.govuk-summary-card', { hasText: 'Induction' })
		.filter({ has: page.locator('.govuk-tag', { hasText: /^Stands$/ }) })
		.first();
	await expect(card).toBeVisible();
	const code = (await card.locator('.app-certificate-code').textContent())!.trim();
	expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

	const pdfHref = (await card.getByRole('link', { name: /^Download the PDF/ }).getAttribute('href'))!;
	const pdf = await page.context().request.get(pdfHref);
	expect(pdf.status()).toBe(200);
	expect(pdf.headers()['content-type']).toBe('application/pdf');
	expect(pdf.headers()['content-disposition']).toBe('attachment; filename="induction-certificate.pdf"');
	const body = await pdf.body();
	expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
	expect(body.length).toBeGreaterThan(2000);

	// The printable page: the certificate alone when printed.
	await card.getByRole('link', { name: /^See it to print/ }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Joanna Pike' })).toBeVisible();
	await expect(page.getByText(`Verification code: ${code}`)).toBeVisible();
	await expectAccessible(page);
	await page.emulateMedia({ media: 'print' });
	await expect(page.locator('.govuk-header, .govuk-generic-header').first()).toBeHidden();
	await expect(page.getByRole('link', { name: 'Your certificates' })).toBeHidden();
	await expect(page.getByRole('heading', { level: 1, name: 'Joanna Pike' })).toBeVisible();
	await page.emulateMedia({ media: 'screen' });

	// Signed out, the code as someone might type it: lower case, spaces for dashes.
	const stranger = await noScriptPage(browser, undefined, freshAddress());
	await checkCode(stranger, code.toLowerCase().replaceAll('-', ' '));
	await expect(stranger).toHaveURL(`/verify/${code}`);
	await expect(stranger.getByRole('heading', { level: 1, name: 'This certificate stands' })).toBeVisible();
	const facts = stranger.locator('.govuk-summary-list');
	await expect(facts.locator('dt')).toHaveText(['Name', 'Achievement', 'Completed on', 'Stands']);
	await expect(facts.locator('dd').nth(0)).toHaveText('Joanna Pike');
	await expect(facts.locator('dd').nth(1)).toHaveText('Induction');
	await expect(stranger.getByText('staff@demo.test')).toHaveCount(0);
	await expectAccessible(stranger);

	// A code that is no code is told at the field, with what was typed kept; an unknown one is not found.
	await checkCode(stranger, 'K7M2-Q9ZX');
	await expect(stranger.getByRole('alert')).toContainText('Enter the code as printed on the certificate');
	await expect(stranger.getByLabel('Check a certificate')).toHaveValue('K7M2-Q9ZX');
	await expectAccessible(stranger);
	const unknown = await stranger.goto('/verify/0000-0000-0000');
	expect(unknown?.status()).toBe(404);
	await expect(stranger.getByText('No certificate has this code.')).toBeVisible();

	// The holder withdraws it; the code says so.
	await page.goto('/me/certificates');
	await page.getByRole('button', { name: `Withdraw the certificate for Induction with code ${code}` }).click();
	await expect(page.getByText('Certificate withdrawn.')).toBeVisible();
	await expectAccessible(page);
	await stranger.goto(`/verify/${code}`);
	await expect(stranger.getByRole('heading', { level: 1, name: 'This certificate no longer stands' })).toBeVisible();
	await expect(stranger.locator('.govuk-tag')).toHaveText('Withdrawn');

	// A new certificate, with a new code, leaves the demo as it was.
	await page.getByRole('button', { name: 'Issue certificate for Induction' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Joanna Pike' })).toBeVisible();
	await expect(page.getByText(/^Verification code: /)).not.toHaveText(`Verification code: ${code}`);
	await stranger.context().close();
	await page.context().close();
});

test("a coordinator sees the certificates issued on a person's page", async ({ browser }) => {
	const page = await noScriptPage(browser, statePath('coordinator'));
	await page.goto('/people?search=Joanna%20Pike');
	await page.getByRole('link', { name: 'Joanna Pike' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Certificates' })).toBeVisible();
	const rows = page.getByRole('region', { name: 'Certificates issued' }).locator('tbody tr');
	await expect(rows.filter({ hasText: 'Stands' }).filter({ hasText: 'Induction' })).toHaveCount(1);
	await expectAccessible(page);
	await page.context().close();
});

/** Presses Tab until `target` has focus, as someone looking for it would. */
async function tabTo(page: Page, target: Locator) {
	for (let i = 0; i < 60; i++) {
		await page.keyboard.press('Tab');
		if (await target.evaluate((el) => el === document.activeElement)) return;
	}
	throw new Error('never reached by Tab');
}

test('certificates and their check work by keyboard alone, at 320 pixels wide', async ({ browser }) => {
	const context = await browser.newContext({ storageState: statePath('staff'), viewport: { width: 320, height: 640 } });
	const page = await context.newPage();
	await page.goto('/');
	await tabTo(page, page.getByRole('link', { name: 'See your certificates' }));
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Your certificates' })).toBeVisible();
	await tabTo(page, page.getByRole('link', { name: /^See it to print/ }).first());
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Joanna Pike' })).toBeVisible();
	const code = (await page.locator('.app-certificate .app-certificate-code').textContent())!.trim();
	await context.close();

	const signedOut = await browser.newContext({
		viewport: { width: 320, height: 640 },
		extraHTTPHeaders: { 'X-Forwarded-For': freshAddress() }
	});
	const stranger = await signedOut.newPage();
	await stranger.goto('/verify');
	await tabTo(stranger, stranger.getByLabel('Check a certificate'));
	await stranger.keyboard.type(code);
	await stranger.keyboard.press('Enter');
	await expect(stranger).toHaveURL(`/verify/${code}`);
	await expect(stranger.getByRole('heading', { level: 1, name: /^This certificate/ })).toBeVisible();
	// Nothing on the page is wider than the screen.
	expect(await stranger.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
	await signedOut.close();
});
