import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WINDOW_DAYS, windowDays } from './demo/calendar.ts';
import { SPECIAL_DESCRIPTIONS } from './demo/descriptions.ts';
import { ensureBaseImages, type BaseImageSet } from './demo/images.ts';
import { generatePhotos, openDemoDb, PINNED_CREATED_AT, seedDemoDb } from './demo/seed.ts';
import { REPO_ROOT } from './index.ts';
import { STARTUP_TIMEOUT_MS } from './testing.ts';

let images: BaseImageSet;
const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'foko-seed-'));
  dirs.push(dir);
  return dir;
}

beforeAll(async () => {
  images = await ensureBaseImages(join(REPO_ROOT, 'data', 'images'));
  console.log(
    `base images: ${images.rendered} of ${WINDOW_DAYS * 2} rendered in ${Math.round(images.elapsedMs)} ms`,
  );
}, STARTUP_TIMEOUT_MS);
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('seeding', () => {
  it('is deterministic: the same parameters give identical rows', () => {
    const first = seedDemoDb(tempDir(), 300, images);
    const second = seedDemoDb(tempDir(), 300, images);
    const rows = (file: string) => {
      const db = openDemoDb(file);
      try {
        return db.prepare('SELECT * FROM photos ORDER BY createdAt, objectId').all();
      } finally {
        db.close();
      }
    };
    expect(first.seeded && second.seeded).toBe(true);
    expect(rows(first.file)).toEqual(rows(second.file));
    expect(second.companyId).toBe(first.companyId);
  });

  it('reuses a database with the same parameters', () => {
    const dir = tempDir();
    expect(seedDemoDb(dir, 50, images).seeded).toBe(true);
    expect(seedDemoDb(dir, 50, images).seeded).toBe(false);
    expect(seedDemoDb(dir, 51, images).seeded).toBe(true);
  });

  it('spreads photos realistically over the window', () => {
    const { rows } = generatePhotos(300, images);
    const days = new Set(rows.map((row) => row.createdAt.slice(0, 10)));
    const window = windowDays();
    const sortedDays = [...days].sort();
    expect((sortedDays[0] ?? '') >= (window[0] ?? '')).toBe(true);
    expect((sortedDays.at(-1) ?? '') <= (window.at(-1) ?? '')).toBe(true);
    expect(days.size).toBeLessThan(WINDOW_DAYS); // some days have no photos
    expect(days.size).toBeGreaterThan(WINDOW_DAYS / 2);
    for (const iso of PINNED_CREATED_AT) expect(rows.map((r) => r.createdAt)).toContain(iso);
    const ties = rows.filter((row, i) => rows[i + 1]?.createdAt === row.createdAt);
    expect(ties.length).toBeGreaterThanOrEqual(2);
    expect(rows.some((row) => row.updatedAt > row.createdAt)).toBe(true);
    expect(rows.every((row) => row.updatedAt >= row.createdAt)).toBe(true);
    // objectIds are random, not in time order.
    const ids = rows.map((row) => row.objectId);
    expect(ids).not.toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(300);
    const first60 = rows.slice(0, 60).map((row) => row.description);
    for (const special of SPECIAL_DESCRIPTIONS) expect(first60).toContain(special);
  });

  it('seeds 20,000 photos', () => {
    const dir = tempDir();
    const seeded = seedDemoDb(dir, 20_000, images);
    console.log(`seeded 20,000 photos in ${Math.round(seeded.elapsedMs)} ms`);
    const db = openDemoDb(seeded.file);
    try {
      const { count } = db.prepare('SELECT count(*) AS count FROM photos').get() as {
        count: number;
      };
      expect(count).toBe(20_000);
    } finally {
      db.close();
    }
  });
});
