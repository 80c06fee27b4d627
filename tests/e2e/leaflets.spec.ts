// Information for families: a coordinator records an item and sends it to the steering group's
// review sub-group, a member reviews it, the coordinator records it as verified, and the list shows
// it. The journey is made with the keyboard alone; the upload refusals without JavaScript.
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { expectAccessible, noScriptPage, statePath } from './support';

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n1 0 obj << >> endobj\n% ${text}\ntrailer << >>\n%%EOF\n`);

/** A page driven by the keyboard: Tab to what is wanted, then type or press. */
async function keyboardPage(browser: Browser, role: 'coordinator' | 'steering') {
	const context = await browser.newContext({
		storageState: statePath(role),
		extraHTTPHeaders: { 'X-Forwarded-For': '127.0.0.1' }
	});
	return context.newPage();
}

async function tabTo(page: Page, target: Locator) {
	for (let presses = 0; presses < 150; presses++) {
		if (await target.evaluate((el) => el === document.activeElement)) return;
		await page.keyboard.press('Tab');
	}
	throw new Error(`Tab never reached ${target}`);
}

async function fill(page: Page, field: Locator, text: string) {
	await tabTo(page, field);
	await page.keyboard.type(text);
}

async function follow(page: Page, target: Locator, key: 'Enter' | 'Space' = 'Enter') {
	await tabTo(page, target);
	const loaded = page.waitForEvent('load');
	await page.keyboard.press(key);
	await loaded;
}

test('a coordinator records and sends an item, a steering member reviews it, the coordinator verifies it, and the list shows it', async ({
	browser
}) => {
	const title = `Your rights at a tribunal ${Date.now()}`;
	const coordinator = await keyboardPage(browser, 'coordinator');
	await coordinator.goto('/leaflets');
	await expect(coordinator.getByRole('heading', { name: 'Information for families', level: 1 })).toBeVisible();
	await expectAccessible(coordinator);
	await follow(coordinator, coordinator.getByRole('button', { name: 'Record an item' }), 'Space');
	await expectAccessible(coordinator);

	// Sent empty: every problem is listed, and the page still passes axe.
	await follow(coordinator, coordinator.getByRole('button', { name: 'Save as a draft' }));
	await expect(coordinator.locator('.govuk-error-summary')).toContainText('Enter the title');
	await expect(coordinator.locator('.govuk-error-summary')).toContainText('Choose what kind of item it is');
	await expectAccessible(coordinator);

	await fill(coordinator, coordinator.getByLabel('Title'), title);
	await tabTo(coordinator, coordinator.getByLabel('Leaflet', { exact: true }));
	await coordinator.keyboard.press('Space');
	await fill(coordinator, coordinator.getByLabel('Version', { exact: true }), '1');
	await fill(coordinator, coordinator.getByLabel('Date of this version'), '2026-11-01');
	// Tab reaches a group of radios at its first; the arrow keys choose within it.
	await tabTo(coordinator, coordinator.getByLabel('PDF', { exact: true }));
	await coordinator.keyboard.press('ArrowDown');
	await expect(coordinator.getByLabel('Text with Markdown formatting')).toBeChecked();
	await fill(
		coordinator,
		coordinator.getByLabel('Text', { exact: true }),
		'## Appealing a decision\n\nYou can appeal to the tribunal. <script>alert(1)</script>'
	);
	await follow(coordinator, coordinator.getByRole('button', { name: 'Save as a draft' }));
	await expect(coordinator.getByText('The item is saved as a draft.')).toBeVisible();
	await expect(coordinator.getByRole('heading', { name: 'Appealing a decision' })).toBeVisible();
	// Pasted markup is shown as typed, never run.
	await expect(coordinator.getByText('<script>alert(1)</script>')).toBeVisible();
	await expectAccessible(coordinator);
	const itemPath = new URL(coordinator.url()).pathname;

	await follow(coordinator, coordinator.getByRole('button', { name: 'Send for review' }));
	await expect(coordinator.getByText('The item is sent to the review sub-group')).toBeVisible();
	await expect(coordinator.locator('.govuk-summary-list')).toContainText('Waiting for review');
	await expectAccessible(coordinator);

	// Claire, in the sub-group, finds it on her home page and reviews it.
	const claire = await keyboardPage(browser, 'steering');
	await claire.goto('/');
	await follow(claire, claire.getByRole('link', { name: `Review “${title}” (version 1) for impartiality` }));
	expect(new URL(claire.url()).pathname).toBe(itemPath);
	await expectAccessible(claire);
	await follow(claire, claire.getByRole('button', { name: 'Record my review' }));
	await expect(claire.locator('.govuk-error-summary')).toContainText('Say whether the information is impartial');
	await expectAccessible(claire);
	await tabTo(claire, claire.getByLabel('Yes'));
	await claire.keyboard.press('Space');
	await fill(claire, claire.getByLabel('Comments'), 'Sets out the options without steering.');
	await follow(claire, claire.getByRole('button', { name: 'Record my review' }));
	await expect(claire.getByText('Your review is recorded.')).toBeVisible();
	await expect(claire.locator('tr', { hasText: 'Claire Dunmore' })).toContainText('Sets out the options');
	await expect(claire.getByRole('button', { name: 'Record my review' })).toHaveCount(0);
	await expectAccessible(claire);

	// She was told by email: with no mail server set, the message waits in the outbox.
	await coordinator.goto('/outbox');
	await expect(coordinator.getByText(`Information for families to review: ${title}`).first()).toBeVisible();

	// The coordinator records the sub-group's decision.
	await coordinator.goto(itemPath);
	await tabTo(coordinator, coordinator.getByLabel('Verified'));
	await coordinator.keyboard.press('Space');
	await follow(coordinator, coordinator.getByRole('button', { name: 'Record the decision' }));
	await expect(coordinator.getByText('The item is recorded as verified.')).toBeVisible();
	await expectAccessible(coordinator);

	await coordinator.goto('/leaflets?state=verified');
	const row = coordinator.locator('tr', { hasText: title });
	await expect(row).toContainText('Verified');
	await expect(row).toContainText('by Priya Raman');
	await expectAccessible(coordinator);
	await coordinator.context().close();
	await claire.context().close();
});

test('an upload that is not a usable PDF is refused with a message, and a real one can be read back', async ({
	browser
}) => {
	const page = await noScriptPage(browser, statePath('coordinator'));
	const title = `Mediation ${Date.now()}`;
	const attempt = async (file: { name: string; mimeType: string; buffer: Buffer }) => {
		await page.goto('/leaflets/new');
		await page.getByLabel('Title').fill(title);
		await page.getByLabel('Letter template').check();
		await page.getByLabel('Version', { exact: true }).fill('2');
		await page.getByLabel('Date of this version').fill('2026-10-01');
		await page.getByLabel('PDF', { exact: true }).check();
		await page.getByLabel('PDF file').setInputFiles(file);
		const response = page.waitForResponse((r) => r.request().method() === 'POST');
		await page.getByRole('button', { name: 'Save as a draft' }).click();
		return (await response).status();
	};
	const refused = async (file: { name: string; mimeType: string; buffer: Buffer }, message: string) => {
		expect(await attempt(file)).toBe(400);
		await expect(page.locator('.govuk-error-summary')).toContainText(message);
		await expect(page.locator('#file-error')).toContainText(message);
		// What was typed is kept.
		await expect(page.getByLabel('Title')).toHaveValue(title);
		await expectAccessible(page);
	};

	await refused(
		{ name: 'leaflet.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>not a pdf</html>') },
		'The selected file must be a PDF'
	);
	await refused(
		{ name: 'empty.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(0) },
		'The selected file is empty'
	);
	await refused(
		{ name: 'big.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([pdf('big'), Buffer.alloc(450 * 1024)]) },
		'The selected file must be smaller than 400 KB'
	);
	// Larger than the server takes at all: a clear page, not a failure.
	expect(await attempt({ name: 'huge.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(700 * 1024, 0x25) })).toBe(
		413
	);
	await expect(page.getByText('The file you chose is too large')).toBeVisible();

	// An odd name is kept only as plain text; the file itself comes back as a PDF.
	expect(await attempt({ name: '<i>leaflet\u202E.pdf', mimeType: 'text/plain', buffer: pdf('mediation') })).toBe(303);
	await expect(page.getByText('The item is saved as a draft.')).toBeVisible();
	await expect(page.getByText('Uploaded as “<i>leaflet.pdf”.')).toBeVisible();
	await expectAccessible(page);
	const href = await page.getByRole('link', { name: /Open the PDF/ }).getAttribute('href');
	const file = await page.context().request.get(href!);
	expect(file.status()).toBe(200);
	expect(file.headers()['content-type']).toBe('application/pdf');
	expect((await file.body()).subarray(0, 5).toString()).toBe('%PDF-');
	await page.context().close();
});
