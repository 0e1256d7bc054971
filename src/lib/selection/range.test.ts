import { describe, expect, it } from 'vitest';
import { rangeBetween, selectionSize } from './range';

const ids = ['a', 'b', 'c', 'd', 'e'];

describe('rangeBetween', () => {
  it('selects inclusively in either direction', () => {
    expect(rangeBetween(ids, 'b', 'd')).toEqual(['b', 'c', 'd']);
    expect(rangeBetween(ids, 'd', 'b')).toEqual(['b', 'c', 'd']);
    expect(rangeBetween(ids, 'c', 'c')).toEqual(['c']);
  });

  it('falls back to the target alone without a known anchor', () => {
    expect(rangeBetween(ids, undefined, 'c')).toEqual(['c']);
    expect(rangeBetween(ids, 'gone', 'c')).toEqual(['c']);
    expect(rangeBetween(ids, 'a', 'gone')).toEqual([]);
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
