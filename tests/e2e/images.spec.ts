// Images for content: a coordinator adds one without JavaScript, at 320 px, is told what was
// wrong with a refused upload, and gets the line to put in a module; the image is served as a
// drawing that runs nothing. The published content downloads as a zip of a content folder.
import { expect, test } from '@playwright/test';
import { expectAccessible, noScriptPage, statePath } from './support';

const drawing = (label: string) =>
	Buffer.from(
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 10"><script>alert(1)</script>` +
			`<rect width="20" height="10" fill="#1d70b8"/><text x="2" y="7">${label}</text></svg>`
	);

test('a coordinator adds an image without JavaScript and gets the Markdown for a module', async ({ browser }) => {
	const page = await noScriptPage(browser, statePath('coordinator'));
	await page.setViewportSize({ width: 320, height: 800 });
	await page.goto('/content/files');
	await expect(page.getByRole('heading', { name: 'Images', level: 1 })).toBeVisible();
	await expectAccessible(page);

	// Refused: not an image, and no description. Both are said, and the page still passes axe.
	await page
		.getByLabel('Image file')
		.setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('just words') });
	await page.getByRole('button', { name: 'Add the image' }).click();
	const summary = page.locator('.govuk-error-summary');
	await expect(summary).toContainText('The selected file must be a PNG, a JPEG or an SVG');
	await expect(summary).toContainText('Describe what the image shows');
	await expectAccessible(page);

	const label = `Roles ${Date.now()}`;
	await page
		.getByLabel('Image file')
		.setInputFiles({ name: 'roles.svg', mimeType: 'image/svg+xml', buffer: drawing(label) });
	await page.getByLabel('What the image shows').fill('Diagram of the three roles at a meeting');
	await page.getByRole('button', { name: 'Add the image' }).click();
	await expect(page.getByRole('alert')).toContainText('The image is ready to use');
	const line = (await page.getByRole('alert').locator('code').textContent())!;
	expect(line).toMatch(/^!\[Diagram of the three roles at a meeting\]\(\/files\/[a-f0-9]{64}\.svg\)$/);
	await expect(page.getByRole('img', { name: 'Diagram of the three roles at a meeting' }).first()).toBeVisible();
	await expectAccessible(page);
	// Nothing sideways at 320 px.
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

	const served = await page.request.get(line.slice(line.indexOf('(') + 1, -1));
	expect(served.status()).toBe(200);
	expect(served.headers()['content-type']).toBe('image/svg+xml');
	expect(served.headers()['content-security-policy']).toContain("default-src 'none'");
	const body = await served.text();
	expect(body).toContain(label);
	expect(body).not.toContain('script');
});

test('a coordinator downloads the published content as a zip of a content folder', async ({ browser }) => {
	const page = await noScriptPage(browser, statePath('coordinator'));
	await page.goto('/content');
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Download all the published content (zip)' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^content-\d{4}-\d{2}-\d{2}\.zip$/);
	const bytes = await (await download.createReadStream()).toArray();
	const zip = Buffer.concat(bytes);
	expect(zip.subarray(0, 2).toString()).toBe('PK');
	expect(zip.includes(Buffer.from('content/service.yml'))).toBe(true);
	expect(zip.includes(Buffer.from('content/modules/01-what-impartiality-means.md'))).toBe(true);
});
