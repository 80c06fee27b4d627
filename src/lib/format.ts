// Dates as people in England read them, in UK time.
const long = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const short = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/London' });
const withTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });

type DateLike = Date | string | null | undefined;
const toDate = (d: DateLike) => (d ? new Date(d) : null);

export const formatDate = (d: DateLike, fallback = '') => (toDate(d) ? long.format(toDate(d)!) : fallback);
export const formatShortDate = (d: DateLike) => (toDate(d) ? short.format(toDate(d)!) : '');
export const formatDateTime = (d: DateLike) => (toDate(d) ? withTime.format(toDate(d)!) : '');

const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/London' });
const offset = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'shortOffset' });

export const formatTime = (d: DateLike) => (toDate(d) ? time.format(toDate(d)!) : '');

/** The instant a date and 24-hour time mean on a clock in England (GMT or BST). */
export function fromUkTime(date: string, hhmm: string): Date {
	const asUtc = new Date(`${date}T${hhmm}:00Z`);
	const name = offset.formatToParts(asUtc).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
	const hours = Number(/GMT([+-]\d+)?/.exec(name)?.[1] ?? 0);
	return new Date(asUtc.getTime() - hours * 60 * 60 * 1000);
}
