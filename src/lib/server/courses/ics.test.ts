import { describe, expect, it } from 'vitest';
import { icsCalendar, type CalendarEvent } from './ics';
import { defaultTimeZone, formatTime, instantAt, setTimeZone } from '../../format';

const session: CalendarEvent = {
	uid: 'ips-course-2027-1-session-1@impartial',
	start: new Date('2027-01-14T09:30:00Z'),
	end: new Date('2027-01-14T12:30:00Z'),
	title: 'IPS training course: session 1',
	location: 'Northshire SENDIASS office'
};
const now = new Date('2026-12-01T08:05:09.123Z');

/** Undoes folding (RFC 5545 3.1) and splits the file into its content lines. */
function contentLines(ics: string): string[] {
	return ics.replace(/\r\n /g, '').split('\r\n').slice(0, -1);
}

describe('icsCalendar', () => {
	it('writes a published calendar with one event per session', () => {
		expect(contentLines(icsCalendar('IPS training course', [session], now))).toEqual([
			'BEGIN:VCALENDAR',
			'VERSION:2.0',
			'PRODID:-//Impartial//Courses//EN',
			'CALSCALE:GREGORIAN',
			'METHOD:PUBLISH',
			'X-WR-CALNAME:IPS training course',
			'BEGIN:VEVENT',
			'UID:ips-course-2027-1-session-1@impartial',
			'DTSTAMP:20261201T080509Z',
			'DTSTART:20270114T093000Z',
			'DTEND:20270114T123000Z',
			'SUMMARY:IPS training course: session 1',
			'LOCATION:Northshire SENDIASS office',
			'END:VEVENT',
			'END:VCALENDAR'
		]);
		const two = contentLines(
			icsCalendar('Courses', [session, { ...session, uid: 'second', description: 'Bring the policy.' }], now)
		);
		expect(two.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
		expect(two.filter((l) => l.startsWith('DESCRIPTION:'))).toEqual(['DESCRIPTION:Bring the policy.']);
	});

	it('writes times in UTC, whatever offset they were given in', () => {
		const summer = {
			...session,
			start: new Date('2027-07-01T18:00:00+01:00'),
			end: new Date('2027-07-01T20:15:30+01:00')
		};
		const lines = contentLines(icsCalendar('Courses', [summer], now));
		expect(lines).toContain('DTSTART:20270701T170000Z');
		expect(lines).toContain('DTEND:20270701T191530Z');
	});

	it('refuses an invalid date rather than writing a broken file', () => {
		expect(() => icsCalendar('Courses', [{ ...session, start: new Date('not a date') }], now)).toThrow(RangeError);
	});

	it('ends every line with CRLF and has no bare line feeds or carriage returns', () => {
		const ics = icsCalendar(
			'Courses',
			[{ ...session, description: 'Line one\nLine two\r\nLine three\rLine four' }],
			now
		);
		expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
		expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
	});

	it('escapes backslashes, semicolons, commas and line breaks in text', () => {
		const lines = contentLines(
			icsCalendar(
				'Northshire; courses, 2027',
				[
					{
						...session,
						title: 'Session 1: law, role; and C:\\notes',
						location: 'Room 2,\nTown Hall',
						description: 'Bring:\r\n- the policy\n- a pen'
					}
				],
				now
			)
		);
		expect(lines).toContain('X-WR-CALNAME:Northshire\\; courses\\, 2027');
		expect(lines).toContain('SUMMARY:Session 1: law\\, role\\; and C:\\\\notes');
		expect(lines).toContain('LOCATION:Room 2\\,\\nTown Hall');
		expect(lines).toContain('DESCRIPTION:Bring:\\n- the policy\\n- a pen');
	});

	it('folds long lines at 75 octets without splitting a character', () => {
		// 'é' is 2 octets and '🙂' is 4 (two UTF-16 code units), so octets, code units and characters
		// all differ. After "SUMMARY:" (8 octets) the 34th 'é' would straddle octet 75.
		const title = `${'é'.repeat(40)}, ${'🙂'.repeat(30)} Café, crème et thé`;
		// After "LOCATION:abc" (12 octets) and 15 emoji (60), 3 octets are left: room for half an emoji
		// if it were measured in code units.
		const location = `abc${'🙂'.repeat(20)}`;
		const description = 'a'.repeat(200);
		const ics = icsCalendar('Courses', [{ ...session, title, location, description }], now);
		expect(ics).not.toContain('\uFFFD');
		const physical = ics.split('\r\n').slice(0, -1);
		for (const line of physical) {
			expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
			// A character split in two would leave a lone surrogate, which does not survive encoding.
			expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line);
		}
		const summary = physical.findIndex((l) => l.startsWith('SUMMARY:'));
		expect(physical[summary]).toBe(`SUMMARY:${'é'.repeat(33)}`);
		expect(physical[summary + 1]).toMatch(/^ é/);
		expect(physical[physical.findIndex((l) => l.startsWith('LOCATION:')) + 1]).toBe(` ${'🙂'.repeat(5)}`);
		expect(physical.slice(summary + 1).findIndex((l) => !l.startsWith(' '))).toBeGreaterThanOrEqual(3);
		// An ASCII line fills each physical line exactly: 75 octets, then a space and 74.
		const descriptionStart = physical.findIndex((l) => l.startsWith('DESCRIPTION:'));
		expect(physical[descriptionStart]).toHaveLength(75);
		expect(physical[descriptionStart + 1]).toBe(` ${'a'.repeat(74)}`);
		const lines = contentLines(ics);
		expect(lines).toContain(`SUMMARY:${title.replace(/,/g, '\\,')}`);
		expect(lines).toContain(`LOCATION:${location}`);
		expect(lines).toContain(`DESCRIPTION:${description}`);
	});

	it('leaves short lines unfolded', () => {
		const ics = icsCalendar('Courses', [session], now);
		expect(ics).not.toContain('\r\n ');
	});

	it("writes sessions entered on the service's clock at the right instant either side of both clock changes", () => {
		const times = (zone: string, days: string[]) => {
			setTimeZone(zone);
			try {
				const events = days.map((day, i) => ({
					...session,
					uid: `s${i}`,
					start: instantAt(day, '09:30'),
					end: instantAt(day, '12:30')
				}));
				expect(events.map((e) => formatTime(e.start))).toEqual(days.map(() => '09:30'));
				return contentLines(icsCalendar('Course', events, now))
					.filter((l) => l.startsWith('DTSTART:'))
					.map((l) => l.slice(8));
			} finally {
				setTimeZone(defaultTimeZone);
			}
		};
		// England: GMT until 29 March 2026, BST until 25 October, then GMT again.
		expect(times('Europe/London', ['2026-03-28', '2026-03-29', '2026-10-24', '2026-10-25'])).toEqual([
			'20260328T093000Z',
			'20260329T083000Z',
			'20261024T083000Z',
			'20261025T093000Z'
		]);
		// A service elsewhere keeps its own clock: New York changes on 8 March and 1 November.
		expect(times('America/New_York', ['2026-03-07', '2026-03-08', '2026-10-31', '2026-11-01'])).toEqual([
			'20260307T143000Z',
			'20260308T133000Z',
			'20261031T133000Z',
			'20261101T143000Z'
		]);
	});
});
