import { describe, expect, it } from 'vitest';
import { rangeBetween, selectionSize } from './range';

const ids = ['a', 'b', 'c', 'd', 'e'];
const photos = ids.map((objectId) => ({ objectId }));
const rangeIds = (anchor: string | undefined, target: string) =>
  rangeBetween(photos, anchor, target).map((photo) => photo.objectId);

describe('rangeBetween', () => {
  it('selects inclusively in either direction', () => {
    expect(rangeIds('b', 'd')).toEqual(['b', 'c', 'd']);
    expect(rangeIds('d', 'b')).toEqual(['b', 'c', 'd']);
    expect(rangeIds('c', 'c')).toEqual(['c']);
  });

  it('falls back to the target alone without a known anchor', () => {
    expect(rangeIds(undefined, 'c')).toEqual(['c']);
    expect(rangeIds('gone', 'c')).toEqual(['c']);
    expect(rangeIds('a', 'gone')).toEqual([]);
  });
});

describe('selectionSize', () => {
  it('sums large image sizes, counting unknown ones as zero', () => {
    const photos = new Map([
      ['a', { largeImageLength: 1000 }],
      ['b', {}],
      ['c', { largeImageLength: 500 }],
    ]);
    expect(selectionSize(['a', 'b', 'c', 'missing'], photos)).toBe(1500);
  });
});
