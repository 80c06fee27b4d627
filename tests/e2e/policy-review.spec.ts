// The steering group reviews a policy draft: a coordinator edits the Impartiality Policy and sends
// the draft to a member; she finds it on her home page, reads what changed and the draft as readers
// will see it, and comments, by keyboard and without JavaScript; the coordinator publishes it with
// the review recorded, and the policy page says when it was last reviewed.
import { expect, test } from '@playwright/test';
import { expectAccessible, noScriptPage, pressWithKeyboard, statePath, tabTo } from './support';

test('a policy draft is sent to a steering member, commented on, and published with its review recorded', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const sentence = `Our steering group reads every change to this policy ${Date.now()}.`;
	const day = (offset: number) => new Date(Date.now() + offset * 86_400_000);
	const iso = (d: Date) => d.toISOString().slice(0, 10);
	const [yesterday, nextWeek] = [day(-1), day(7)];
	const coordinator = await noScriptPage(browser, statePath('coordinator'));
	await coordinator.goto('/content/policies/impartiality-policy');
	const text = coordinator.getByLabel('Text', { exact: true });
	await text.fill((await text.inputValue()).replace(/\n## /, `\n${sentence}\n\n## `));
	await coordinator.getByRole('button', { name: 'Save draft' }).click();
	await expect(coordinator.getByText('The draft is saved.')).toBeVisible();

	await coordinator.getByRole('link', { name: 'Send it to the steering group for review' }).click();
	await expect(
		coordinator.getByRole('heading', { level: 1, name: 'Steering group review of the Impartiality Policy' })
	).toBeVisible();
	await expectAccessible(coordinator);
	await coordinator.getByRole('button', { name: 'Send for review' }).click();
	await expect(coordinator.locator('.govuk-error-summary')).toContainText(
		'Choose at least one member of the steering group'
	);
	await expectAccessible(coordinator);
	await coordinator.getByLabel('Claire Dunmore').check();
	await coordinator.getByRole('button', { name: 'Send for review' }).click();
	await expect(coordinator.getByText('The draft is sent to 1 member of the steering group.')).toBeVisible();
	await expect(coordinator.locator('main')).toContainText('Claire Dunmore: no comment yet');
	await expectAccessible(coordinator);

	// Claire finds it on her home page and reads it with the keyboard alone.
	const claire = await noScriptPage(browser, statePath('steering'));
	await claire.goto('/');
	await pressWithKeyboard(
		claire,
		claire.getByRole('link', { name: 'Review the draft of the Impartiality Policy for the steering group' })
	);
	await expect(
		claire.getByRole('heading', { level: 1, name: 'Review the draft of the Impartiality Policy' })
	).toBeVisible();
	await expect(claire.locator('.app-diff ins')).toContainText(sentence);
	await expect(claire.locator('.app-preview')).toContainText(sentence);
	await expectAccessible(claire);
	const send = claire.getByRole('button', { name: 'Send your comments' });
	await pressWithKeyboard(claire, send);
	await expect(claire.locator('.govuk-error-summary')).toContainText('Say whether you approve the draft');
	await expectAccessible(claire);
	await tabTo(claire, claire.getByLabel('Yes, I approve it'));
	await claire.keyboard.press('Space');
	await tabTo(claire, claire.getByLabel('Your comments'));
	await claire.keyboard.type('Fair to families and to the local authority.');
	await pressWithKeyboard(claire, send);
	await expect(claire.getByText('Your comment is recorded.')).toBeVisible();
	await expect(claire.locator('.app-review-comments')).toContainText('Fair to families and to the local authority.');
	await expect(claire.locator('.app-review-comments')).toContainText('Approves');
	await expectAccessible(claire);
	await claire.goto('/policy-reviews');
	await expect(claire.getByRole('link', { name: 'Impartiality Policy' })).toBeVisible();
	await expectAccessible(claire);
	// She reads only what was sent to her: the editor stays closed to her.
	expect((await claire.goto('/content/policies/impartiality-policy'))?.status()).toBe(403);

	// She was told by email: with no mail server set, the message waits in the outbox.
	await coordinator.goto('/outbox');
	await expect(coordinator.getByText('A policy draft to review: Impartiality Policy').first()).toBeVisible();

	// The coordinator publishes it with the review recorded; a date in the future is refused.
	await coordinator.goto('/content/policies/impartiality-policy/publish');
	await expect(coordinator.locator('.app-review-comments')).toContainText('Claire Dunmore');
	await expect(coordinator.locator('.app-review-comments')).toContainText('Fair to families');
	await coordinator.getByLabel(/^Minor/).check();
	await coordinator.getByLabel('What changed', { exact: true }).fill('A sentence on the steering group’s review.');
	const reviewedOn = coordinator.getByLabel('Reviewed and approved by the steering group on');
	await reviewedOn.fill(iso(nextWeek));
	await coordinator.getByRole('button', { name: 'Publish' }).click();
	await expect(coordinator.locator('.govuk-error-summary')).toContainText(
		'The date the steering group approved it must be today or in the past'
	);
	await expect(reviewedOn).toHaveValue(iso(nextWeek));
	await expectAccessible(coordinator);
	await reviewedOn.fill(iso(yesterday));
	await coordinator.getByRole('button', { name: 'Publish' }).click();
	await expect(coordinator.getByText('The change is published.')).toBeVisible();

	await coordinator.goto('/policies/impartiality-policy');
	await expect(coordinator.locator('.app-policy-review')).toContainText(
		`Reviewed and approved by the steering group on ${yesterday.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })}`
	);
	await expect(coordinator.locator('.app-policy-review')).toContainText('Next review due');
	await expect(coordinator.locator('article')).toContainText(sentence);
	await expectAccessible(coordinator);

	// Once published, the draft is no longer Claire's to review.
	await claire.goto('/');
	await expect(
		claire.getByRole('link', { name: 'Review the draft of the Impartiality Policy for the steering group' })
	).toHaveCount(0);
	await coordinator.context().close();
	await claire.context().close();
});
