import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import { loadServiceConfig, type ServiceConfig } from '../content/service';
import type { Policy } from '../content/policies';
import { sendPolicyReminders } from './reminders';
import { closeMail } from '../mail';
import { startSmtpServer, type TestSmtpServer } from '../mail/testing';

const service = loadServiceConfig('content').service as ServiceConfig;
const policy: Policy = {
	slug: 'impartiality-policy',
	versions: [
		{
			slug: 'impartiality-policy',
			file: 'content/policies/impartiality-policy/1.md',
			title: 'Impartiality Policy',
			version: 1,
			effective: '2026-01-01',
			nextReview: '2027-01-01',
			audiences: ['volunteer', 'staff'],
			major: true,
			changes: 'First version.',
			hash: 'h1',
			markdown: 'Text',
			html: '<p>Text</p>',
			sections: []
		}
	]
};
const content = { policies: [policy], service };
const at = (iso: string) => new Date(`${iso}T09:00:00Z`);

describe.each(testDatabaseKinds)('policy reminders on %s', (kind) => {
	let test: TestDatabase;
	let smtp: TestSmtpServer;

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		smtp = await startSmtpServer();
		process.env.SMTP_URL = smtp.url;
		const [supervisor] = await test.db
			.insertInto('person')
			.values({
				email: 'sup@example.org',
				name: 'Sam Supervisor',
				roles: ['supervisor'],
				status: 'active',
				activatedAt: at('2025-01-01')
			})
			.returning('id')
			.execute();
		// Joined on 1 March 2026: due within 28 days, by 29 March.
		await test.db
			.insertInto('person')
			.values({
				email: 'vol@example.org',
				name: 'Val Volunteer',
				roles: ['volunteer'],
				status: 'active',
				supervisorId: supervisor!.id,
				activatedAt: new Date('2026-03-01T00:00:00Z')
			})
			.execute();
	});
	afterAll(async () => {
		delete process.env.SMTP_URL;
		await closeMail();
		await smtp.close();
		await test.close();
	});

	const run = (iso: string) => sendPolicyReminders(test.db, content, 'https://training.example.org', at(iso));

	it('reminds before the due date, once, however often it runs', async () => {
		expect(await run('2026-03-20')).toMatchObject({ emails: 1, reminders: 1 });
		expect(await run('2026-03-20')).toMatchObject({ emails: 0, reminders: 0 });
		// Next day: the "before" reminder was already sent; nothing until the due date.
		expect(await run('2026-03-21')).toMatchObject({ emails: 0 });
		expect(smtp.received).toHaveLength(1);
		expect(smtp.received[0]!.to).toEqual(['vol@example.org']);
		expect(smtp.received[0]!.text).toContain(
			'Please read and acknowledge the Impartiality Policy (version 1) by 29 March 2026.'
		);
	});

	it('reminds on the day, then weekly while overdue, copying the supervisor once', async () => {
		await run('2026-03-29');
		expect(smtp.received.at(-1)!.text).toContain('is due today');
		await run('2026-04-01'); // overdue, but within the first week: no new reminder
		await run('2026-04-06'); // a week overdue
		await run('2026-04-06');
		await run('2026-04-13'); // two weeks overdue: the supervisor is copied
		await run('2026-04-14');
		await run('2026-04-20'); // three weeks: the volunteer again, the supervisor not again
		const toVolunteer = smtp.received.filter((m) => m.to.includes('vol@example.org'));
		const toSupervisor = smtp.received.filter((m) => m.to.includes('sup@example.org'));
		expect(toVolunteer).toHaveLength(5);
		expect(toSupervisor).toHaveLength(1);
		expect(toSupervisor[0]!.text).toContain(
			"Val Volunteer's acknowledgement of the Impartiality Policy (version 1) has been overdue since 29 March 2026."
		);
	});

	it('sends nothing twice when two runs race', async () => {
		const before = smtp.received.length;
		const results = await Promise.all([run('2026-04-27'), run('2026-04-27')]);
		expect(results.reduce((n, r) => n + r.emails, 0)).toBe(1);
		await new Promise((r) => setTimeout(r, 100));
		expect(smtp.received.length - before).toBe(1);
	});
});
