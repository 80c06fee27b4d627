// Dates as people in England read them, in UK time.
const long = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const short = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/London' });
const withTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });

type DateLike = Date | string | null | undefined;
const toDate = (d: DateLike) => (d ? new Date(d) : null);

export const formatDate = (d: DateLike, fallback = '') => (toDate(d) ? long.format(toDate(d)!) : fallback);
export const formatShortDate = (d: DateLike) => (toDate(d) ? short.format(toDate(d)!) : '');
export const formatDateTime = (d: DateLike) => (toDate(d) ? withTime.format(toDate(d)!) : '');
