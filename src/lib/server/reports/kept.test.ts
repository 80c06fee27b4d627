import { describe, expect, it } from 'vitest';
import { monthHasEnded } from './kept';

describe('monthHasEnded', () => {
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
