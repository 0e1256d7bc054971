import Papa from 'papaparse';
import type { Photo } from '../api/types';

export const MANIFEST_COLUMNS = [
  'objectId',
  'createdAt',
  'updatedAt',
  'description',
  'largeImage',
  'largeImageLength',
  'mediumImage',
  'mediumImageLength',
  'file',
  'bytes',
  'status',
  'error',
] as const;

export type ManifestColumn = (typeof MANIFEST_COLUMNS)[number];
export type ManifestRow = Record<ManifestColumn, string>;

/** What happened to one photo: stored at `file`, or failed for `reason`. */
export type PhotoOutcome =
  | { photo: Photo; status: 'ok'; file: string; bytes: number }
  | { photo: Photo; status: 'failed'; reason: string };

// Papaparse's own `escapeFormulae: true` uses /^[=+\-@\t\r].*$/, which misses "=1\n..." (`.`
// stops at a newline), so the guard is this anchored prefix test instead.
const FORMULA_START = /^[=+\-@\t\r]/;

const BOM = '\uFEFF';

/** API data is untrusted at runtime: anything but a string or a finite number becomes an empty cell. */
function cell(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

export function manifestRow(outcome: PhotoOutcome): ManifestRow {
  const { photo } = outcome;
  return {
    objectId: cell(photo.objectId),
    createdAt: cell(photo.createdAt),
    updatedAt: cell(photo.updatedAt),
    description: cell(photo.description),
    largeImage: cell(photo.largeImage),
    largeImageLength: cell(photo.largeImageLength),
    mediumImage: cell(photo.mediumImage),
    mediumImageLength: cell(photo.mediumImageLength),
    file: outcome.status === 'ok' ? outcome.file : '',
    bytes: outcome.status === 'ok' ? String(outcome.bytes) : '',
    status: outcome.status,
    error: outcome.status === 'failed' ? outcome.reason : '',
  };
}

/** RFC 4180 text with a UTF-8 BOM (so Excel reads the accents and emoji) and CRLF line ends. */
export function manifestCsv(outcomes: readonly PhotoOutcome[]): string {
  const csv = Papa.unparse(
    { fields: [...MANIFEST_COLUMNS], data: outcomes.map(manifestRow) },
    { quotes: true, newline: '\r\n', header: true, escapeFormulae: FORMULA_START },
  );
  return `${BOM}${csv}\r\n`;
}

/** Upper bound of one row's size in the manifest, for part planning (3 bytes per UTF-16 unit). */
export function manifestRowEstimate(photo: Photo): number {
  const text = [
    photo.objectId,
    photo.createdAt,
    photo.updatedAt,
    photo.description,
    photo.largeImage,
    photo.mediumImage,
  ].reduce((sum, value) => sum + cell(value).length, 0);
  // Quotes, commas, numbers, file name, status and error text.
  return 3 * text + 400;
}
