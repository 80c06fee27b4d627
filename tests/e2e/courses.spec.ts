import { expect, test } from '@playwright/test';
import { expectAccessible, noScriptPage, signIn, statePath } from './support';

test('course places: a steering member takes a held place, a volunteer is promoted off the waitlist, and attendance completes the course', async ({
	browser
}) => {
	// Claire (steering group) books one of the places held for the steering group.
	const claire = await noScriptPage(browser, statePath('steering'));
	await claire.goto('/courses');
	await expectAccessible(claire);
	await claire.getByRole('link', { name: 'Summer 2027' }).click();
	await expect(claire.getByText(/places are held for steering group members/)).toBeVisible();
	await expectAccessible(claire);
	await claire.getByRole('button', { name: 'Book a place' }).click();
	await expect(claire.getByText('Your place is booked.')).toBeVisible();
	await expect(claire.locator('.govuk-tag', { hasText: 'Booked' })).toBeVisible();

	// Sam (volunteer) finds Spring 2027 full and joins the waitlist behind Marcus.
	const sam = await noScriptPage(browser, statePath('volunteer'));
	await sam.goto('/courses');
	await sam.getByRole('link', { name: 'Spring 2027' }).click();
	// Before anything is sent, the page says the request joins the waitlist.
	await expect(sam.getByText('The cohort is full for you. Your request joins the waitlist')).toBeVisible();
	await sam.getByRole('button', { name: 'Join the waitlist' }).click();
	await expect(sam.getByText('you are on the waitlist')).toBeVisible();
	await expect(sam.getByText('On the waitlist (number 2)')).toBeVisible();
	await expectAccessible(sam);

	// Joanna cancels: Marcus, first on the waitlist, takes her place and Sam moves up.
	const joanna = await noScriptPage(browser, statePath('staff'));
	await joanna.goto('/courses');
	await joanna.getByRole('link', { name: 'Spring 2027' }).click();
	await joanna.getByRole('button', { name: 'Cancel my place' }).click();
	await expect(joanna.getByText('Your place is cancelled.')).toBeVisible();
	await sam.reload();
	await expect(sam.getByText('On the waitlist (number 1)')).toBeVisible();

	// Tom cancels too: the freed place goes to Sam, who is told by email (the outbox here).
	const tom = await noScriptPage(browser);
	await signIn(tom, 'volunteer3@demo.test');
	await tom.goto('/courses');
	await tom.getByRole('link', { name: 'Spring 2027' }).click();
	await tom.getByRole('button', { name: 'Cancel my place' }).click();
	await expect(tom.getByText('Your place is cancelled.')).toBeVisible();
	await sam.reload();
	await expect(sam.locator('.govuk-tag', { hasText: 'Booked' })).toBeVisible();
	const calendar = await sam.context().request.get(`${new URL(sam.url()).pathname}/calendar.ics`);
	expect(calendar.headers()['content-type']).toContain('text/calendar');
	expect((await calendar.text()).match(/BEGIN:VEVENT/g)).toHaveLength(4);

	// The coordinator removes Ama, giving a reason; the register shows who holds the places.
	const coordinator = await noScriptPage(browser, statePath('coordinator'));
	await coordinator.goto('/courses');
	await coordinator.getByRole('link', { name: 'Spring 2027' }).click();
	await coordinator.getByRole('link', { name: 'Register and attendance' }).click();
	await expect(coordinator.locator('tr', { hasText: 'Sam Whitfield' })).toBeVisible();
	await expect(coordinator.locator('tr', { hasText: 'Marcus Hale' })).toBeVisible();
	await expectAccessible(coordinator);
	await coordinator.getByRole('link', { name: 'Change place of Ama Mensah' }).click();
	await expectAccessible(coordinator);
	await coordinator.getByRole('button', { name: 'Remove from the cohort' }).click();
	await expect(coordinator.locator('.govuk-error-summary')).toContainText('Give a reason');
	await coordinator.getByLabel('Reason', { exact: true }).fill('Has moved to another service');
	await coordinator.getByRole('button', { name: 'Remove from the cohort' }).click();
	await expect(coordinator.getByText('Ama Mensah is removed from the cohort')).toBeVisible();
	await coordinator.goto('/outbox');
	await expect(coordinator.getByText('You have a place: Spring 2027').first()).toBeVisible();

	// Attendance: Joanna missed session 3 of Autumn 2026; marking her present completes the course.
	await coordinator.goto('/courses');
	await coordinator.getByRole('link', { name: 'Autumn 2026' }).click();
	await coordinator.getByRole('link', { name: 'Register and attendance' }).click();
	await coordinator.getByRole('link', { name: /^Session 3,/ }).click();
	await expectAccessible(coordinator);
	await coordinator.getByLabel('Attended: Joanna Pike', { exact: true }).check();
	await coordinator.getByRole('button', { name: 'Save attendance' }).click();
	await expect(coordinator.getByText('1 person has now completed the course')).toBeVisible();
	await joanna.goto('/induction');
	await expect(
		joanna.locator('.govuk-task-list__item', { hasText: 'Independent Parental Supporter (IPS) training course' })
	).toContainText('Completed');
	await expectAccessible(joanna);
});

test('a coordinator creates a cohort, with each problem shown beside its field', async ({ browser }) => {
	const coordinator = await noScriptPage(browser, statePath('coordinator'));
	await coordinator.goto('/courses');
	await coordinator.getByRole('link', { name: /Create a cohort/ }).click();
	await expectAccessible(coordinator);
	await coordinator.getByLabel('Name of the cohort').fill('Winter 2027');
	await coordinator.getByLabel('Number of places').fill('ten');
	await coordinator.getByRole('button', { name: 'Create the cohort' }).click();
	await expect(coordinator.locator('.govuk-error-summary')).toContainText('Enter the number of places as a number');
	await expect(coordinator.locator('.govuk-error-summary')).toContainText('Enter the date of session 1');
	await expect(coordinator.getByLabel('Name of the cohort')).toHaveValue('Winter 2027');
	await expectAccessible(coordinator);

	await coordinator.getByLabel('Number of places').fill('12');
	await coordinator.getByLabel('Places held for steering group members').fill('2');
	await coordinator.getByLabel('Held places are released to everyone after').fill('2027-10-01');
	await coordinator.getByLabel('Registration opens').fill('2027-09-01');
	await coordinator.getByLabel('Registration closes').fill('2027-10-15');
	for (let n = 1; n <= 4; n++) {
		const session = coordinator.getByRole('group', { name: `Session ${n}` });
		await session.getByLabel('Date').fill(`2027-11-0${n + 1}`);
		await session.getByLabel('Starts at').fill('09:30');
		await session.getByLabel('Ends at').fill('12:30');
		await session.getByLabel('Venue or online link').fill('Northshire Family Centre');
	}
	await coordinator.getByRole('button', { name: 'Create the cohort' }).click();
	await expect(coordinator.getByText('The cohort is created.')).toBeVisible();
	await expect(coordinator.getByRole('heading', { name: 'Winter 2027' })).toBeVisible();
	await expect(coordinator.getByText('2 November 2027, 09:30 to 12:30')).toBeVisible();
	await expect(
		coordinator.getByText(/2\s+places are held for steering group members until 1 October 2027/)
	).toBeVisible();
});
