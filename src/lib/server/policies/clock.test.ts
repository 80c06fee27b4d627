// One clock: the due date on the page, in the compliance list (worked out in SQL), in the CSV and
// in the reminder email is the same day on the service's clock, just before and just after
// midnight and on both sides of both clock changes, whatever the server's own TZ.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/testing';
import { loadServiceConfig, type ServiceConfig } from '../content/service';
import type { Policy } from '../content/policies';
import { defaultTimeZone, formatDate, serviceDay, setTimeZone } from '../../format';
import { closeMail } from '../mail';
import { startSmtpServer, type TestSmtpServer } from '../mail/testing';
import { acknowledgementDue, policyCompliance, registerPolicyVersions } from './index';
import { toCsv } from '../csv';
import { sendPolicyReminders } from './reminders';

const service = loadServiceConfig('content').service as ServiceConfig;
const timing = service.policyTiming;
const policy: Policy = {
	slug: 'clock-policy',
	versions: [
		{
			slug: 'clock-policy',
			file: 'content/policies/clock-policy/1.md',
			title: 'Clock Policy',
			version: 1,
			effective: '2025-01-01',
			nextReview: '2099-01-01',
			audiences: ['volunteer'],
			major: true,
			changes: 'First version.',
			hash: 'clock-1',
			markdown: 'Text',
			html: '<p>Text</p>',
			sections: []
		}
	]
};

/**
 * People who joined just either side of midnight and of the clock changes, with the day they
 * joined on the clock of each zone. 2026's changes in England: 01:00 GMT on 29 March and 01:00
 * GMT on 25 October; in New York: 07:00 GMT on 8 March and 06:00 GMT on 1 November.
 */
const joiners: { at: string; london: string; newYork: string }[] = [
	{ at: '2026-06-10T23:30:00Z', london: '2026-06-11', newYork: '2026-06-10' }, // 00:30 BST
	{ at: '2026-06-10T22:30:00Z', london: '2026-06-10', newYork: '2026-06-10' }, // 23:30 BST
	{ at: '2026-03-28T23:30:00Z', london: '2026-03-28', newYork: '2026-03-28' }, // 23:30 GMT, the night before spring
	{ at: '2026-03-29T00:59:00Z', london: '2026-03-29', newYork: '2026-03-28' }, // a minute before BST
	{ at: '2026-03-29T01:00:00Z', london: '2026-03-29', newYork: '2026-03-28' }, // 02:00 BST, the first minute
	{ at: '2026-03-29T23:30:00Z', london: '2026-03-30', newYork: '2026-03-29' }, // 00:30 BST the day after
	{ at: '2026-10-24T23:30:00Z', london: '2026-10-25', newYork: '2026-10-24' }, // 00:30 BST on autumn's day
	{ at: '2026-10-25T00:30:00Z', london: '2026-10-25', newYork: '2026-10-24' }, // the first 01:30 (BST)
	{ at: '2026-10-25T01:30:00Z', london: '2026-10-25', newYork: '2026-10-24' }, // the second 01:30 (GMT)
	{ at: '2026-10-25T23:30:00Z', london: '2026-10-25', newYork: '2026-10-25' }, // 23:30 GMT
	{ at: '2026-03-08T06:59:00Z', london: '2026-03-08', newYork: '2026-03-08' }, // 01:59 EST
	{ at: '2026-03-08T07:00:00Z', london: '2026-03-08', newYork: '2026-03-08' }, // 03:00 EDT
	{ at: '2026-11-01T04:30:00Z', london: '2026-11-01', newYork: '2026-11-01' } // 00:30 EDT
];

const plusDays = (day: string, n: number) =>
	new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe.each(testDatabaseKinds)('one clock on %s', (kind) => {
	let test: TestDatabase;
	let smtp: TestSmtpServer;
	const serverTz = process.env.TZ;

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		smtp = await startSmtpServer();
		await registerPolicyVersions(test.db, [policy]);
	});
	afterEach(() => {
		setTimeZone(defaultTimeZone);
		if (serverTz === undefined) delete process.env.TZ;
		else process.env.TZ = serverTz;
		delete process.env.SMTP_URL;
	});
	afterAll(async () => {
		await closeMail();
		await smtp.close();
		await test.close();
	});

	async function join(email: string, at: string) {
		const { id } = await test.db
			.insertInto('person')
			.values({ email, name: email.split('@')[0]!, roles: ['volunteer'], status: 'active', activatedAt: new Date(at) })
			.returning('id')
			.executeTakeFirstOrThrow();
		return id;
	}

	for (const [zone, key] of [
		['Europe/London', 'london'],
		['America/New_York', 'newYork']
	] as const) {
		for (const serverClock of ['UTC', 'Pacific/Auckland', 'America/Los_Angeles']) {
			it(`gives the same due day in code and in SQL for a service in ${zone}, on a server in ${serverClock}`, async () => {
				process.env.TZ = serverClock;
				setTimeZone(zone);
				const ids = new Map<string, (typeof joiners)[number]>();
				for (const [i, j] of joiners.entries())
					ids.set(await join(`${key}-${serverClock.replace('/', '-')}-${i}-${kind}@example.org`, j.at), j);
				const now = new Date('2026-12-20T12:00:00Z');
				const { rows } = await policyCompliance(test.db, policy, timing, {}, now);
				for (const row of rows.filter((r) => ids.has(r.id))) {
					const joiner = ids.get(row.id)!;
					const expected = plusDays(joiner[key], timing.dueWithinDays);
					const inCode = acknowledgementDue(
						policy,
						{ roles: ['volunteer'], joinedAt: new Date(joiner.at) },
						null,
						timing,
						now
					);
					expect([joiner.at, row.due.dueOn, inCode.dueOn]).toEqual([joiner.at, expected, expected]);
					expect(serviceDay(new Date(joiner.at)), joiner.at).toBe(joiner[key]);
				}
				// The CSV writes the day, and any instant with the service's offset.
				const csv = toCsv([[new Date('2026-06-10T23:30:00Z'), rows[0]!.due.dueOn]]);
				expect(csv).toBe(
					zone === 'Europe/London'
						? `2026-06-11T00:30:00+01:00,${rows[0]!.due.dueOn}\r\n`
						: `2026-06-10T19:30:00-04:00,${rows[0]!.due.dueOn}\r\n`
				);
			});
		}
	}

	it('says the same day on the page and in every reminder, for someone who joined at 00:30 BST', async () => {
		process.env.TZ = 'America/Los_Angeles';
		process.env.SMTP_URL = smtp.url;
		// Only this person is reminded: the joiners above have left.
		await test.db.updateTable('person').set({ status: 'deactivated' }).execute();
		const email = `midnight-${kind}@example.org`;
		const id = await join(email, '2026-06-10T23:30:00Z');
		const onPage = (iso: string) =>
			acknowledgementDue(
				policy,
				{ roles: ['volunteer'], joinedAt: new Date('2026-06-10T23:30:00Z') },
				null,
				timing,
				new Date(iso)
			);
		expect(formatDate(onPage('2026-06-11T08:00:00Z').dueOn)).toBe('9 July 2026');
		const content = { policies: [policy], service };
		const run = (iso: string) => sendPolicyReminders(test.db, content, 'https://training.example.org', new Date(iso));
		const mine = () => smtp.received.filter((m) => m.to.includes(email));

		// Just joined, with 28 days to go: no reminder until 14 days before the date.
		await run('2026-06-11T08:00:00Z');
		await run('2026-06-24T22:30:00Z'); // 23:30 BST on 24 June: 15 days before
		expect(mine()).toHaveLength(0);
		await run('2026-06-24T23:30:00Z'); // 00:30 BST on 25 June: 14 days before
		expect(mine().at(-1)!.text).toContain('by 9 July 2026.');
		await run('2026-07-08T23:30:00Z'); // 00:30 BST on 9 July
		expect(mine().at(-1)!.text).toContain('is due today');
		expect(onPage('2026-07-08T23:30:00Z').status).toBe('due');
		expect(onPage('2026-07-09T22:59:00Z').status).toBe('due'); // 23:59 BST on 9 July
		expect(onPage('2026-07-09T23:00:00Z').status).toBe('overdue'); // 00:00 BST on 10 July
		await run('2026-07-15T23:30:00Z'); // 00:30 BST on 16 July: a week overdue
		expect(mine().at(-1)!.text).toContain('it was due on 9 July 2026.');
		const { rows } = await policyCompliance(test.db, policy, timing, {}, new Date('2026-07-15T23:30:00Z'));
		expect(rows.find((r) => r.id === id)!.due).toMatchObject({ status: 'overdue', dueOn: '2026-07-09' });
	});
});
