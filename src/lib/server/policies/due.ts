// When a person's acknowledgement of a policy falls due: on joining, a year (or the service's
// period) after their last one, and at once for a major new version. Pure, so a fake clock tests it.
import type { Role } from '../db/schema';
import type { AcknowledgementStatus } from '../../acknowledgement-status';
import type { PolicyTiming } from '../content/service';
import { currentVersion, latestMajorVersion, type Policy } from '../content/policies';
import { dayCount, dayPlusDays, dayPlusMonths, serviceDay } from '../../format';

export { acknowledgementStatusLabels, type AcknowledgementStatus } from '../../acknowledgement-status';

export interface LastAcknowledgement {
	version: number;
	acknowledgedAt: Date;
}

export interface DueState {
	status: AcknowledgementStatus;
	/** The last day to do it, YYYY-MM-DD on the service's clock. */
	dueOn: string | null;
	/** Why it is due: shown to the person and in compliance. */
	reason: 'joined' | 'period' | 'major-version' | null;
}

/** The day a moment falls on, on the service's clock, as a count of days for comparing. */
export function dayNumber(date: Date): number {
	return dayCount(serviceDay(date));
}

/** A month count from an instant, for windows such as "the last twelve months". */
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
		return { status: 'not-applicable', dueOn: null, reason: null };
	const major = latestMajorVersion(policy, now);
	// Every date here is a day on the service's clock, as the compliance query counts them, so
	// the page, the reminder and the CSV give the same day whatever the server's own clock.
	const joinedOn = serviceDay(person.joinedAt);
	let dueOn: string;
	let reason: DueState['reason'];
	if (!last) {
		dueOn = dayPlusDays(joinedOn, timing.dueWithinDays);
		reason = 'joined';
	} else if (major && last.version < major.version) {
		// A major version counts from when it took effect, or from joining if that was later.
		dueOn = dayPlusDays(major.effective > joinedOn ? major.effective : joinedOn, timing.dueWithinDays);
		reason = 'major-version';
	} else {
		dueOn = dayPlusMonths(serviceDay(last.acknowledgedAt), timing.reacknowledgeMonths);
		reason = 'period';
	}
	const today = dayNumber(now);
	// Never acknowledged, or acknowledged only before a major version: outstanding now. A yearly
	// renewal shows as due once its reminder window opens.
	const outstanding = reason !== 'period' || today >= dayCount(dueOn) - timing.remindBeforeDays;
	// The due date is the last day to do it: overdue from the day after.
	const status: AcknowledgementStatus = today > dayCount(dueOn) ? 'overdue' : outstanding ? 'due' : 'acknowledged';
	return { status, dueOn, reason: status === 'acknowledged' ? null : reason };
}
