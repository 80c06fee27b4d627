// Each role's main task from signing in to its end, by keyboard alone: Tab, Shift+Tab, Enter,
// Space and the arrow keys, and typing where there is something to type. JavaScript is on, so
// GOV.UK Frontend's enhancements (error summaries taking focus, Space on button links, the folded
// menu) are part of every journey.
import { expect, request as playwrightRequest, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { baseURL } from '../../playwright.config';
import { dropRefusalNotice, newPerson, postForm, statePath, watchConsole, type ConsoleProblem } from './support';

type Key = 'Tab' | 'Shift+Tab' | 'Enter' | 'Space' | 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight';

/** The only ways these journeys touch the page: the keys above, and typing text. */
class Keyboard {
	readonly problems: ConsoleProblem[];
	/** Every element that had focus, in order, as `tag: text`. */
	readonly focusTrail: string[] = [];

	constructor(readonly page: Page) {
		this.problems = watchConsole(page);
	}

	press(key: Key) {
		return this.page.keyboard.press(key);
	}

	type(text: string) {
		return this.page.keyboard.type(text);
	}

	/** Tabs (or Shift+Tabs) until `target` has focus, as someone looking for it would. */
	async tabTo(target: Locator, key: 'Tab' | 'Shift+Tab' = 'Tab') {
		for (let presses = 0; presses < 150; presses++) {
			if (await target.evaluate((el) => el === document.activeElement)) return;
			await this.press(key);
			this.focusTrail.push(await this.page.evaluate(() => describe(document.activeElement)));
		}
		throw new Error(`${key} never reached ${target}`);
	}

	/** Tabs to a link or button and follows it with Enter (or Space) to the page it loads. */
	async follow(target: Locator, key: 'Enter' | 'Space' = 'Enter') {
		await this.tabTo(target);
		const loaded = this.page.waitForEvent('load');
		await this.press(key);
		await loaded;
	}

	/** Tabs to a field and types into it. */
	async fill(field: Locator, text: string, key: 'Tab' | 'Shift+Tab' = 'Tab') {
		await this.tabTo(field, key);
		await this.type(text);
	}
}

// Run in the page to name what has focus.
declare function describe(el: Element | null): string;
const describeFocus = `window.describe = (el) => el ? el.tagName.toLowerCase() + (el.closest('article') ? ' in article' : '') + (el.closest('.app-contents') ? ' in contents' : '') + ': ' + (el.textContent || '').trim().slice(0, 40) : 'nothing'`;

async function keyboardPage(page: Page, width = 1280) {
	await page.setViewportSize({ width, height: 800 });
	await page.addInitScript(describeFocus);
	return new Keyboard(page);
}

const menu = (page: Page) => page.getByRole('navigation', { name: 'Menu' });

/** From the home page: the Sign in button (Space), then email, password and Enter. */
async function signIn(kb: Keyboard, email: string, password = 'demo-password') {
	const { page } = kb;
	await page.goto('/');
	await kb.follow(page.getByRole('button', { name: 'Sign in' }), 'Space');
	await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
	await kb.fill(page.getByLabel('Email address'), email);
	await kb.fill(page.getByLabel('Password', { exact: true }), password);
	await kb.press('Enter');
	await expect(page.getByRole('heading', { name: /^Hello, / })).toBeVisible();
}

/** Follows a menu link; on a small screen the menu is opened first, with its button. */
async function openFromMenu(kb: Keyboard, name: string) {
	const toggle = kb.page.getByRole('button', { name: 'Menu' });
	if (await toggle.isVisible()) {
		await kb.tabTo(toggle);
		await kb.press('Enter');
		await expect(toggle).toHaveAttribute('aria-expanded', 'true');
	}
	await kb.follow(menu(kb.page).getByRole('link', { name, exact: true }));
}

/**
 * The error summary has focus, and its first link takes focus to the field it names without
 * changing the address. The browser reports the refused form's status (400) in the console: that
 * notice, and only that, is expected here.
 */
async function expectErrorSummary(kb: Keyboard) {
	const { page } = kb;
	const summary = page.locator('.govuk-error-summary');
	await expect(summary).toBeFocused();
	await expect(page).toHaveTitle(/^Error: /);
	const address = page.url();
	dropRefusalNotice(kb.problems, address);
	const first = summary.getByRole('link').first();
	await kb.press('Tab');
	await expect(first).toBeFocused();
	await kb.press('Enter');
	await expect(page.locator((await first.getAttribute('href'))!)).toBeFocused();
	expect(page.url()).toBe(address);
}

/** The right answers to each step of a quiz, by the step's title, read from its content file. */
function rightAnswers(quiz: string): Map<string, string[]> {
	const answers = new Map<string, string[]>();
	let step = '';
	for (const line of readFileSync(`content/quizzes/${quiz}.md`, 'utf8').split('\n')) {
		const heading = /^#{2,3} (.+?) \{#[\w-]+\}\s*$/.exec(line);
		if (heading) answers.set((step = heading[1]!), []);
		const right = /^- \[x\] (.+)$/.exec(line);
		if (right) answers.get(step)!.push(plain(right[1]!));
	}
	return answers;
}

const plain = (text: string) =>
	text.replace(/[*_`]/g, '').replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim().toLowerCase();

/** Answers the question on the page with the arrow keys (radios) or Space (checkboxes). */
async function answer(kb: Keyboard, right: string[]) {
	const { page } = kb;
	const inputs = page.locator('input[name="answer"]');
	const labels = await inputs.evaluateAll((all) => all.map((i) => (i as HTMLInputElement).labels![0]!.textContent!));
	const isRight = (label: string) => right.some((r) => plain(label).startsWith(r.slice(0, 40)));
	expect(labels.filter(isRight), 'the right answers are on the page').toHaveLength(right.length);
	if ((await inputs.first().getAttribute('type')) === 'checkbox') {
		for (const [i, label] of labels.entries()) {
			if (!isRight(label)) continue;
			await kb.tabTo(inputs.nth(i));
			await kb.press('Space');
		}
		return;
	}
	// Radios: Tab reaches the group, Space chooses the first, and each arrow moves the choice on.
	await kb.tabTo(inputs.first());
	await kb.press('Space');
	for (let i = 0; !isRight(labels[i]!); i++) await kb.press('ArrowDown');
	await expect(inputs.and(page.locator(':checked'))).toHaveCount(1);
}

/** The contents of a long document are reached by Tab before anything in the document itself. */
function expectContentsFirst(kb: Keyboard, from: number) {
	const trail = kb.focusTrail.slice(from);
	const contents = trail.findIndex((f) => f.includes(' in contents'));
	const article = trail.findIndex((f) => f.includes(' in article'));
	expect(contents, 'a contents link is reached').toBeGreaterThanOrEqual(0);
	if (article >= 0) expect(contents, 'the contents come before the text').toBeLessThan(article);
}

test('volunteer, on a 320 px screen: signs in, opens the induction from the menu, reads a module and passes its quiz', async ({
	page
}) => {
	test.setTimeout(180_000);
	const password = 'kettle lantern orchard';
	const email = await newPerson('volunteer', 'Kit Keyboard', password);
	const kb = await keyboardPage(page, 320);
	await signIn(kb, email, password);

	await openFromMenu(kb, 'Induction');
	await expect(page.getByRole('heading', { name: 'Your induction' })).toBeVisible();
	await kb.follow(page.getByRole('link', { name: 'What impartiality means and why the service exists' }));
	const trailStart = kb.focusTrail.length;
	await kb.follow(page.getByRole('button', { name: 'Take the quiz' }), 'Space');
	expectContentsFirst(kb, trailStart);
	await kb.follow(page.getByRole('button', { name: 'Start the quiz' }));

	const answers = rightAnswers('impartiality-basics');
	const titles: string[] = [];
	for (let question = 1; /\/questions\/\d+$/.test(page.url()); question++) {
		const save = page.getByRole('button', { name: /^Save and / });
		if (question === 1) {
			// Saving without an answer: the error summary takes focus, and its link leads to the answer.
			await kb.follow(save);
			await expectErrorSummary(kb);
			await expect(page.locator('#answer')).toBeFocused();
		}
		titles.push((await page.title()).replace(/^Error: /, ''));
		const step = (await page.locator('legend .govuk-visually-hidden').textContent())!.replace(/:\s*$/, '').trim();
		await answer(kb, answers.get(step)!);
		await kb.follow(save);
		expect(page.url(), 'no #fragment is carried to the next page').not.toContain('#');
	}
	expect(new Set(titles).size, `every question has a title of its own: ${titles.join(' | ')}`).toBe(titles.length);
	await expect(page.getByRole('heading', { name: 'Check and submit your answers' })).toBeVisible();
	await kb.follow(page.getByRole('button', { name: 'Submit your answers' }));
	await expect(page.getByRole('heading', { name: 'You passed' })).toBeVisible();

	await openFromMenu(kb, 'Induction');
	await expect(
		page.locator('.govuk-task-list__item', { hasText: 'What impartiality means' }).locator('.govuk-task-list__status')
	).toHaveText('Completed');
	expect(kb.problems).toEqual([]);
});

test('staff: signs in, reads the Impartiality Policy from the menu and acknowledges it', async ({ page }) => {
	const password = 'orchard kettle lantern';
	const email = await newPerson('staff', 'Sol Keyboard', password);
	const kb = await keyboardPage(page);
	await signIn(kb, email, password);

	await openFromMenu(kb, 'Policies');
	const trailStart = kb.focusTrail.length;
	await kb.follow(page.getByRole('link', { name: 'Impartiality Policy' }));
	const confirm = page.getByRole('button', { name: 'Confirm' });
	await kb.follow(confirm);
	expectContentsFirst(kb, trailStart);
	const understood = page.getByLabel(/^I have read and understood the Impartiality Policy/);
	await expectErrorSummary(kb);
	await expect(understood).toBeFocused();
	await kb.press('Space');
	await expect(understood).toBeChecked();
	await kb.follow(confirm);
	await expect(
		page.getByText(/Your acknowledgement of the Impartiality Policy \(version \d+\) is recorded/)
	).toBeVisible();
	expect(kb.problems).toEqual([]);
});

test('supervisor: signs in, finds a supervisee from the menu, records a supervision session and shares it', async ({
	page
}) => {
	test.setTimeout(120_000);
	const kb = await keyboardPage(page);
	await signIn(kb, 'supervisor@demo.test');

	await openFromMenu(kb, 'Supervision');
	await kb.follow(page.getByRole('link', { name: 'Helen Okafor' }));
	await kb.follow(page.getByRole('button', { name: 'Record a supervision session' }), 'Space');
	const save = page.getByRole('button', { name: 'Save as draft' });
	await kb.follow(save);
	await expectErrorSummary(kb);
	await kb.fill(page.getByLabel('Date of the session'), new Date().toISOString().slice(0, 10));
	await kb.fill(page.getByLabel('Length in minutes'), '50');
	await kb.fill(page.getByLabel('Agenda'), 'Caseload, and a tribunal hearing next month');
	await kb.fill(page.getByLabel('Discussion'), 'Went through the new enquiries and how each was recorded.');
	await kb.fill(
		page.getByLabel('Reflection on impartiality'),
		'A parent asked which school to choose; the options were set out and the choice left with them.'
	);
	await kb.follow(save);
	await expect(page.getByRole('heading', { name: 'Supervision session' })).toBeVisible();
	await kb.follow(page.getByRole('button', { name: 'Share with Helen Okafor' }));
	await expect(page.getByText('Shared. They have been told')).toBeVisible();
	expect(kb.problems).toEqual([]);
});

test('coordinator: signs in, opens People from the menu and invites someone', async ({ page }) => {
	const kb = await keyboardPage(page);
	await signIn(kb, 'coordinator@demo.test');

	await openFromMenu(kb, 'People');
	await kb.follow(page.getByRole('button', { name: 'Invite someone' }), 'Space');
	const send = page.getByRole('button', { name: 'Send invitation' });
	await kb.follow(send);
	await expectErrorSummary(kb);
	// The summary leads to the first problem it lists; the form is filled in from its top.
	await kb.fill(page.getByLabel('Full name'), 'Ola Keyboard', 'Shift+Tab');
	await kb.fill(page.getByLabel('Email address'), `ola-keyboard-${Date.now()}@demo.test`);
	await kb.tabTo(page.getByLabel('Volunteer (IPS)', { exact: true }));
	await kb.press('Space');
	const supervisor = page.getByLabel('Named supervisor');
	await kb.tabTo(supervisor);
	await kb.press('ArrowDown');
	await expect(supervisor).not.toHaveValue('');
	await kb.follow(send);
	await expect(page.getByRole('heading', { name: 'Invitation created' })).toBeVisible();
	await expect(page.getByText('for Ola Keyboard')).toBeVisible();
	expect(kb.problems).toEqual([]);
});

test('steering group member: signs in, finds a cohort of the IPS course from the menu and books a place', async ({
	page
}) => {
	// A cohort open for places, made for this test so that no other test has filled it.
	const title = `Keyboard cohort ${Date.now()}`;
	const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
	const coordinator = await playwrightRequest.newContext({
		baseURL,
		storageState: statePath('coordinator'),
		extraHTTPHeaders: { 'X-Forwarded-For': '127.0.0.1' }
	});
	const sessions = Object.fromEntries(
		[1, 2, 3, 4].flatMap((n) => [
			[`session${n}Date`, day(40 + n)],
			[`session${n}Start`, '09:30'],
			[`session${n}End`, '12:30'],
			[`session${n}Venue`, 'Northshire Family Centre']
		])
	);
	const created = await postForm(coordinator, '/courses/cohorts/new?course=ips-course', {
		title,
		capacity: '10',
		steeringPlaces: '0',
		steeringHoldUntil: '',
		registrationOpens: day(-1),
		registrationCloses: day(30),
		...sessions
	});
	expect(created.status(), 'the cohort is created').toBe(303);
	await coordinator.dispose();

	const kb = await keyboardPage(page);
	await signIn(kb, 'steering@demo.test');
	await openFromMenu(kb, 'Courses');
	await kb.follow(page.getByRole('link', { name: title }));
	await kb.follow(page.getByRole('button', { name: 'Book a place' }));
	await expect(page.getByText('Your place is booked.')).toBeVisible();
	expect(kb.problems).toEqual([]);
});
