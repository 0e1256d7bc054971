import { browserTimeZone } from '../api/calendar-day';
import type { Photo } from '../api/types';
import { zonedFormatter } from './zoned-formats';

const ALT_TEXT_LENGTH = 120;

/** "Oct 1, 2014, 7:49:36 PM EDT" in `zone`; the raw text if it is not a date. */
export function formatDateTime(iso: string, zone: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return zonedFormatter('date-time', zone, {
    dateStyle: 'medium',
    timeStyle: 'long',
  }).format(time);
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** One line of at most `max` characters, cut between graphemes (no split emoji) and words. */
export function shortenText(text: string, max = ALT_TEXT_LENGTH): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  let cut = '';
  for (const { segment } of graphemes.segment(line)) {
    if (cut.length + segment.length > max - 1) break;
    cut += segment;
  }
  const lastSpace = cut.lastIndexOf(' ');
  // Prefer a word boundary unless it would throw away much of the text.
  if (lastSpace > max * 0.75) cut = cut.slice(0, lastSpace);
  return `${cut.trimEnd()}…`;
}

/** The tile's `alt`: its description, shortened, or "Photo from <date>" when there is none. */
export function altText(photo: Photo, zone: string = browserTimeZone()): string {
  const description = shortenText(photo.description ?? '');
  return description || `Photo from ${formatDateTime(photo.createdAt, zone)}`;
}

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const;

/** Decimal units, as file managers show sizes: 15_800_000 -> "15.8 MB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return '0 B';
  let unit = 0;
  let value = bytes;
  // Round first so 999_960 bytes reads "1 MB", not "1000 kB".
  while (unit < UNITS.length - 1 && Number(value.toFixed(unit === 0 ? 0 : 1)) >= 1000) {
    value /= 1000;
    unit++;
  }
  const text = unit === 0 ? String(Math.round(value)) : value.toFixed(1).replace(/\.0$/, '');
  return `${text} ${UNITS[unit]}`;
}
