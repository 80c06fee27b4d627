// What was tried from outside as a hostile user, and as a fault would, kept as tests: every one of
// these once stalled, crashed or fooled the service.
import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import net from 'node:net';
import { baseURL } from '../../playwright.config';
import { caseworkCriteria, expectAccessible, noScriptPage, openHelen, postForm, statePath } from './support';

const today = new Date().toISOString().slice(0, 10);
const run = 1000 + Math.floor(Math.random() * 8000);
const day = String(1 + (run % 28)).padStart(2, '0');
/** Draws a sample of Helen's cases for a period of this run's own, and returns the record's address. */
async function drawForHelen(page: Page, from: string, to: string, first: number) {
	await openHelen(page);
	await page.getByRole('button', { name: 'Start a casework sample' }).click();
	await page.getByLabel('Start of the period').fill(from);
	await page.getByLabel('End of the period').fill(to);
	await page.getByLabel('Case references').fill(Array.from({ length: 5 }, (_, i) => `NS-2024-${first + i}`).join('\n'));
	await page.getByRole('button', { name: 'Draw 3 cases' }).click();
	await expect(page.getByText('3 of the 5 left were drawn at random')).toBeVisible();
	return page.url().split('?')[0]!;
}

async function reviewCase(page: Page, name: RegExp, comment: string) {
	await page.getByRole('link', { name }).first().click();
	await page.getByLabel('Advice').check();
	await page.getByLabel('School or setting involved').fill('None');
	for (const criterion of caseworkCriteria)
		await page.getByRole('group', { name: criterion }).getByLabel('Good', { exact: true }).check();
	await page.getByLabel('Comment').fill(comment);
	await page.getByRole('button', { name: /^Save the review of/ }).click();
}

test('a case review refused because the sample was shared meanwhile comes back with its message and everything typed, without JavaScript', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const gareth = await noScriptPage(browser, statePath('supervisor'));
	const elsewhere = await noScriptPage(browser, statePath('supervisor'));
	const sample = await drawForHelen(gareth, `2024-01-${day}`, '2024-12-31', run);
	for (let i = 0; i < 3; i++) {
		await reviewCase(gareth, /^Review case NS-2024-/, 'Options set out clearly.');
		await expect(gareth.getByText('Case review saved.')).toBeVisible();
	}
	// The review page is open in one tab while the sample is shared from another.
	await gareth
		.getByRole('link', { name: /^Change case NS-2024-/ })
		.first()
		.click();
	await elsewhere.goto(sample);
	await elsewhere.getByRole('button', { name: 'Share with Helen Okafor' }).click();
	await expect(elsewhere.getByText('Shared. They have been told')).toBeVisible();

	const typed = 'A longer note typed after the sample was shared, which must not be lost.';
	await gareth.getByLabel('Comment').fill(typed);
	await gareth.getByLabel('School or setting involved').fill('Riverside Primary School');
	const [response] = await Promise.all([
		gareth.waitForResponse((r) => r.request().method() === 'POST'),
		gareth.getByRole('button', { name: /^Save the review of/ }).click()
	]);
	expect(response.status()).toBe(409);
	await expect(gareth.locator('.govuk-error-summary')).toContainText(
		'This record has been shared, so it can no longer be edited. Add an addendum instead.'
	);
	await expect(gareth.getByLabel('Comment')).toHaveValue(typed);
	await expect(gareth.getByLabel('School or setting involved')).toHaveValue('Riverside Primary School');
	await expectAccessible(gareth);
	// And the shared sample's review stands as it was.
	await gareth.goto(sample);
	await expect(gareth.getByText(typed)).toHaveCount(0);
	await gareth.context().close();
	await elsewhere.context().close();
});

test('a draft saved after it was shared elsewhere comes back with its message and everything typed, without JavaScript', async ({
	browser
}) => {
	const gareth = await noScriptPage(browser, statePath('supervisor'));
	const elsewhere = await noScriptPage(browser, statePath('supervisor'));
	await openHelen(gareth);
	await gareth.getByRole('button', { name: 'Record a supervision session' }).click();
	await gareth.getByLabel('Date of the session').fill(today);
	await gareth.getByLabel('Length in minutes').fill('45');
	await gareth.getByLabel('Agenda').fill('Caseload');
	await gareth.getByLabel('Discussion').fill('Talked through NS-2026-0142.');
	await gareth.getByLabel('Reflection on impartiality').fill('Kept to the options.');
	await gareth.getByRole('button', { name: 'Save as draft' }).click();
	await expect(gareth.getByText('Draft saved.')).toBeVisible();
	const record = gareth.url().split('?')[0]!;
	await gareth.getByRole('button', { name: 'Edit the draft' }).click();
	await elsewhere.goto(record);
	await elsewhere.getByRole('button', { name: 'Share with Helen Okafor' }).click();
	await expect(elsewhere.getByText('Shared. They have been told')).toBeVisible();

	const typed = 'Rewritten after sharing: this text must come back to be copied into an addendum.';
	await gareth.getByLabel('Discussion').fill(typed);
	await gareth.getByRole('button', { name: 'Save the draft' }).click();
	await expect(gareth.locator('.govuk-error-summary')).toContainText(
		'This record has been shared, so it can no longer be edited. Add an addendum instead.'
	);
	await expect(gareth.getByLabel('Discussion')).toHaveValue(typed);
	await gareth.context().close();
	await elsewhere.context().close();
});

test('a casework sample drawn twice for the same period, or ten times at once, is drawn once and shown each time', async ({
	browser
}) => {
	const first = await noScriptPage(browser, statePath('supervisor'));
	const second = await noScriptPage(browser, statePath('supervisor'));
	// The same form filled in two tabs (a double click, a retry) and sent one after the other.
	for (const page of [first, second]) {
		await openHelen(page);
		await page.getByRole('button', { name: 'Start a casework sample' }).click();
		await page.getByLabel('Start of the period').fill(`2023-01-${day}`);
		await page.getByLabel('End of the period').fill('2023-12-31');
		await page.getByLabel('Case references').fill(Array.from({ length: 6 }, (_, i) => `NS-2023-${run + i}`).join('\n'));
	}
	await first.getByRole('button', { name: 'Draw 3 cases' }).click();
	await expect(first.getByText('Draft saved.')).toBeVisible();
	await second.getByRole('button', { name: 'Draw 3 cases' }).click();
	await expect(second.getByText('A sample for this period had already been drawn')).toBeVisible();
	expect(second.url().split('?')[0]).toBe(first.url().split('?')[0]);
	await expectAccessible(second);

	const supervisor = await playwrightRequest.newContext({ baseURL, storageState: statePath('supervisor') });
	await openHelen(first);
	const helen = /\/supervision\/people\/([0-9a-f-]{36})/.exec(first.url())![1]!;
	const form = {
		periodFrom: `2022-01-${day}`,
		periodTo: '2022-12-31',
		caseReferences: Array.from({ length: 8 }, (_, i) => `NS-2022-${run + i}`).join('\n')
	};
	const responses = await Promise.all(
		Array.from({ length: 10 }, () => postForm(supervisor, `/supervision/people/${helen}/sample`, form))
	);
	const places = new Set(responses.map((r) => r.headers()['location']?.split('?')[0]));
	expect(responses.map((r) => r.status())).toEqual(Array(10).fill(303));
	expect(places.size).toBe(1);
	expect(responses.filter((r) => r.headers()['location']?.endsWith('done=created'))).toHaveLength(1);
	await supervisor.dispose();
	await first.context().close();
	await second.context().close();
});

test('signing in goes back only to a path on this site, and never answers 500 to a strange address', async () => {
	const signedIn = await playwrightRequest.newContext({ baseURL, storageState: statePath('supervisor') });
	for (const next of [
		'/\t/evil.example',
		'/\r\n/evil.example',
		'/\n/evil.example',
		'/\u3000/evil.example',
		'/\u00A0/evil.example',
		'/\u200B/evil.example',
		'//evil.example',
		'/\\evil.example',
		'/.//evil.example',
		'/%2e//evil.example',
		'https://evil.example/',
		'/people\u0000'
	]) {
		const response = await signedIn.get(`/sign-in?next=${encodeURIComponent(next)}`, { maxRedirects: 0 });
		expect(response.status(), JSON.stringify(next)).toBe(303);
		expect(response.headers()['location'], JSON.stringify(next)).toBe('/');
	}
	const fine = await signedIn.get(`/sign-in?next=${encodeURIComponent('/people?role=staff')}`, { maxRedirects: 0 });
	expect(fine.headers()['location']).toBe('/people?role=staff');
	await signedIn.dispose();
});

test('bad input gets a message, never a server error', async ({ browser, request }) => {
	// A form sent as text/plain (as another site's form may be) or broken multipart.
	const plain = await request.post('/sign-in', {
		data: 'email=a&password=b',
		headers: { 'Content-Type': 'text/plain', Origin: baseURL, Accept: 'text/html' },
		maxRedirects: 0
	});
	expect(plain.status()).toBe(415);
	expect(await plain.text()).toContain('The service could not read what was sent, so nothing was saved.');
	const broken = await request.post('/forgotten-password', {
		data: 'not multipart at all',
		headers: { 'Content-Type': 'multipart/form-data; boundary=x', Origin: baseURL, Accept: 'text/html' },
		maxRedirects: 0
	});
	expect(broken.status()).toBe(400);
	expect(await broken.text()).toContain('The form arrived damaged, so nothing was saved.');

	// A null byte, or another control character, in the sign-in email.
	for (const control of ['\u0000', '\u0001', '\u001b']) {
		const response = await postForm(request, '/sign-in', { email: `volunteer@demo.test${control}`, password: 'x' });
		expect(response.status()).toBe(400);
		expect(await response.text()).toContain('Email address contains a hidden control character');
	}

	// Numbers from the address far out of range.
	const coordinator = await playwrightRequest.newContext({ baseURL, storageState: statePath('coordinator') });
	for (const path of [
		'/people?page=1e309',
		'/people?page=12345678901234567890',
		'/audit?page=1e309',
		'/audit?person=a%00b',
		'/audit?from=2026-02-30',
		'/supervision?page=1e309',
		'/supervision?page=-1',
		'/policies/impartiality-policy/compliance?page=1e309',
		'/reports?from=0000-01-01&to=2026-01-01'
	])
		expect((await coordinator.get(path)).status(), path).toBeLessThan(500);
	await coordinator.dispose();

	// An impossible date is "not a real date", never moved to another day.
	const priya = await noScriptPage(browser, statePath('coordinator'));
	await priya.goto('/policies/impartiality-policy/compliance/record');
	await priya.getByLabel('Their email address').fill('volunteer@demo.test');
	await priya.getByLabel('Date they acknowledged it').fill('2026-02-30');
	await priya.getByLabel('How it was acknowledged').fill('Paper copy signed at the team meeting');
	await priya.getByRole('button', { name: 'Record acknowledgement' }).click();
	await expect(priya.locator('.govuk-error-summary')).toContainText('Enter a real date');
	await expect(priya.getByLabel('Date they acknowledged it')).toHaveValue('2026-02-30');
	await expect(priya.getByLabel('How it was acknowledged')).toHaveValue('Paper copy signed at the team meeting');
	await expectAccessible(priya);
	await priya.context().close();
});

test('thirty wrong passwords at once for one account are five checked and twenty-five refused', async () => {
	const anyone = await playwrightRequest.newContext({ baseURL });
	const email = `raced-${run}@demo.test`;
	const responses = await Promise.all(
		Array.from({ length: 30 }, (_, i) =>
			postForm(anyone, '/sign-in', { email, password: `guess ${i}` }, { 'X-Forwarded-For': `10.77.${i}.${run % 250}` })
		)
	);
	const statuses = responses.map((r) => r.status()).sort();
	expect(statuses).toEqual([...Array(5).fill(400), ...Array(25).fill(429)]);
	await anyone.dispose();
});

test('no report figure or CSV gives a count a person could be picked out from', async () => {
	const steering = await playwrightRequest.newContext({ baseURL, storageState: statePath('steering') });
	const csv = await (await steering.get('/reports/all.csv')).text();
	for (const line of csv.split('\n').slice(1)) {
		if (line.startsWith('Places offered')) continue;
		for (const cell of line.split(',').slice(1)) {
			if (/^\d+$/.test(cell)) expect(Number(cell) % 5, line).toBe(0);
			expect(cell, line).not.toMatch(/^[1-4]$/);
		}
	}
	await steering.dispose();
});

test('a server whose database is not there yet answers 503, waits, and serves once it is', async () => {
	test.setTimeout(120_000);
	const free = () =>
		new Promise<number>((resolve) => {
			const probe = net.createServer().listen(0, '127.0.0.1', () => {
				const { port } = probe.address() as net.AddressInfo;
				probe.close(() => resolve(port));
			});
		});
	const [appPort, databasePort] = [await free(), await free()];
	const target = process.env.TEST_DATABASE_URL ? new URL(process.env.TEST_DATABASE_URL) : null;
	// A database of its own on that server, reached through a port where nothing answers yet.
	const name = `impartial_e2e_${randomBytes(6).toString('hex')}`;
	const admin = async (text: string) => {
		const client = new pg.Client({ connectionString: target!.toString() });
		await client.connect();
		await client.query(text).finally(() => client.end());
	};
	if (target) await admin(`create database ${name}`);
	const url = new URL(target?.toString() ?? 'postgres://postgres@127.0.0.1/test');
	url.hostname = '127.0.0.1';
	url.port = String(databasePort);
	url.pathname = `/${name}`;
	const server = spawn(process.execPath, ['build'], {
		env: { ...process.env, PORT: String(appPort), ORIGIN: `http://localhost:${appPort}`, DATABASE_URL: url.toString() },
		stdio: ['ignore', 'ignore', 'pipe']
	});
	let proxy: net.Server | undefined;
	try {
		const app = `http://localhost:${appPort}`;
		await expect
			.poll(async () => (await fetch(`${app}/healthz`).catch(() => null))?.status, { timeout: 30_000 })
			.toBe(503);
		expect((await fetch(`${app}/sign-in`)).status).toBe(503);
		test.skip(!target, 'bringing the database up needs TEST_DATABASE_URL');
		// The database comes up: connections to its port now reach the PostgreSQL server.
		proxy = net
			.createServer((socket) => {
				const upstream = net.connect(Number(target!.port || 5432), target!.hostname);
				socket.pipe(upstream).pipe(socket);
				socket.on('error', () => upstream.destroy());
				upstream.on('error', () => socket.destroy());
			})
			.listen(databasePort, '127.0.0.1');
		await expect
			.poll(async () => (await fetch(`${app}/healthz`).catch(() => null))?.status, { timeout: 90_000 })
			.toBe(200);
		expect((await fetch(`${app}/sign-in`)).status).toBe(200);
	} finally {
		server.kill('SIGTERM');
		await new Promise((resolve) => server.once('exit', resolve));
		await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
		if (target) await admin(`drop database if exists ${name} with (force)`);
	}
});
