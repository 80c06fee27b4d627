// Calendar files (RFC 5545) for course sessions, so people can add the dates to their own calendar.
// Times are written in UTC, so no time zone definitions are needed and calendars show local time.

export interface CalendarEvent {
	uid: string;
	start: Date;
	end: Date;
	title: string;
	location: string;
	description?: string;
}

const crlf = '\r\n';
/** RFC 5545 3.1: lines are folded so that none is longer than 75 octets, excluding the line break. */
const maxOctets = 75;

export function icsCalendar(name: string, events: CalendarEvent[], now = new Date()): string {
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Impartial//Courses//EN',
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH',
		`X-WR-CALNAME:${escapeText(name)}`
	];
	const stamp = utc(now);
	for (const event of events) {
		lines.push(
			'BEGIN:VEVENT',
			`UID:${escapeText(event.uid)}`,
			`DTSTAMP:${stamp}`,
			`DTSTART:${utc(event.start)}`,
			`DTEND:${utc(event.end)}`,
			`SUMMARY:${escapeText(event.title)}`,
			`LOCATION:${escapeText(event.location)}`
		);
		if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
		lines.push('END:VEVENT');
	}
	lines.push('END:VCALENDAR');
	return lines.map(foldLine).join(crlf) + crlf;
}

/** A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, line breaks as \n. */
function escapeText(text: string): string {
	return (
		text
			.replace(/[\\;,]/g, (c) => `\\${c}`)
			.replace(/\r\n?|\n/g, '\\n')
			// TEXT allows no other control characters (tabs apart), and they could break the file.
			// eslint-disable-next-line no-control-regex -- removing control characters is the point
			.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '')
	);
}

/** UTC in the basic format, like 20270114T093000Z. */
function utc(date: Date): string {
	if (Number.isNaN(date.getTime())) throw new RangeError('a calendar event has an invalid date');
	return date
		.toISOString()
		.replace(/\.\d{3}Z$/, 'Z')
		.replace(/[-:]/g, '');
}

/** Folds a content line into lines of at most 75 octets, never splitting a UTF-8 character. */
function foldLine(line: string): string {
	const parts: string[] = [];
	let part = '';
	let octets = 0;
	// A continuation line starts with a space, which counts towards its 75 octets.
	let limit = maxOctets;
	for (const char of line) {
		const size = Buffer.byteLength(char, 'utf8');
		if (octets + size > limit) {
			parts.push(part);
			part = '';
			octets = 0;
			limit = maxOctets - 1;
		}
		part += char;
		octets += size;
	}
	parts.push(part);
	return parts.join(`${crlf} `);
}
