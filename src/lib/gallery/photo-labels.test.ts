import { describe, expect, it } from 'vitest';
import { altText, formatBytes, formatDateTime, shortenText } from './photo-labels';

const photo = {
  objectId: 'ABCDEF1234',
  createdAt: '2014-10-01T23:49:36.353Z',
  largeImage: 'http://h/x.jpg',
};

describe('altText', () => {
  it('uses the description, on one line', () => {
    expect(altText({ ...photo, description: ' Roof\nleak,\r\n  north side ' }, 'UTC')).toBe(
      'Roof leak, north side',
    );
  });

  it('shortens a long description with an ellipsis, not mid-emoji', () => {
    const long = `${'word '.repeat(30)}👩‍👩‍👧 ${'x'.repeat(3000)}`;
    const alt = altText({ ...photo, description: long }, 'UTC');
    expect(alt.length).toBeLessThanOrEqual(120);
    expect(alt.endsWith('…')).toBe(true);
    expect(shortenText('a'.repeat(118) + '👩‍👩‍👧', 120)).toBe(`${'a'.repeat(118)}…`);
  });

  it('falls back to the date when there is no description', () => {
    expect(altText(photo, 'UTC')).toBe(`Photo from ${formatDateTime(photo.createdAt, 'UTC')}`);
    expect(altText({ ...photo, description: ' \n ' }, 'America/Toronto')).toMatch(
      /^Photo from Oct 1, 2014, 7:49:36 PM EDT$/,
    );
  });
});

describe('formatDateTime', () => {
  it('formats in the chosen zone', () => {
    expect(formatDateTime(photo.createdAt, 'UTC')).toBe('Oct 1, 2014, 11:49:36 PM UTC');
    expect(formatDateTime('garbage', 'UTC')).toBe('garbage');
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1 kB'],
    [15_800_000, '15.8 MB'],
    [999_960, '1 MB'],
    [1_250_000_000, '1.3 GB'],
    [NaN, '0 B'],
  ])('%d -> %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
