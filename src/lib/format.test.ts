import { describe, expect, it } from 'vitest';
import { afterEach } from 'vitest';
import {
	defaultTimeZone,
	formatDate,
	formatDateTimeWithZone,
	formatShortDate,
	formatTime,
	instantAt,
	isoInZone,
	isTimeZone,
	serviceDay,
	setTimeZone,
	dayPlusMonths,
	dayPlusDays,
	dayCount,
	firstDayReaching
} from './format';

const long = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	timeZone: 'Europe/London'
});
const short = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	timeZone: 'Europe/London'
});

describe('dates as read in England', () => {
	it('matches Intl for every hour across the clock changes, and for a spread of instants over decades', () => {
		const instants: Date[] = [];
		// Every 30 minutes around the spring and autumn changes of several years.
		for (const [y, m, d] of [
			[2024, 2, 30],
			[2024, 9, 26],
			[2026, 2, 28],
			[2026, 9, 24],
			[2027, 2, 27],
			[2027, 9, 30]
		] as const) {
			for (let h = -2; h <= 50; h += 0.5) instants.push(new Date(Date.UTC(y, m, d) + h * 60 * 60 * 1000));
		}
		let t = Date.UTC(1999, 0, 1);
		while (t < Date.UTC(2040, 0, 1)) {
			instants.push(new Date(t));
			t += 97 * 60 * 60 * 1000 + 17 * 60 * 1000;
		}
		for (const instant of instants) {
			expect(formatDate(instant), instant.toISOString()).toBe(long.format(instant));
			expect(formatShortDate(instant), instant.toISOString()).toBe(short.format(instant));
		}
	});

	it('takes strings and leaves empty values empty', () => {
		expect(formatDate('2027-01-14')).toBe('14 January 2027');
		expect(formatDate(null, 'never')).toBe('never');
		expect(formatShortDate(undefined)).toBe('');
		expect(formatShortDate('not a date')).toBe('');
	});

	it('reads a date and time as a clock in England shows them, in winter and in summer', () => {
		expect(instantAt('2027-01-14', '09:30').toISOString()).toBe('2027-01-14T09:30:00.000Z');
		expect(instantAt('2027-07-14', '09:30').toISOString()).toBe('2027-07-14T08:30:00.000Z');
		// Every quarter hour of the days the clocks change, except the hour that does not exist in spring.
		for (const day of ['2027-03-28', '2027-10-31']) {
			for (let m = 0; m < 24 * 60; m += 15) {
				const hhmm = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
				if (day === '2027-03-28' && hhmm >= '01:00' && hhmm < '02:00') continue;
				const instant = instantAt(day, hhmm);
				expect(formatTime(instant), `${day} ${hhmm}`).toBe(hhmm);
				expect(formatDate(instant)).toBe(formatDate(`${day}T12:00:00Z`));
			}
		}
	});
});

describe("dates on another service's clock", () => {
	afterEach(() => setTimeZone(defaultTimeZone));

	it('matches Intl every half hour around both clock changes, wherever the service is', () => {
		for (const zone of ['America/New_York', 'Australia/Sydney', 'Europe/Paris', 'Asia/Kolkata', 'UTC']) {
			setTimeZone(zone);
			const intl = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: zone });
			const clock = new Intl.DateTimeFormat('en-GB', {
				hour: '2-digit',
				minute: '2-digit',
				hourCycle: 'h23',
				timeZone: zone
			});
			for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 30 * 60 * 1000 + 7 * 60 * 1000) {
				const instant = new Date(t);
				expect(formatDate(instant), `${zone} ${instant.toISOString()}`).toBe(intl.format(instant));
				expect(formatTime(instant), `${zone} ${instant.toISOString()}`).toBe(clock.format(instant));
			}
		}
	});

	it('keeps a YYYY-MM-DD day the same day wherever the service is', () => {
		setTimeZone('Pacific/Honolulu');
		expect(formatDate('2027-01-14')).toBe('14 January 2027');
		setTimeZone('Pacific/Kiritimati');
		expect(formatDate('2027-01-14')).toBe('14 January 2027');
	});

	it('names the clock for a time that matters to the minute, such as a link expiry', () => {
		expect(formatDateTimeWithZone(new Date('2026-06-10T23:30:00Z'))).toBe('11 June 2026 at 00:30 BST');
		expect(formatDateTimeWithZone(new Date('2026-12-10T23:30:00Z'))).toBe('10 December 2026 at 23:30 GMT');
		expect(isoInZone(new Date('2026-06-10T23:30:00Z'))).toBe('2026-06-11T00:30:00+01:00');
		setTimeZone('America/New_York');
		expect(serviceDay(new Date('2026-06-10T23:30:00Z'))).toBe('2026-06-10');
		expect(isoInZone(new Date('2026-06-10T23:30:00Z'))).toBe('2026-06-10T19:30:00-04:00');
	});

	it('adds months as PostgreSQL does, staying within the month', () => {
		expect(dayPlusMonths('2026-01-31', 1)).toBe('2026-02-28');
		expect(dayPlusMonths('2028-01-31', 1)).toBe('2028-02-29');
		expect(dayPlusMonths('2026-03-15', 12)).toBe('2027-03-15');
		expect(dayPlusMonths('2026-12-31', -1)).toBe('2026-11-30');
	});

	it('finds the first day a number of months before another, for every day of four years', () => {
		for (let target = '2026-01-01'; target < '2030-01-01'; target = dayPlusDays(target, 1))
			for (const months of [1, 12, 18]) {
				const first = firstDayReaching(target, months);
				expect(dayPlusMonths(first, months) >= target).toBe(true);
				expect(dayPlusMonths(dayPlusDays(first, -1), months) < target).toBe(true);
			}
	});

	it('counts and adds days as a date parser would, across leap years and centuries', () => {
		const parsed = (day: string) => Date.parse(`${day}T00:00:00Z`);
		for (const start of ['1899-12-31', '1999-02-28', '2000-02-28', '2024-02-27', '2026-12-31', '0099-03-01'])
			for (let n = -800; n <= 800; n += 7) {
				const expected = new Date(parsed(start) + n * 86_400_000).toISOString().slice(0, 10);
				expect(dayPlusDays(start, n)).toBe(expected);
				expect(dayCount(expected)).toBe(Math.round(parsed(expected) / 86_400_000));
			}
		expect(() => dayCount('not a day')).toThrow(RangeError);
		for (const bad of ['2026-13-01', '2026-00-10', '2026-02-32', '2026-1-01', '2026x01x01', '2026-01- 1'])
			expect(() => dayPlusDays(bad, 1)).toThrow(RangeError);
	});

	it('knows zones by their IANA names only', () => {
		expect(isTimeZone('Europe/London')).toBe(true);
		expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
		expect(isTimeZone('BST')).toBe(false);
	});
});
