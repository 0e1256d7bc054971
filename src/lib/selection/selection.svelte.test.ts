import { beforeEach, describe, expect, it } from 'vitest';
import type { Photo } from '../api/types';
import { Selection } from './selection.svelte';

const photo = (n: number): Photo => ({
  objectId: `id${String(n).padStart(8, '0')}`,
  createdAt: new Date(Date.UTC(2014, 9, 1, 0, n)).toISOString(),
  largeImage: `https://foko.test/api/v1/photo/${n}`,
  largeImageLength: 1000 + n,
});
const photos = Array.from({ length: 10 }, (_, n) => photo(n));

describe('Selection', () => {
  beforeEach(() => sessionStorage.clear());

  it('toggles, counts and sums the large image sizes', () => {
    const selection = new Selection();
    selection.toggle(photos[1]!);
    selection.toggle(photos[2]!);
    selection.toggle(photos[1]!);
    expect(selection.count).toBe(1);
    expect(selection.has(photos[2]!.objectId)).toBe(true);
    expect(selection.totalBytes).toBe(1002);
  });

  it('selects a Shift range from the last clicked tile, either way', () => {
    const selection = new Selection();
    selection.toggle(photos[6]!);
    selection.selectRange(photos, photos[3]!);
    expect([...selection.photos.keys()].sort()).toEqual(photos.slice(3, 7).map((p) => p.objectId));
    selection.selectRange(photos, photos[8]!);
    expect(selection.count).toBe(6);
  });

  it('survives a reload of the tab, and Clear empties it', () => {
    const first = new Selection();
    first.add(photos.slice(0, 4));
    first.flush();
    const second = new Selection();
    expect(second.count).toBe(4);
    expect(second.photos.get(photos[0]!.objectId)).toEqual(photos[0]);
    second.clear();
    second.flush();
    expect(new Selection().count).toBe(0);
  });

  it('says so when the selection is too large to keep across a reload', () => {
    const full = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('quota', 'QuotaExceededError');
      },
      removeItem: () => undefined,
    } as unknown as Storage;
    const selection = new Selection(full);
    selection.add(photos);
    selection.flush();
    expect(selection.count).toBe(10);
    expect(selection.survivesReload).toBe(false);
  });

  it('ignores a damaged saved selection instead of breaking the page', () => {
    sessionStorage.setItem('foko.selection', '{not json');
    expect(new Selection().count).toBe(0);
  });
});
