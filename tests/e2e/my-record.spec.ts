// A person's own record, and a coordinator's copy of someone else's: the page, its JSON and its CSV
// say the same, and drafts stay out. Without JavaScript, as everywhere.
import { expect, test } from '@playwright/test';
import { expectAccessible, noScriptPage, personId, postForm, statePath } from './support';

interface RecordJson {
	producedAt: string;
	person: { name: string; email: string };
	modules: { title: string; version: number }[];
	quizzes: unknown[];
	acknowledgements: { title: string; version: number }[];
	supervision: { kind: string; status: string }[];
}

const kindLabels: Record<string, string> = {
	supervision: 'Supervision session',
	observation: 'Observation of practice',
	review: 'Performance review',
	sample: 'Casework sample'
};

test('a volunteer reads their whole record, and downloads the same as JSON and CSV', async ({ browser }) => {
	const page = await noScriptPage(browser, statePath('volunteer'));
	const request = page.context().request;
	// Sam has acknowledged the Impartiality Policy once this has run; doing it again while up to date records nothing.
	expect((await postForm(request, '/policies/impartiality-policy?/acknowledge', { understood: 'yes' })).status()).toBe(
		303
	);

	await page.goto('/');
	await page.getByRole('link', { name: 'See your record' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Your record' })).toBeVisible();
	await expectAccessible(page);
	await expect(page.getByRole('link', { name: 'Download your record as JSON' })).toHaveAttribute(
		'href',
		'/me/record.json'
	);
	await expect(page.getByRole('link', { name: 'Download your record as CSV' })).toHaveAttribute(
		'href',
		'/me/record.csv'
	);

	const download = await request.get('/me/record.json');
	expect(download.status()).toBe(200);
	expect(download.headers()['content-type']).toContain('application/json');
	expect(download.headers()['content-disposition']).toMatch(
		/^attachment; filename="record-sam-whitfield-\d{4}-\d{2}-\d{2}\.json"$/
	);
	const record = (await download.json()) as RecordJson;
	expect(record.person).toMatchObject({ name: 'Sam Whitfield', email: 'volunteer@demo.test' });

	// The acknowledgements on the page are the ones in the file: as many, the same policies and versions, in the same order.
	expect(record.acknowledgements.length).toBeGreaterThan(0);
	expect(record.acknowledgements.some((a) => a.title === 'Impartiality Policy' && a.version === 4)).toBe(true);
	const acknowledgements = page.getByRole('table', { name: 'Policy acknowledgements' }).locator('tbody tr');
	await expect(acknowledgements).toHaveCount(record.acknowledgements.length);
	expect(await acknowledgements.locator('td:nth-child(1)').allTextContents()).toEqual(
		record.acknowledgements.map((a) => a.title)
	);
	expect(await acknowledgements.locator('td:nth-child(2)').allTextContents()).toEqual(
		record.acknowledgements.map((a) => String(a.version))
	);

	// Sam completed two induction modules in the demo.
	expect(record.modules.length).toBeGreaterThanOrEqual(2);
	const modules = page.getByRole('table', { name: 'Modules completed' }).locator('tbody tr');
	expect(await modules.locator('td:nth-child(1)').allTextContents()).toEqual(record.modules.map((m) => m.title));
	expect(await modules.locator('td:nth-child(2)').allTextContents()).toEqual(
		record.modules.map((m) => String(m.version))
	);
	await expect(page.getByRole('table', { name: 'Quiz attempts' }).locator('tbody tr')).toHaveCount(
		record.quizzes.length
	);

	// His supervision records as headed on the page, none of them a draft.
	expect(record.supervision.length).toBeGreaterThan(0);
	expect(record.supervision.filter((s) => s.status === 'draft')).toEqual([]);
	const headings = await page
		.getByRole('region', { name: 'Supervision records' })
		.getByRole('heading', { level: 3 })
		.allTextContents();
	expect(headings.map((h) => h.split(',')[0])).toEqual(record.supervision.map((s) => kindLabels[s.kind]));

	// The CSV: a heading row, then a row for each acknowledgement among the rest.
	const csv = await request.get('/me/record.csv');
	expect(csv.headers()['content-type']).toContain('text/csv');
	expect(csv.headers()['content-disposition']).toMatch(
		/^attachment; filename="record-sam-whitfield-\d{4}-\d{2}-\d{2}\.csv"$/
	);
	const lines = (await csv.text()).split('\r\n');
	expect(lines[0]).toBe('Section,Date,Item,Detail');
	expect(lines.filter((l) => l.startsWith('Policy acknowledgement,'))).toHaveLength(record.acknowledgements.length);
	expect(lines.filter((l) => l.startsWith('Module completed,'))).toHaveLength(record.modules.length);

	// A coordinator produces the same record for Sam; drafts about him that the coordinator can see are left out.
	const coordinator = await noScriptPage(browser, statePath('coordinator'));
	const sam = await personId(coordinator, 'Sam Whitfield');
	await coordinator.goto(`/people/${sam}`);
	await coordinator.getByRole('link', { name: 'Download their record' }).click();
	await expect(coordinator.getByRole('heading', { level: 1, name: 'Record: Sam Whitfield' })).toBeVisible();
	await expectAccessible(coordinator);
	const theirs = (await (await coordinator.context().request.get(`/people/${sam}/record.json`)).json()) as RecordJson;
	expect({ ...theirs, producedAt: null }).toEqual({ ...record, producedAt: null });
	await coordinator.goto(`/supervision/people/${sam}`);
	const statuses = (
		await coordinator
			.getByRole('table', { name: 'Records, newest first' })
			.locator('tbody tr td:last-child')
			.allTextContents()
	).map((s) => s.trim());
	expect(statuses.filter((s) => s === 'Draft').length).toBeGreaterThan(0);
	expect(record.supervision).toHaveLength(statuses.filter((s) => s !== 'Draft').length);

	// Their own record, asked for as someone else's, is the one everyone has.
	const me = await personId(coordinator, 'Priya Raman');
	const own = await coordinator.context().request.get(`/people/${me}/record.csv`, { maxRedirects: 0 });
	expect(own.status()).toBe(303);
	expect(own.headers()['location']).toBe('/me/record.csv');
});
