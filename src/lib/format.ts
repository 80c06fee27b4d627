// Dates as the service's people read them: every date and time is worked out and written on the
// service's own clock (`time_zone` in service.yml, Europe/London unless it says otherwise), on
// pages, in emails, CSV files and calendar files alike, whatever the server's own TZ.
export const defaultTimeZone = 'Europe/London';

let zone = defaultTimeZone;

/** Whether Intl knows a time zone by this IANA name, such as Europe/London. */
export function isTimeZone(name: string): boolean {
	try {
		new Intl.DateTimeFormat('en-GB', { timeZone: name });
		return /\//.test(name) || name === 'UTC';
	} catch {
		return false;
	}
}

/** Sets the service's time zone: at start-up, from service.yml, before any date is shown. */
export function setTimeZone(name: string): void {
	if (name === zone) return;
	if (!isTimeZone(name)) throw new RangeError(`unknown time zone ${name}`);
	zone = name;
	wallClock = undefined;
	offsets.clear();
	zoneNames.clear();
}

export const timeZone = (): string => zone;

type DateLike = Date | string | null | undefined;

const minute = 60 * 1000;
const hour = 60 * minute;
const day = 24 * hour;

// Lists show hundreds of dates and Intl formats each slowly, so the clock is worked out directly:
// for each year, Intl is asked once where the zone's offset from UTC changes, and every instant
// that year is then a lookup. The month names still come from Intl, so they read the same.
let wallClock: Intl.DateTimeFormat | undefined;

function intlOffset(t: number): number {
	wallClock ??= new Intl.DateTimeFormat('en-GB', {
		timeZone: zone,
		hourCycle: 'h23',
		year: 'numeric',
		month: 'numeric',
		day: 'numeric',
		hour: 'numeric',
		minute: 'numeric'
	});
	const parts = wallClock.formatToParts(new Date(t));
	const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
	const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'));
	return wall - Math.floor(t / minute) * minute;
}

interface YearOffsets {
	start: number;
	/** Each change of offset within the year: when, and the offset from then on. */
	changes: [number, number][];
}

const offsets = new Map<number, YearOffsets>();

function yearOffsets(year: number): YearOffsets {
	let found = offsets.get(year);
	if (found) return found;
	const start = intlOffset(Date.UTC(year, 0, 1));
	const changes: [number, number][] = [];
	let before = start;
	for (let m = 1; m <= 12; m++) {
		const [from, to] = [Date.UTC(year, m - 1, 1), Date.UTC(year, m, 1)];
		const after = intlOffset(to);
		if (after === before) continue;
		// The change falls in this month: find its minute.
		let [low, high] = [from, to];
		while (high - low > minute) {
			const mid = low + Math.floor((high - low) / 2 / minute) * minute;
			if (intlOffset(mid) === before) low = mid;
			else high = mid;
		}
		changes.push([high, after]);
		before = after;
	}
	found = { start, changes };
	offsets.set(year, found);
	return found;
}

/** How far the service's clock is ahead of UTC at this instant, in milliseconds. */
export function zoneOffset(t: number): number {
	const { start, changes } = yearOffsets(new Date(t).getUTCFullYear());
	let offset = start;
	for (const [at, after] of changes) if (t >= at) offset = after;
	return offset;
}

/** The calendar date on the service's clock at this instant (month from 0). */
export function zonedDate(d: Date): { day: number; month: number; year: number } {
	const local = new Date(d.getTime() + zoneOffset(d.getTime()));
	return { day: local.getUTCDate(), month: local.getUTCMonth(), year: local.getUTCFullYear() };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The date on the service's clock at this instant, as YYYY-MM-DD. */
export function serviceDay(d: Date = new Date()): string {
	const { day, month, year } = zonedDate(d);
	return `${year}-${pad(month + 1)}-${pad(day)}`;
}

/** The instant a date and 24-hour time mean on the service's clock. */
export function instantAt(date: string, hhmm: string): Date {
	const asUtc = Date.parse(`${date}T${hhmm}:00Z`);
	const first = asUtc - zoneOffset(asUtc);
	return new Date(asUtc - zoneOffset(first));
}

/** The first instant of a day on the service's clock. */
export const startOfDay = (date: string): Date => instantAt(date, '00:00');

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Midnight UTC of a YYYY-MM-DD day, from its digits: the lists work out a few hundred due dates a
 * page, and parsing each day as a date string cost three times as much.
 */
function utcMidnight(date: string): number {
	const match = dayPattern.exec(date);
	const [year, month, dayOfMonth] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
	// Date.UTC reads a year below 100 as in the 1900s, and takes any month or day; anything but
	// a plain day is left to the parse, which refuses what it refused before.
	const t =
		year >= 100 && month >= 1 && month <= 12 && dayOfMonth >= 1 && dayOfMonth <= 31
			? Date.UTC(year, month - 1, dayOfMonth)
			: Date.parse(`${date}T00:00:00Z`);
	if (Number.isNaN(t)) throw new RangeError(`Not a day: ${date}`);
	return t;
}

const twoDigits = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Whole days from 1970-01-01 to a YYYY-MM-DD day, for counting days between dates. */
export function dayCount(date: string): number {
	return utcMidnight(date) / day;
}

/** The day `n` days after a YYYY-MM-DD day (before, when negative). */
export function dayPlusDays(date: string, n: number): string {
	const d = new Date(utcMidnight(date) + n * day);
	const year = d.getUTCFullYear();
	if (year < 1000 || year > 9999) return d.toISOString().slice(0, 10);
	return `${year}-${twoDigits(d.getUTCMonth() + 1)}-${twoDigits(d.getUTCDate())}`;
}

/** The day `n` months after a YYYY-MM-DD day, kept within the month as PostgreSQL does (31 January + 1 month = 28 February). */
export function dayPlusMonths(date: string, n: number): string {
	const [y, m, d] = date.split('-').map(Number) as [number, number, number];
	const first = new Date(Date.UTC(y, m - 1 + n, 1));
	const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
	return `${first.getUTCFullYear()}-${pad(first.getUTCMonth() + 1)}-${pad(Math.min(d, last))}`;
}

/**
 * The first day from which `dayPlusMonths(day, months)` reaches `target`: every earlier day falls
 * short of it. `dayPlusMonths` never goes backwards, so "a year after their last one is before
 * today" becomes "their last one is before this day", a comparison the database can index.
 */
export function firstDayReaching(target: string, months: number): string {
	let x = dayPlusMonths(target, -months);
	while (dayPlusMonths(dayPlusDays(x, -1), months) >= target) x = dayPlusDays(x, -1);
	while (dayPlusMonths(x, months) < target) x = dayPlusDays(x, 1);
	return x;
}

const monthNames = (month: 'long' | 'short') => {
	const format = new Intl.DateTimeFormat('en-GB', { month, timeZone: 'UTC' });
	return Array.from({ length: 12 }, (_, m) => format.format(new Date(Date.UTC(2026, m, 15))));
};
const longMonths = monthNames('long');
const shortMonths = monthNames('short');

/**
 * The calendar date a value stands for: a YYYY-MM-DD day is that day wherever the service is; an
 * instant is the day on the service's clock.
 */
function calendarDate(d: DateLike): { day: number; month: number; year: number } | null {
	if (!d) return null;
	if (typeof d === 'string') {
		const match = dayPattern.exec(d);
		if (match) return { year: Number(match[1]), month: Number(match[2]) - 1, day: Number(match[3]) };
	}
	const date = new Date(d);
	return Number.isNaN(date.getTime()) ? null : zonedDate(date);
}

function formatWith(months: string[], d: DateLike): string | null {
	const date = calendarDate(d);
	return date && `${date.day} ${months[date.month]} ${date.year}`;
}

export const formatDate = (d: DateLike, fallback = '') => formatWith(longMonths, d) ?? fallback;
export const formatShortDate = (d: DateLike) => formatWith(shortMonths, d) ?? '';

function instant(d: DateLike): Date | null {
	if (!d) return null;
	const date = new Date(d);
	return Number.isNaN(date.getTime()) ? null : date;
}

/** The time on the service's clock, as 24-hour HH:MM (HH:MM:SS with seconds). */
export function formatTime(d: DateLike, { seconds = false } = {}): string {
	const date = instant(d);
	if (!date) return '';
	const local = new Date(date.getTime() + zoneOffset(date.getTime()));
	const hhmm = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
	return seconds ? `${hhmm}:${pad(local.getUTCSeconds())}` : hhmm;
}

/** Like 14 Jan 2027, 09:30 (seconds matter in the audit log, where entries share a minute). */
export function formatDateTime(d: DateLike, { seconds = false } = {}): string {
	const date = instant(d);
	return date ? `${formatShortDate(date)}, ${formatTime(date, { seconds })}` : '';
}

const zoneNames = new Map<number, string>();

/** The clock's short name at this instant: GMT or BST in England, CET or CEST in Paris. */
function zoneName(date: Date): string {
	const offset = zoneOffset(date.getTime());
	let name = zoneNames.get(offset);
	if (!name) {
		name = new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'short' })
			.formatToParts(date)
			.find((p) => p.type === 'timeZoneName')!.value;
		zoneNames.set(offset, name);
	}
	return name;
}

/** For a moment that matters to the minute, such as a link's expiry: 14 January 2027 at 09:30 GMT. */
export function formatDateTimeWithZone(d: DateLike): string {
	const date = instant(d);
	return date ? `${formatDate(date)} at ${formatTime(date)} ${zoneName(date)}` : '';
}

/** An instant in ISO 8601 on the service's clock, with its offset: 2027-07-14T09:30:00+01:00. */
export function isoInZone(d: Date): string {
	const offset = zoneOffset(d.getTime());
	const local = new Date(d.getTime() + offset).toISOString().slice(0, 19);
	const minutes = Math.abs(offset) / minute;
	return `${local}${offset < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** A month as people read it: "April 2026", from any day in it (YYYY-MM-DD) or an instant. */
export function formatMonth(d: DateLike): string {
	const date = calendarDate(d);
	return date ? `${longMonths[date.month]} ${date.year}` : '';
}
