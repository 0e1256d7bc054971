import { describe, expect, it } from 'vitest';
import type { Photo } from '../api/types';
import { archiveEntryEstimate, archiveNameFor, partFileName, planParts } from './parts';

const photo = (i: number, largeImageLength?: number): Photo => ({
  objectId: `P${i}`,
  createdAt: '2014-10-01T00:00:00.000Z',
  largeImage: `https://x/${i}`,
  ...(largeImageLength === undefined ? {} : { largeImageLength }),
});

describe('planParts', () => {
  it('keeps everything in one part when it fits, named without a part number', () => {
    const plans = planParts([photo(1, 1000), photo(2, 1000)], {
      partSizeBytes: 1e9,
      archiveName: 'foko',
    });
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ index: 1, count: 1, fileName: 'foko.zip' });
  });

  it('splits in order so each part stays within the size, and names the parts', () => {
    const photos = Array.from({ length: 10 }, (_, i) => photo(i, 100_000));
    const plans = planParts(photos, {
      partSizeBytes: 350_000,
      archiveName: 'foko-photos-2014-10-01_to_2014-10-08',
    });
    expect(plans.map((p) => p.photos.length)).toEqual([3, 3, 3, 1]);
    expect(plans.flatMap((p) => p.photos)).toEqual(photos);
    expect(plans.map((p) => p.fileName)).toEqual([
      'foko-photos-2014-10-01_to_2014-10-08-part1-of-4.zip',
      'foko-photos-2014-10-01_to_2014-10-08-part2-of-4.zip',
      'foko-photos-2014-10-01_to_2014-10-08-part3-of-4.zip',
      'foko-photos-2014-10-01_to_2014-10-08-part4-of-4.zip',
    ]);
    for (const plan of plans) expect(plan.estimatedBytes).toBeLessThanOrEqual(350_000);
  });

  it('gives a photo larger than a part a part of its own', () => {
    const plans = planParts([photo(1, 10), photo(2, 5_000_000), photo(3, 10)], {
      partSizeBytes: 1_000_000,
      archiveName: 'a',
    });
    expect(plans.map((p) => p.photos.map((x) => x.objectId))).toEqual([['P1'], ['P2'], ['P3']]);
  });

  it('counts a photo without a recorded size as the default', () => {
    expect(archiveEntryEstimate(photo(1))).toBeGreaterThan(2_000_000);
    const plans = planParts([photo(1), photo(2)], { partSizeBytes: 3_000_000, archiveName: 'a' });
    expect(plans).toHaveLength(2);
  });

  it('plans nothing for no photos', () => {
    expect(planParts([], { partSizeBytes: 1, archiveName: 'a' })).toEqual([]);
  });

  it('makes a safe archive file name whatever it is given', () => {
    expect(partFileName('../../evil/name', 1, 1)).toBe('evil_name.zip');
    expect(partFileName('CON', 2, 3)).toBe('_CON-part2-of-3.zip');
  });
});

describe('archiveNameFor', () => {
  const now = new Date(2024, 0, 5, 10, 20, 30);
  it('names by the filter', () => {
    expect(archiveNameFor({ from: '2014-10-01', to: '2014-10-08' }, now)).toBe(
      'foko-photos-2014-10-01_to_2014-10-08',
    );
    expect(archiveNameFor({ from: '2014-10-01', to: '2014-10-01' }, now)).toBe(
      'foko-photos-2014-10-01',
    );
    expect(archiveNameFor({ from: '2014-10-01' }, now)).toBe('foko-photos-from-2014-10-01');
    expect(archiveNameFor({ to: '2014-10-08' }, now)).toBe('foko-photos-to-2014-10-08');
    expect(archiveNameFor({ after: '2014-10-01T23:49:36.353Z' }, now)).toBe(
      'foko-photos-after-2014-10-01T23-49-36.353Z',
    );
    expect(
      archiveNameFor(
        { from: '2014-10-01', to: '2014-10-08', after: '2014-10-01T23:49:36.353Z' },
        now,
      ),
    ).toBe('foko-photos-2014-10-01_to_2014-10-08-after-2014-10-01T23-49-36.353Z');
  });

  it('falls back to the current time, and never lets input escape the name', () => {
    expect(archiveNameFor({}, now)).toBe('foko-photos-2024-01-05T10-20-30');
    expect(archiveNameFor({ from: '../../x', to: 'a/b\u0000' }, now)).toMatch(
      /^foko-photos-[A-Za-z0-9._-]+$/,
    );
  });
});
