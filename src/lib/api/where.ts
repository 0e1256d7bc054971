import {
  browserTimeZone,
  isKnownTimeZone,
  nextCalendarDay,
  parseCalendarDay,
  startOfDayIn,
} from './calendar-day';

/** The user's filter as the form and the URL hold it. Days are whole days, inclusive. */
export interface PhotoFilter {
  /** First day shown, `yyyy-MM-dd`. */
  from?: string;
  /** Last day shown, `yyyy-MM-dd`, inclusive. */
  to?: string;
  /** Days start at midnight UTC instead of midnight in `timeZone`. */
  utc: boolean;
  /** "Newer than": an exact ISO 8601 UTC timestamp, exclusive. */
  after?: string;
  /** IANA zone for day boundaries when `utc` is false; the browser's by default. */
  timeZone?: string;
}

/** A Parse Date object, the only date form the contract knows. */
export interface ParseDate {
  __type: 'Date';
  iso: string;
}

type LowerBound = { $gte: ParseDate } | { $gt: ParseDate };
type UpperBound = { $lt: ParseDate };

/** The documented `where` forms: one operator, or `$and` with exactly two. */
export type PhotoWhere = {
  createdAt: LowerBound | UpperBound | { $and: LowerBound & UpperBound };
};

/** Inline messages per form field; empty when the filter can be sent. */
export interface FilterProblems {
  from?: string;
  to?: string;
  after?: string;
  timeZone?: string;
}

/** Thrown by `buildWhere` for a filter that `validateFilter` rejects, so no request goes out. */
export class InvalidFilterError extends Error {
  override name = 'InvalidFilterError';
  constructor(readonly problems: FilterProblems) {
    super(Object.values(problems).join(' '));
  }
}

const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** `2014-10-01T23:49:36Z` -> `2014-10-01T23:49:36.000Z`; undefined unless exact, UTC and real. */
export function normalizeTimestamp(text: string): string | undefined {
  if (!TIMESTAMP_PATTERN.test(text)) return undefined;
  const time = Date.parse(text);
  if (Number.isNaN(time)) return undefined;
  const iso = new Date(time).toISOString();
  // Date.parse accepts 24:00 and rolls it over; only a timestamp that names itself is exact.
  const padded = text.replace(/(\.\d{1,3})?Z$/, (_, fraction: string | undefined) =>
    fraction === undefined ? '.000Z' : `${fraction.padEnd(4, '0')}Z`,
  );
  return iso === padded ? iso : undefined;
}

/** Blank form fields mean "no bound". */
function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** The zone whose midnights bound the days. */
export function filterTimeZone(filter: PhotoFilter): string {
  return filter.utc ? 'UTC' : (present(filter.timeZone) ?? browserTimeZone());
}

/** Per-field messages for the filter form; `{}` means the filter is valid. */
export function validateFilter(filter: PhotoFilter): FilterProblems {
  const problems: FilterProblems = {};
  const from = present(filter.from);
  const to = present(filter.to);
  const after = present(filter.after);
  if (from !== undefined && !parseCalendarDay(from)) {
    problems.from = '“From” is not a real date (use yyyy-mm-dd).';
  }
  if (to !== undefined && !parseCalendarDay(to)) {
    problems.to = '“To” is not a real date (use yyyy-mm-dd).';
  }
  // Both are valid yyyy-MM-dd here, so text order is date order.
  if (from !== undefined && to !== undefined && !problems.from && !problems.to && to < from) {
    problems.to = '“To” is before “From”.';
  }
  if (after !== undefined && !normalizeTimestamp(after)) {
    problems.after =
      '“Newer than” must be an exact UTC timestamp such as 2014-10-01T23:49:36.353Z.';
  }
  if (!filter.utc && filter.timeZone !== undefined && !isKnownTimeZone(filterTimeZone(filter))) {
    problems.timeZone = `Unknown time zone “${filter.timeZone}”.`;
  }
  return problems;
}

export type FilterField = keyof FilterProblems;

/** The same problems as a list, for a summary under the form. */
export function listProblems(problems: FilterProblems): { field: FilterField; message: string }[] {
  return (Object.keys(problems) as FilterField[]).flatMap((field) => {
    const message = problems[field];
    return message ? [{ field, message }] : [];
  });
}

export function isFilterValid(filter: PhotoFilter): boolean {
  return Object.keys(validateFilter(filter)).length === 0;
}

function parseDate(time: Date): ParseDate {
  return { __type: 'Date', iso: time.toISOString() };
}

/**
 * The `where` object for the filter, or undefined when nothing is filtered.
 * Throws InvalidFilterError for an invalid filter: never send a wider query than asked for.
 */
export function buildWhere(filter: PhotoFilter): PhotoWhere | undefined {
  const problems = validateFilter(filter);
  if (Object.keys(problems).length > 0) throw new InvalidFilterError(problems);

  const zone = filterTimeZone(filter);
  const from = present(filter.from);
  const to = present(filter.to);
  const afterIso = present(filter.after);
  const fromStart = from === undefined ? undefined : startOfDayIn(from, zone);
  const after = afterIso === undefined ? undefined : new Date(Date.parse(afterIso));

  // $and holds exactly two operators, so keep only the tighter of the two lower bounds.
  let lower: LowerBound | undefined;
  if (after && (!fromStart || after.getTime() >= fromStart.getTime())) {
    lower = { $gt: parseDate(after) };
  } else if (fromStart) {
    lower = { $gte: parseDate(fromStart) };
  }
  const upper: UpperBound | undefined =
    to === undefined ? undefined : { $lt: parseDate(startOfDayIn(nextCalendarDay(to), zone)) };

  if (lower && upper) return { createdAt: { $and: { ...lower, ...upper } } };
  if (lower) return { createdAt: lower };
  if (upper) return { createdAt: upper };
  return undefined;
}
