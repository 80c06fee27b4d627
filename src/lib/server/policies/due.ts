// When a person's acknowledgement of a policy falls due: on joining, a year (or the service's
// period) after their last one, and at once for a major new version. Pure, so a fake clock tests it.
import type { Role } from '../db/schema';
import type { AcknowledgementStatus } from '../../acknowledgement-status';
import type { PolicyTiming } from '../content/service';
import { currentVersion, latestMajorVersion, type Policy } from '../content/policies';

const day = 24 * 60 * 60 * 1000;

export { acknowledgementStatusLabels, type AcknowledgementStatus } from '../../acknowledgement-status';

export interface LastAcknowledgement {
	version: number;
	acknowledgedAt: Date;
}

export interface DueState {
	status: AcknowledgementStatus;
	dueDate: Date | null;
	/** Why it is due: shown to the person and in compliance. */
	reason: 'joined' | 'period' | 'major-version' | null;
}

/** Whole days since 1970 (UTC): the calendar day a moment falls on. */
export function dayNumber(date: Date): number {
	return Math.floor(date.getTime() / day);
}

export function addMonths(date: Date, months: number): Date {
	const d = new Date(date);
	d.setUTCMonth(d.getUTCMonth() + months);
	return d;
}

export function acknowledgementDue(
	policy: Policy,
	person: { roles: readonly Role[]; joinedAt: Date },
	last: LastAcknowledgement | null,
	timing: PolicyTiming,
	now = new Date()
): DueState {
	const current = currentVersion(policy, now);
	if (!current || !current.audiences.some((a) => person.roles.includes(a)))
		return { status: 'not-applicable', dueDate: null, reason: null };
	const major = latestMajorVersion(policy, now);
	let dueDate: Date;
	let reason: DueState['reason'];
	if (!last) {
		dueDate = new Date(person.joinedAt.getTime() + timing.dueWithinDays * day);
		reason = 'joined';
	} else if (major && last.version < major.version) {
		// A major version counts from when it took effect, or from joining if that was later.
		const from = Math.max(Date.parse(`${major.effective}T00:00:00Z`), person.joinedAt.getTime());
		dueDate = new Date(from + timing.dueWithinDays * day);
		reason = 'major-version';
	} else {
		dueDate = addMonths(last.acknowledgedAt, timing.reacknowledgeMonths);
		reason = 'period';
	}
	// Never acknowledged, or acknowledged only before a major version: outstanding now. A yearly
	// renewal shows as due once its reminder window opens.
	const outstanding = reason !== 'period' || now.getTime() >= dueDate.getTime() - timing.remindBeforeDays * day;
	// The due date is the last day to do it: overdue from the day after.
	const status: AcknowledgementStatus =
		dayNumber(now) > dayNumber(dueDate) ? 'overdue' : outstanding ? 'due' : 'acknowledged';
	return { status, dueDate, reason: status === 'acknowledged' ? null : reason };
}
