import { describe, expect, it } from 'vitest';
import type { Photo } from '../api/types';
import { dayKey, dayLabel, groupByDay, type GridRow } from './date-groups';

const at = (createdAt: string, objectId = createdAt): Photo => ({
  objectId,
  createdAt,
  largeImage: 'http://h/x.jpg',
});

describe('dayKey', () => {
  it('reads the day in the chosen zone', () => {
    expect(dayKey('2014-10-02T03:30:00.000Z', 'UTC')).toBe('2014-10-02');
    expect(dayKey('2014-10-02T03:30:00.000Z', 'America/Toronto')).toBe('2014-10-01');
    expect(dayKey('2014-10-01T23:30:00.000Z', 'Asia/Tokyo')).toBe('2014-10-02');
  });

  it('labels a day in words', () => {
    expect(dayLabel('2014-10-01')).toBe('Wednesday, October 1, 2014');
  });
});

describe('groupByDay', () => {
  const photos = [
    at('2014-10-01T10:00:00.000Z', 'a'),
    at('2014-10-01T20:00:00.000Z', 'b'),
    at('2014-10-02T01:00:00.000Z', 'c'),
    at('2014-10-02T05:00:00.000Z', 'd'),
    at('2014-10-02T06:00:00.000Z', 'e'),
  ];
  const shape = (rows: GridRow[]) =>
    rows.map((row) =>
      row.kind === 'header'
        ? `${row.day}(${row.count})`
        : `${row.startIndex}:${row.photos.map((p) => p.objectId).join('')}`,
    );

  it('makes a header per UTC day and rows of at most `columns` tiles', () => {
    expect(shape(groupByDay(photos, 2, 'UTC'))).toEqual([
      '2014-10-01(2)',
      '0:ab',
      '2014-10-02(3)',
      '2:cd',
      '4:e',
    ]);
  });

  it('moves evening photos to the previous day in Toronto', () => {
    expect(shape(groupByDay(photos, 4, 'America/Toronto'))).toEqual([
      '2014-10-01(3)',
      '0:abc',
      '2014-10-02(2)',
      '3:de',
    ]);
  });

  it('gives rows stable, unique keys', () => {
    const rows = groupByDay([...photos, at('2014-10-01T12:00:00.000Z', 'late')], 2, 'UTC');
    const keys = rows.map((row) => row.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.slice(0, 2)).toEqual(['h:2014-10-01', 't:2014-10-01:0']);
    // Appending a page does not rename earlier rows.
    expect(groupByDay(photos.slice(0, 2), 2, 'UTC').map((row) => row.key)).toEqual(
      keys.slice(0, 2),
    );
  });

  it('groups across a DST change by local day', () => {
    const rows = groupByDay(
      [
        at('2014-11-02T04:30:00.000Z'),
        at('2014-11-03T04:30:00.000Z'),
        at('2014-11-03T05:30:00.000Z'),
      ],
      10,
      'America/Toronto',
    );
    expect(shape(rows)).toEqual([
      '2014-11-02(2)',
      '0:2014-11-02T04:30:00.000Z2014-11-03T04:30:00.000Z',
      '2014-11-03(1)',
      '2:2014-11-03T05:30:00.000Z',
    ]);
  });

  // Speed is measured by `npm run bench`, not asserted here; this checks the result at scale.
  it('groups 20,000 photos across zones without losing or repeating one', () => {
    const many = Array.from({ length: 20_000 }, (_, n) =>
      at(new Date(Date.UTC(2014, 0, 1) + n * 17 * 60_000).toISOString(), `p${n}`),
    );
    for (const zone of ['Europe/Berlin', 'Asia/Tokyo', 'Australia/Sydney']) {
      const rows = groupByDay(many, 6, zone);
      const tiles = rows.flatMap((row) => (row.kind === 'tiles' ? row.photos : []));
      expect(tiles.map((photo) => photo.objectId)).toEqual(many.map((photo) => photo.objectId));
      const headers = rows.filter((row) => row.kind === 'header');
      expect(new Set(headers.map((row) => row.key)).size).toBe(headers.length);
    }
  });
});
