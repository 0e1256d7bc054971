import { describe, expect, it } from 'vitest';
import {
  extensionFor,
  photoEntryPath,
  photoEntryStem,
  safeSegment,
  uniqueEntryStems,
} from './file-names';

const at = '2014-09-26T01:26:20.169Z';

/** What every entry path must satisfy, whatever the data. */
function expectSafe(path: string) {
  const [folder, name, ...rest] = path.split('/');
  expect(folder).toBe('photos');
  expect(rest).toEqual([]);
  expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
  expect(name).not.toContain('..');
  expect(name).not.toMatch(/^[.]|[. ]$/);
  expect(name!.split('.')[0]).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)$/i);
  expect(name!.length).toBeLessThanOrEqual(150);
}

describe('file names', () => {
  it('builds a sortable path from the date and id', () => {
    expect(
      photoEntryPath(photoEntryStem({ objectId: 'ABCDEF1234', createdAt: at }), 'image/jpeg'),
    ).toBe('photos/2014-09-26T01-26-20.169Z_ABCDEF1234.jpg');
  });

  it('takes the extension from Content-Type', () => {
    expect(extensionFor('image/jpeg')).toBe('jpg');
    expect(extensionFor('IMAGE/JPEG; charset=binary')).toBe('jpg');
    expect(extensionFor('image/png')).toBe('png');
    expect(extensionFor('image/gif')).toBe('gif');
    expect(extensionFor('image/webp')).toBe('webp');
    expect(extensionFor('image/heic')).toBe('heic');
    expect(extensionFor('text/html')).toBe('bin');
    expect(extensionFor('')).toBe('bin');
  });

  it.each(
    [
      '../../etc/passwd',
      '..',
      '.',
      'a/b',
      'a\\b',
      'CON',
      'nul',
      'com1',
      'LPT9.txt',
      'name. ',
      'tab\there',
      'nl\nx\r',
      'nul\u0000byte',
      '\u202Eevil\u202C',
      'héllo wörld 写真 🎉',
      'x'.repeat(5000),
      '',
    ].map((id) => [JSON.stringify(id).slice(0, 24), id]),
  )('keeps hostile id %s inside photos/', (_, objectId) => {
    expectSafe(photoEntryPath(photoEntryStem({ objectId, createdAt: at }), 'image/jpeg'));
    expectSafe(
      photoEntryPath(photoEntryStem({ objectId: 'OK', createdAt: objectId }), 'image/jpeg'),
    );
  });

  it('guards reserved device names and empty segments', () => {
    expect(safeSegment('CON', 'x')).toBe('_CON');
    expect(safeSegment('aux.jpg', 'x')).toBe('_aux.jpg');
    expect(safeSegment('console', 'x')).toBe('console');
    expect(safeSegment('///', 'fallback')).toBe('fallback');
    expect(safeSegment(undefined, 'fallback')).toBe('fallback');
    expect(safeSegment('a..b...c', 'x')).toBe('a.b.c');
  });

  it('guards each segment even when the date is missing', () => {
    expect(photoEntryStem({ objectId: 'CON', createdAt: '' })).toBe('photos/unknown-date__CON');
  });

  it('makes names unique within a part, ignoring case, in the given order', () => {
    const stems = uniqueEntryStems([
      { objectId: 'abc', createdAt: at },
      { objectId: 'ABC', createdAt: at },
      { objectId: 'abc', createdAt: at },
      { objectId: 'a/b', createdAt: at },
      { objectId: 'a:b', createdAt: at },
    ]);
    expect(stems).toEqual([
      'photos/2014-09-26T01-26-20.169Z_abc',
      'photos/2014-09-26T01-26-20.169Z_ABC-2',
      'photos/2014-09-26T01-26-20.169Z_abc-3',
      'photos/2014-09-26T01-26-20.169Z_a_b',
      'photos/2014-09-26T01-26-20.169Z_a_b-2',
    ]);
    expect(new Set(stems.map((s) => s.toLowerCase())).size).toBe(stems.length);
  });
});
