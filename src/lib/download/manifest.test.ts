import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Photo } from '../api/types';
import { MANIFEST_COLUMNS, manifestCsv, type PhotoOutcome } from './manifest';

const hostile = [
  'plain',
  'comma, inside',
  'quote " inside "" twice',
  'line\nbreak',
  'crlf\r\nbreak',
  '=HYPERLINK("http://evil","click")',
  '+1+1',
  '-2+3',
  '@SUM(A1)',
  '\tleading tab',
  '\rleading cr',
  '=1\n=2',
  'emoji 🎉👩‍👩‍👧 ok',
  'RTL עברית العربية \u202Eevil',
  '<script>alert(1)</script>',
  'd'.repeat(3000),
  ' padded ',
  '',
];

function outcome(description: string | undefined, i: number): PhotoOutcome {
  const photo: Photo = {
    objectId: `ID${String(i).padStart(8, '0')}`,
    createdAt: '2014-10-01T23:49:36.353Z',
    updatedAt: '2014-10-02T00:00:00.000Z',
    largeImage: `https://api.example/photo/large/${i}`,
    largeImageLength: 1000 + i,
    mediumImage: `https://api.example/photo/medium/${i}`,
    mediumImageLength: 100 + i,
    ...(description === undefined ? {} : { description }),
  };
  return i % 3 === 2
    ? { photo, status: 'failed', reason: 'HTTP 404 Not Found' }
    : { photo, status: 'ok', file: `photos/x_${i}.jpg`, bytes: 1000 + i };
}

const guard = (cell: string) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

describe('manifestCsv', () => {
  const outcomes = hostile.map(outcome);
  const csv = manifestCsv(outcomes);

  it('starts with a BOM and the exact header, with CRLF line ends', () => {
    expect(csv.startsWith('\uFEFF"objectId","createdAt","updatedAt","description",')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    // Outside quoted cells, every line break is CRLF.
    const unquoted = csv.replace(/"(?:[^"]|"")*"/g, '');
    expect(unquoted.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('round-trips every cell through papaparse, bar the formula guard', () => {
    const parsed = Papa.parse<string[]>(csv.slice(1), { newline: '\r\n', skipEmptyLines: false });
    expect(parsed.errors).toEqual([]);
    const [header, ...rows] = parsed.data;
    expect(header).toEqual([...MANIFEST_COLUMNS]);
    expect(rows.at(-1)).toEqual(['']);
    rows.pop();
    expect(rows).toHaveLength(outcomes.length);
    rows.forEach((row, i) => {
      const o = outcomes[i]!;
      expect(row).toEqual([
        o.photo.objectId,
        o.photo.createdAt,
        o.photo.updatedAt,
        guard(hostile[i]!),
        o.photo.largeImage,
        String(o.photo.largeImageLength),
        o.photo.mediumImage,
        String(o.photo.mediumImageLength),
        o.status === 'ok' ? o.file : '',
        o.status === 'ok' ? String(o.bytes) : '',
        o.status,
        o.status === 'failed' ? o.reason : '',
      ]);
    });
  });

  it('guards formulas, even ones followed by a newline', () => {
    const description = (i: number) => Papa.parse<string[]>(csv.slice(1)).data[i + 1]?.[3];
    expect(description(5)).toBe(`'=HYPERLINK("http://evil","click")`);
    expect(description(11)).toBe(`'=1\n=2`);
    expect(description(9)).toBe(`'\tleading tab`);
  });

  it('leaves absent fields empty and marks failed rows', () => {
    const photo = { objectId: 'ABC', createdAt: '2014-10-01T00:00:00.000Z', largeImage: 'u' };
    const text = manifestCsv([{ photo, status: 'failed', reason: 'stalled: no data for 20 s' }]);
    const [, row] = Papa.parse<string[]>(text.slice(1)).data;
    expect(row).toEqual([
      'ABC',
      photo.createdAt,
      '',
      '',
      'u',
      '',
      '',
      '',
      '',
      '',
      'failed',
      'stalled: no data for 20 s',
    ]);
  });

  it('turns junk values from the API into empty cells', () => {
    const photo = {
      objectId: 'ABC',
      createdAt: '2014-10-01T00:00:00.000Z',
      largeImage: 'u',
      largeImageLength: Number.NaN,
      description: { toString: () => '=evil' },
    } as unknown as Photo;
    const [, row] = Papa.parse<string[]>(
      manifestCsv([{ photo, status: 'ok', file: 'f', bytes: 1 }]).slice(1),
    ).data;
    expect(row?.[3]).toBe('');
    expect(row?.[5]).toBe('');
  });
});
