import { expect, test, type Page } from '@playwright/test';
import { caseworkCriteria, expectAccessible, noScriptPage, openHelen, signIn, statePath } from './support';

const today = new Date().toISOString().slice(0, 10);
const observationCriteria = [
	'States the impartiality of the role at the start',
	'Gives information that is accurate and grounded in law, guidance and local policy',
	'Sets out the options without directing',
	'Supports the parent or young person to give their own views',
	'Respects confidentiality',
	'Recognises and manages their own views',
	'Records factually'
];
async function share(page: Page) {
	await page.getByRole('button', { name: 'Share with Helen Okafor' }).click();
	await expect(page.getByText('Shared. They have been told')).toBeVisible();
	return page.url().split('?')[0]!;
}

test('supervision: a supervisor records a session, an observation and a casework sample; the supervisee comments and signs each; a correction is an addendum', async ({
	browser
}) => {
	test.setTimeout(300_000);
	const base = 1000 + Math.floor(Math.random() * 8000);
	const actionText = `Read the local offer pages on school choice (${base})`;
	const gareth = await noScriptPage(browser, statePath('supervisor'));
	await gareth.goto('/supervision');
	await expectAccessible(gareth);
	await openHelen(gareth);
	await expectAccessible(gareth);

	// A supervision session: a phone number in the notes and an oversized field are refused, and nothing typed is lost.
	await gareth.getByRole('button', { name: 'Record a supervision session' }).click();
	await expectAccessible(gareth);
	const discussion =
		'Helen talked through case NS-2026-0142, where the parent asked which school to pick. Parent rang from 07700 900123.';
	const agenda = 'Casework '.repeat(600);
	await gareth.getByLabel('Date of the session').fill(today);
	await gareth.getByLabel('Length in minutes').fill('60');
	await gareth.getByLabel('Agenda').fill(agenda);
	await gareth.getByLabel('Discussion').fill(discussion);
	await gareth
		.getByLabel('Reflection on impartiality')
		.fill('Helen set out the options and did not say which school she would choose.');
	await gareth.getByRole('group', { name: 'Action 1' }).getByLabel('What will be done').fill(actionText);
	await gareth.getByRole('group', { name: 'Action 1' }).getByLabel('Due by').fill('2099-01-15');
	await gareth.getByRole('button', { name: 'Save as draft' }).click();
	const summary = gareth.locator('.govuk-error-summary');
	await expect(summary).toContainText('Discussion contains what looks like a phone number');
	await expect(summary).toContainText('Agenda must be 5,000 characters or fewer');
	await expect(gareth.getByLabel('Discussion')).toHaveValue(discussion);
	await expect(gareth.getByLabel('Agenda')).toHaveValue(agenda);
	await expectAccessible(gareth);
	await gareth.getByLabel('Agenda').fill('Casework review and wellbeing');
	await gareth
		.getByLabel('Discussion')
		.fill('Helen talked through case NS-2026-0142, where the parent asked which school to pick.');
	await gareth.getByRole('button', { name: 'Save as draft' }).click();
	await expect(gareth.getByText('Draft saved.')).toBeVisible();
	await expectAccessible(gareth);
	const session = await share(gareth);

	// An observation of practice, rated against every criterion.
	await openHelen(gareth);
	await gareth.getByRole('button', { name: 'Record an observation' }).click();
	await gareth.getByLabel('Date of the observation').fill(today);
	await gareth.getByLabel('Home visit').check();
	await gareth
		.getByLabel('What was observed')
		.fill('A home visit for case NS-2026-0150 about an EHC needs assessment request.');
	for (const criterion of observationCriteria) {
		const group = gareth.getByRole('group', { name: criterion });
		await group.getByLabel('Good', { exact: true }).check();
		await group.getByLabel('Evidence').fill('Seen during the visit.');
	}
	await gareth.getByRole('button', { name: 'Save as draft' }).click();
	await expect(gareth.getByText('Draft saved.')).toBeVisible();
	await expect(gareth.locator('table', { hasText: 'Ratings against the observation criteria' })).toContainText(
		'Records factually'
	);
	const observation = await share(gareth);

	// A casework sample: a reference that breaks the pattern is refused, keeping the list typed.
	await openHelen(gareth);
	await gareth.getByRole('button', { name: 'Start a casework sample' }).click();
	await expectAccessible(gareth);
	const references = Array.from({ length: 5 }, (_, i) => `NS-2025-${base + i}`);
	const typed = [...references, 'Ms Smith'].join('\n');
	// One draw per worker and period: a period of this run's own.
	await gareth.getByLabel('Start of the period').fill(`2025-06-${String(1 + (base % 28)).padStart(2, '0')}`);
	await gareth.getByLabel('End of the period').fill(today);
	await gareth.getByLabel('Case references').fill(typed);
	await gareth.getByRole('button', { name: 'Draw 3 cases' }).click();
	await expect(summary).toContainText('Line 6: "Ms" is not a case reference');
	await expect(gareth.getByLabel('Case references')).toHaveValue(typed);
	await gareth.getByLabel('Case references').fill(references.join('\n'));
	await gareth.getByRole('button', { name: 'Draw 3 cases' }).click();
	await expect(gareth.getByText('3 of the 5 left were drawn at random')).toBeVisible();
	await expect(gareth.getByText('the draw gives the same cases')).toBeAttached();
	await expectAccessible(gareth);
	for (let i = 0; i < 3; i++) {
		await gareth
			.getByRole('link', { name: /^Review case NS-2025-/ })
			.first()
			.click();
		if (i === 0) await expectAccessible(gareth);
		await gareth.getByLabel('Advice').check();
		// Helen declared a connection with Oakwood Academy: a case there is flagged.
		await gareth
			.getByLabel('School or setting involved')
			.fill(i === 0 ? 'Oakwood Academy' : 'Riverside Primary School');
		for (const criterion of caseworkCriteria)
			await gareth.getByRole('group', { name: criterion }).getByLabel('Good', { exact: true }).check();
		await gareth.getByLabel('Comment').fill('Options set out clearly and recorded factually.');
		await gareth.getByRole('button', { name: /^Save the review of/ }).click();
		await expect(gareth.getByText('Case review saved.')).toBeVisible();
	}
	await expect(gareth.getByText('Possible conflict')).toBeVisible();
	const sample = await share(gareth);

	// Helen sees all three on her home page, comments on one, and signs each off.
	const helen = await noScriptPage(browser);
	await signIn(helen, 'volunteer2@demo.test');
	await expect(
		helen.getByRole('link', { name: /Read and sign off \d+ supervision records shared with you/ })
	).toBeVisible();
	await expect(helen.getByRole('link', { name: `Agreed action: ${actionText}, due by 15 January 2099` })).toBeVisible();
	await helen.getByRole('link', { name: /Read and sign off/ }).click();
	await expect(helen.getByRole('heading', { name: 'Your supervision records' })).toBeVisible();
	await expectAccessible(helen);
	for (const record of [session, observation, sample]) {
		await helen.goto(record);
		if (record === session) {
			await expectAccessible(helen);
			await helen.getByLabel('Comment (optional)').fill('Agreed. I will read the guidance before my next visit.');
			await helen.getByRole('button', { name: 'Add comment' }).click();
			await expect(helen.getByText('Your comment has been added.')).toBeVisible();
		}
		await helen.getByRole('button', { name: 'I have read this record and sign it off' }).click();
		await expect(helen.getByText('Signed off. The record is now locked')).toBeVisible();
	}

	// A later correction is an addendum: the signed record reads as it was.
	await gareth.goto(session);
	await expect(gareth.getByRole('button', { name: 'Edit the draft' })).toHaveCount(0);
	await gareth.getByLabel('Correction or later note').fill('Correction: the session lasted 50 minutes, not 60.');
	await gareth.getByRole('button', { name: 'Add addendum' }).click();
	await expect(gareth.getByText('Addendum added beneath the record.')).toBeVisible();
	await expect(gareth.locator('.app-record-body')).toContainText('60 minutes');
	await expect(gareth.locator('.app-addendum')).toContainText('Correction: the session lasted 50 minutes');
	await expect(gareth.locator('.app-addendum')).toContainText('Addendum by Gareth Lloyd');
	await expect(gareth.getByText('Agreed. I will read the guidance before my next visit.')).toBeVisible();
	await expectAccessible(gareth);

	// Helen closes her action from her list of actions.
	await helen.goto('/supervision/actions');
	await expectAccessible(helen);
	await helen
		.getByRole('button', { name: new RegExp(`Mark as done\\s*: ${actionText.replace(/[()]/g, '\\$&')}`) })
		.click();
	await expect(helen.getByText('Action marked as done.')).toBeVisible();
});

test("supervision: a volunteer and a steering member cannot open a supervisee's records, by link or by address", async ({
	browser
}) => {
	const sam = await noScriptPage(browser, statePath('volunteer'));
	await sam.goto('/');
	await expect(sam.getByRole('link', { name: 'Supervision', exact: true })).toHaveCount(0);
	const claire = await noScriptPage(browser, statePath('steering'));
	await claire.goto('/');
	await expect(claire.getByRole('link', { name: /supervision/i })).toHaveCount(0);
	const response = await claire.goto('/supervision');
	expect(response?.status()).toBe(403);
});
