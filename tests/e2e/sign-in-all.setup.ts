// Signs in once as each demo role and keeps the session for the other tests.
import { expect, test as setup } from '@playwright/test';
import { emailOf, roles, signIn, statePath } from './support';

for (const role of roles) {
	setup(`sign in as ${role}`, async ({ page }) => {
		await signIn(page, emailOf(role));
		await expect(page.getByRole('heading', { level: 1 })).toContainText('Hello,');
		await page.context().storageState({ path: statePath(role) });
	});
}
