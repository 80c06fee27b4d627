// Dates as people in England read them, in UK time.
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
const withTime = new Intl.DateTimeFormat('en-GB', {
	dateStyle: 'medium',
	timeStyle: 'short',
	timeZone: 'Europe/London'
});

type DateLike = Date | string | null | undefined;
const toDate = (d: DateLike) => (d ? new Date(d) : null);

// Lists show hundreds of dates, and Intl formats each slowly; the clock in England is simple
// enough to work out directly: GMT, or BST from 01:00 GMT on the last Sunday of March to 01:00
// GMT on the last Sunday of October. The month names still come from Intl, so they read the same.
const monthName = (format: Intl.DateTimeFormat) =>
	Array.from(
		{ length: 12 },
		(_, m) => format.formatToParts(new Date(Date.UTC(2026, m, 15))).find((p) => p.type === 'month')!.value
	);
const longMonths = monthName(long);
const shortMonths = monthName(short);

function lastSundayUtc(year: number, month: number): number {
	const last = new Date(Date.UTC(year, month + 1, 0, 1));
	return last.getTime() - last.getUTCDay() * 24 * 60 * 60 * 1000;
}

const hour = 60 * 60 * 1000;

// Summer time's start and end by year, worked out once per year asked about.
const summerTimes = new Map<number, [number, number]>();

/** How far a clock in England is ahead of GMT at this instant: an hour in summer time. */
function englandOffset(t: number): number {
	const year = new Date(t).getUTCFullYear();
	let summer = summerTimes.get(year);
	if (!summer) summerTimes.set(year, (summer = [lastSundayUtc(year, 2), lastSundayUtc(year, 9)]));
	return t >= summer[0] && t < summer[1] ? hour : 0;
}

/** The calendar date on a clock in England at this instant. */
export function englandDate(d: Date): { day: number; month: number; year: number } {
	const local = new Date(d.getTime() + englandOffset(d.getTime()));
	return { day: local.getUTCDate(), month: local.getUTCMonth(), year: local.getUTCFullYear() };
}

function formatWith(months: string[], d: DateLike): string | null {
	const date = toDate(d);
	if (!date || Number.isNaN(date.getTime())) return null;
	const { day, month, year } = englandDate(date);
	return `${day} ${months[month]} ${year}`;
}

export const formatDate = (d: DateLike, fallback = '') => formatWith(longMonths, d) ?? fallback;
export const formatShortDate = (d: DateLike) => formatWith(shortMonths, d) ?? '';
export const formatDateTime = (d: DateLike) => (toDate(d) ? withTime.format(toDate(d)!) : '');

const time = new Intl.DateTimeFormat('en-GB', {
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23',
	timeZone: 'Europe/London'
});

export const formatTime = (d: DateLike) => (toDate(d) ? time.format(toDate(d)!) : '');

/** The instant a date and 24-hour time mean on a clock in England (GMT or BST). */
export function fromUkTime(date: string, hhmm: string): Date {
	const asGmt = Date.parse(`${date}T${hhmm}:00Z`);
	return new Date(asGmt - englandOffset(asGmt - hour));
}

/** The date on a clock in England at this instant, as YYYY-MM-DD. */
export function englandDay(d: Date = new Date()): string {
	const { day, month, year } = englandDate(d);
	return `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
