import { nextCalendarDay, startOfDayIn } from '../api/calendar-day';
import type { Photo } from '../api/types';
import { zonedFormatter } from './zoned-formats';

/** A row of the virtualized grid: a day's header, or up to `columns` tiles of that day. */
export type GridRow =
  | { kind: 'header'; key: string; day: string; dayLabel: string; count: number }
  | { kind: 'tiles'; key: string; day: string; photos: Photo[]; startIndex: number };

const UNKNOWN_DAY = 'unknown';

function dayKeyAt(time: number, zone: string): string {
  if (Number.isNaN(time)) return UNKNOWN_DAY;
  const parts = zonedFormatter('day-key', zone, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(time);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

/** The calendar day (`yyyy-MM-dd`) of an instant in `zone` ('UTC' or an IANA name). */
export function dayKey(iso: string, zone: string): string {
  return dayKeyAt(Date.parse(iso), zone);
}

// Regrouping runs on every page append, so per-day work is remembered across calls.
const dayLabels = new Map<string, string>();
const dayStarts = new Map<string, number>();
const MAX_REMEMBERED_DAYS = 20_000;

function remember<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = compute();
    if (cache.size >= MAX_REMEMBERED_DAYS) cache.clear();
    cache.set(key, value);
  }
  return value;
}

/** "Wednesday, October 1, 2014" for `2014-10-01`; the zone is already in the key. */
export function dayLabel(day: string): string {
  if (day === UNKNOWN_DAY) return 'Unknown date';
  const noon = Date.parse(`${day}T12:00:00Z`);
  return zonedFormatter('day-label', 'UTC', {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(noon);
}

function startOf(day: string, zone: string): number {
  return remember(dayStarts, `${zone}|${day}`, () => startOfDayIn(day, zone).getTime());
}

/** The label and the instants [start, end) of `day` in `zone`; a day's end is the next one's start. */
function factsOf(day: string, zone: string) {
  const label = remember(dayLabels, day, () => dayLabel(day));
  if (day === UNKNOWN_DAY) return { label, start: NaN, end: NaN };
  return { label, start: startOf(day, zone), end: startOf(nextCalendarDay(day), zone) };
}

/**
 * Flat rows for a virtualized grid: each run of photos on the same day gets a header and
 * rows of `columns` tiles. Photos keep their order; `startIndex` is the first tile's index.
 */
export function groupByDay(photos: readonly Photo[], columns: number, zone: string): GridRow[] {
  const perRow = Math.max(1, Math.floor(columns));
  const rows: GridRow[] = [];
  const timeOf = (index: number) => Date.parse(photos[index]?.createdAt ?? '');
  const runsPerDay = new Map<string, number>();

  let index = 0;
  while (index < photos.length) {
    const time = timeOf(index);
    const day = dayKeyAt(time, zone);
    const { label, start, end } = factsOf(day, zone);
    let runEnd = index + 1;
    for (; runEnd < photos.length; runEnd++) {
      const next = timeOf(runEnd);
      const inDay = next >= start && next < end;
      if (!inDay && dayKeyAt(next, zone) !== day) break;
    }

    // Out-of-order input can revisit a day; keys must stay unique for keyed rendering.
    const run = (runsPerDay.get(day) ?? 0) + 1;
    runsPerDay.set(day, run);
    const runKey = run === 1 ? day : `${day}#${run}`;

    rows.push({
      kind: 'header',
      key: `h:${runKey}`,
      day,
      dayLabel: label,
      count: runEnd - index,
    });
    for (let first = index; first < runEnd; first += perRow) {
      rows.push({
        kind: 'tiles',
        key: `t:${runKey}:${(first - index) / perRow}`,
        day,
        photos: photos.slice(first, Math.min(first + perRow, runEnd)),
        startIndex: first,
      });
    }
    index = runEnd;
  }
  return rows;
}
