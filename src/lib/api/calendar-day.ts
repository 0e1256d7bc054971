import { TZDate } from '@date-fns/tz';

/** A whole day as the user picks it in a date input: `yyyy-MM-dd`. */
export type CalendarDay = string;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The browser's own zone; the default for day boundaries unless the user picks UTC. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** True for an IANA zone name the runtime knows, e.g. `America/Toronto` or `UTC`. */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Year, month (1-12) and day of a real calendar date, or undefined (e.g. 2014-02-30, 'abc'). */
export function parseCalendarDay(
  day: string,
): { year: number; month: number; day: number } | undefined {
  const match = DAY_PATTERN.exec(day);
  if (!match) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Years before 1000 would be read as 19xx by Date and TZDate; no photo is that old.
  if (year < 1000) return undefined;
  // The Date constructor rolls 2014-02-30 over to March; a real date survives the round trip.
  const probe = new Date(0);
  probe.setUTCFullYear(year, month - 1, date);
  const real =
    probe.getUTCFullYear() === year &&
    probe.getUTCMonth() === month - 1 &&
    probe.getUTCDate() === date;
  return real ? { year, month, day: date } : undefined;
}

/** The day after `day` (`yyyy-MM-dd`), across month and year ends. */
export function nextCalendarDay(day: CalendarDay): CalendarDay {
  const parts = parseCalendarDay(day);
  if (!parts) throw new RangeError(`Not a calendar day: ${day}`);
  const next = new Date(0);
  next.setUTCFullYear(parts.year, parts.month - 1, parts.day + 1);
  return next.toISOString().slice(0, 10);
}

/** The first instant of `day` in `zone` (TZDate handles DST, including days that skip midnight). */
export function startOfDayIn(day: CalendarDay, zone: string): Date {
  const parts = parseCalendarDay(day);
  if (!parts) throw new RangeError(`Not a calendar day: ${day}`);
  const start = new TZDate(parts.year, parts.month - 1, parts.day, zone);
  const time = start.getTime();
  if (Number.isNaN(time)) throw new RangeError(`Unknown time zone: ${zone}`);
  return new Date(time);
}
