// The service's logo chosen in the browser: a coordinator, without JavaScript, is told what is
// missing, keeps the file chosen, sets the logo and sees it in the header of another page, then
// removes it and the header goes back to the logo service.yml names.
import { expect, test } from '@playwright/test';
import { expectAccessible, noScriptPage, statePath } from './support';

const drawing = (colour: string) =>
	Buffer.from(
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"><script>alert(1)</script>` +
			`<rect width="40" height="20" fill="${colour}"/><circle cx="10" cy="10" r="6" fill="#ffffff"/></svg>`
	);

test('a coordinator sets the service logo, sees it in the header of another page, and removes it', async ({
	browser
}) => {
	const page = await noScriptPage(browser, statePath('coordinator'));
	await page.goto('/content/files');
	const section = page.getByRole('region', { name: "The service's logo" });
	await expect(section).toContainText('This is the logo named in service.yml.');
	await expectAccessible(page);

	// Nothing chosen: both missing answers are said.
	await section.getByRole('button', { name: "Use as the service's logo" }).click();
	const summary = page.locator('.govuk-error-summary');
	await expect(summary).toContainText('Upload a logo, or choose an image already added');
	await expect(summary).toContainText('Choose what the logo says');
	await expectAccessible(page);

	// A JPEG is refused beside the upload field.
	await section.getByLabel('Upload a logo').setInputFiles({
		name: 'photo.jpg',
		mimeType: 'image/jpeg',
		buffer: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF a photograph')])
	});
	await section.getByLabel(/^Something else/).check();
	await section.getByRole('button', { name: "Use as the service's logo" }).click();
	await expect(page.locator('#logoFile-error')).toContainText('The logo must be a PNG or an SVG');
	await expect(page.locator('#logoDescription-error')).toContainText('Say what the logo shows');

	// A drawing with no description: refused, but the drawing comes back chosen, so it is not lost.
	const colour = `#${Date.now().toString(16).slice(-6)}`;
	await section.getByLabel('Upload a logo').setInputFiles({
		name: 'logo.svg',
		mimeType: 'image/svg+xml',
		buffer: drawing(colour)
	});
	await section.getByRole('button', { name: "Use as the service's logo" }).click();
	await expect(page.locator('#logoDescription-error')).toBeVisible();
	await expect(section.getByLabel(/^Something else/)).toBeChecked();
	const chosen = section.getByLabel('Or choose an image already added');
	const logoName = await chosen.inputValue();
	expect(logoName).toMatch(/^[a-f0-9]{64}\.svg$/);
	await expectAccessible(page);

	await section
		.getByLabel("What the logo shows, if it is not the service's name")
		.fill('A white circle on a green band');
	await section.getByRole('button', { name: "Use as the service's logo" }).click();
	await expect(page.getByRole('alert')).toContainText('The logo is now in the header of every page.');
	await expect(section.locator('.app-logo-preview img')).toHaveAttribute('alt', 'A white circle on a green band');
	await expect(section).toContainText('This logo was chosen here by Priya Raman');
	await expectAccessible(page);

	// Another page's header shows it, fetched fresh, with its text for people who cannot see it.
	await page.goto('/');
	const logo = page.locator('header').first().getByRole('img', { name: 'A white circle on a green band' });
	await expect(logo).toBeVisible();
	expect(await logo.getAttribute('src')).toMatch(/^\/brand\/logo\?v=[a-f0-9]{16}$/);
	expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
	const served = await page.request.get((await logo.getAttribute('src'))!);
	expect(served.headers()['content-type']).toBe('image/svg+xml');
	const body = await served.text();
	expect(body).toContain(colour);
	expect(body).not.toContain('script');
	await expectAccessible(page);

	// A logo that spells the name stands in the name's place.
	await page.goto('/content/files');
	// The form starts from the logo in use: only what it says is changed.
	await expect(chosen).toHaveValue(logoName);
	await expect(section.getByLabel(/^Something else/)).toBeChecked();
	await section.getByLabel(/^The service's name/).check();
	await section.getByRole('button', { name: "Use as the service's logo" }).click();
	await expect(page.getByRole('alert')).toContainText('The logo is now in the header of every page.');
	await page.goto('/');
	const home = page.locator('header').first().getByRole('link').first();
	await expect(home.getByRole('img', { name: 'Northshire SENDIASS' })).toBeVisible();
	await expect(home).toHaveAccessibleName('Northshire SENDIASS');

	// Removed: the header goes back to the logo service.yml names, beside the name.
	await page.goto('/content/files');
	await section.getByRole('button', { name: 'Remove this logo' }).click();
	await expect(page.getByRole('alert')).toContainText('The logo chosen here is removed.');
	await expect(section).toContainText('This is the logo named in service.yml.');
	await page.goto('/');
	const header = page.locator('header').first();
	await expect(header.locator('img')).toHaveAttribute('src', '/brand/logo');
	await expect(header).toContainText('Northshire SENDIASS');
	await page.context().close();
});
