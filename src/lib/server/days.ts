// The one reading of a typed date, for forms, the address and content alike.

/** The years a typed date may fall in: nothing the service records is older, or further ahead. */
export const earliestYear = 1900;
export const latestYear = 2199;

export type DayProblem = 'format' | 'unreal';

/**
 * The one reading of a typed date, YYYY-MM-DD, by the calendar rather than by Date (which turns
 * 2026-02-30 into 2 March): a day that exists, in a year the service can store.
 */
export function parseDay(text: string): { ok: true; day: string } | { ok: false; problem: DayProblem } {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (!match) return { ok: false, problem: 'format' };
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	if (year < earliestYear || year > latestYear || month < 1 || month > 12 || day < 1)
		return { ok: false, problem: 'unreal' };
	const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
	const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
	return day <= days ? { ok: true, day: text } : { ok: false, problem: 'unreal' };
}

/** Whether YYYY-MM-DD names a day that exists (not 2026-02-30, not 0000-01-01). */
export const isRealDay = (text: string) => parseDay(text).ok;
