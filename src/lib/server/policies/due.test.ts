import { describe, expect, it } from 'vitest';
import type { Policy, PolicyVersion } from '../content/policies';
import { acknowledgementDue } from './due';

const timing = {
	reacknowledgeMonths: 12,
	dueWithinDays: 28,
	remindBeforeDays: 14,
	overdueEveryDays: 7,
	copySupervisorAfterDays: 14
};
const version = (n: number, effective: string, major: boolean): PolicyVersion => ({
	slug: 'impartiality-policy',
	file: `content/policies/impartiality-policy/${n}.md`,
	title: 'Impartiality Policy',
	version: n,
	effective,
	nextReview: '2099-01-01',
	audiences: ['volunteer', 'staff'],
	major,
	changes: 'changes',
	hash: `h${n}`,
	markdown: 'text',
	html: '<p>text</p>',
	sections: []
});
const policy: Policy = {
	slug: 'impartiality-policy',
	versions: [version(1, '2024-04-01', true), version(2, '2025-04-01', false), version(3, '2026-04-01', true)]
};
const volunteer = { roles: ['volunteer' as const], joinedAt: new Date('2024-01-10T09:00:00Z') };
const at = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe('acknowledgementDue', () => {
	it("falls due on joining, with the service's days to do it", () => {
		const joined = { roles: ['volunteer' as const], joinedAt: at('2026-11-01') };
		expect(acknowledgementDue(policy, joined, null, timing, at('2026-11-02'))).toEqual({
			status: 'due',
			dueOn: '2026-11-29',
			reason: 'joined'
		});
		expect(acknowledgementDue(policy, joined, null, timing, at('2026-12-01'))).toMatchObject({
			status: 'overdue',
			reason: 'joined'
		});
	});

	it('falls due again a year after the last acknowledgement, not before', () => {
		const last = { version: 3, acknowledgedAt: at('2026-05-01') };
		expect(acknowledgementDue(policy, volunteer, last, timing, at('2027-04-01'))).toEqual({
			status: 'acknowledged',
			dueOn: '2027-05-01',
			reason: null
		});
		expect(acknowledgementDue(policy, volunteer, last, timing, at('2027-04-20'))).toMatchObject({
			status: 'due',
			reason: 'period'
		});
		expect(acknowledgementDue(policy, volunteer, last, timing, at('2027-05-02'))).toMatchObject({
			status: 'overdue',
			reason: 'period'
		});
	});

	it('falls due at once for a major version, but a minor one changes nothing', () => {
		const ackedV1 = { version: 1, acknowledgedAt: at('2025-03-01') };
		// Version 2 (minor) took effect on 2025-04-01: version 1's acknowledgement stands.
		expect(acknowledgementDue(policy, volunteer, ackedV1, timing, at('2025-06-01'))).toMatchObject({
			status: 'acknowledged'
		});
		const ackedV2 = { version: 2, acknowledgedAt: at('2026-03-15') };
		expect(acknowledgementDue(policy, volunteer, ackedV2, timing, at('2026-03-31'))).toMatchObject({
			status: 'acknowledged'
		});
		// Version 3 (major) took effect on 2026-04-01: due within 28 days, whatever the last date.
		expect(acknowledgementDue(policy, volunteer, ackedV2, timing, at('2026-04-02'))).toEqual({
			status: 'due',
			dueOn: '2026-04-29',
			reason: 'major-version'
		});
		expect(acknowledgementDue(policy, volunteer, ackedV2, timing, at('2026-05-01'))).toMatchObject({
			status: 'overdue',
			reason: 'major-version'
		});
	});

	it('ignores a version whose effective date is still to come, and roles it is not for', () => {
		const future: Policy = { ...policy, versions: [...policy.versions, version(4, '2030-01-01', true)] };
		const last = { version: 3, acknowledgedAt: at('2026-05-01') };
		expect(acknowledgementDue(future, volunteer, last, timing, at('2026-06-01'))).toMatchObject({
			status: 'acknowledged'
		});
		expect(
			acknowledgementDue(policy, { roles: ['steering'], joinedAt: at('2026-01-01') }, null, timing, at('2026-06-01'))
		).toEqual({ status: 'not-applicable', dueOn: null, reason: null });
	});
});
