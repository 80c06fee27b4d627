import { describe, expect, it } from 'vitest';
import { firstMonthNotEnded, nextMonth } from './kept';
import { dayPlusDays, serviceDay } from '../../format';

describe('months that can be kept', () => {
	const monthHasEnded = (month: string, now: Date) => month < firstMonthNotEnded(now);

	it('keeps a month from two days after its last day on the service clock', () => {
		// November ends on the 30th; 1 December is a day later, 2 December two days later.
		expect(monthHasEnded('2026-11-01', new Date('2026-12-01T12:00:00Z'))).toBe(false);
		expect(monthHasEnded('2026-11-01', new Date('2026-12-02T12:00:00Z'))).toBe(true);
		expect(monthHasEnded('2026-12-01', new Date('2026-12-20T12:00:00Z'))).toBe(false);
	});

	it('counts the day on the clock in England, not in UTC', () => {
		// 23:30 UTC on 1 June is 00:30 on 2 June in London, which is two days after May ended.
		expect(monthHasEnded('2026-05-01', new Date('2026-06-01T23:30:00Z'))).toBe(true);
		expect(monthHasEnded('2026-05-01', new Date('2026-06-01T22:30:00Z'))).toBe(false);
	});

	it('crosses the end of a year', () => {
		expect(monthHasEnded('2026-12-01', new Date('2027-01-02T12:00:00Z'))).toBe(true);
		expect(monthHasEnded('2026-12-01', new Date('2027-01-01T12:00:00Z'))).toBe(false);
	});
});

describe('firstMonthNotEnded', () => {
	it('keeps exactly the months whose last day was two or more days before, on every day of three years', () => {
		// The rule as first written: a month's last day is on or before the day before yesterday.
		const endedTwoDaysAgo = (month: string, now: Date) =>
			dayPlusDays(nextMonth(month), -1) <= dayPlusDays(serviceDay(now), -2);
		const disagreements: string[] = [];
		for (let day = '2025-01-01'; day <= '2027-12-31'; day = dayPlusDays(day, 1)) {
			// Just after midnight and just before, in London, in winter and in summer time.
			for (const time of ['T00:30:00Z', 'T22:30:00Z', 'T23:30:00Z']) {
				const now = new Date(`${day}${time}`);
				const first = firstMonthNotEnded(now);
				for (let month = '2024-11-01'; month <= '2028-02-01'; month = nextMonth(month))
					if (month < first !== endedTwoDaysAgo(month, now)) disagreements.push(`${month} at ${now.toISOString()}`);
			}
		}
		expect(disagreements).toEqual([]);
		expect(firstMonthNotEnded(new Date('2026-12-02T12:00:00Z'))).toBe('2026-12-01');
	});
});
