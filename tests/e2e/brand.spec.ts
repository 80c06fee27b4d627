// The service's own colour and logo are what people see, not GOV.UK's blue.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { parse } from 'yaml';
import { noScriptPage } from './support';

const service = parse(readFileSync(`${process.env.CONTENT_DIR ?? 'content'}/service.yml`, 'utf8')) as {
	brand_colour: string;
	logo?: string;
};
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
const govukBlue = 'rgb(29, 112, 184)';

for (const javaScript of [true, false]) {
	test(`the header shows the service's colour and logo (JavaScript ${javaScript ? 'on' : 'off'})`, async ({
		browser,
		page: scripted
	}) => {
		const page = javaScript ? scripted : await noScriptPage(browser);
		await page.goto('/sign-in');
		const header = page.locator('header').first();
		const background = await header.evaluate((el) => getComputedStyle(el).backgroundColor);
		expect(background).toBe(rgb(service.brand_colour));
		expect(background).not.toBe(govukBlue);
		// The footer's top border is GOV.UK's other use of the brand colour.
		const footer = await page
			.locator('footer')
			.first()
			.evaluate((el) => getComputedStyle(el).borderTopColor);
		expect(footer).toBe(rgb(service.brand_colour));
		if (service.logo) {
			const logo = header.locator('img');
			await expect(logo).toBeVisible();
			expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
		}
	});
}
