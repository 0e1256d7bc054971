/**
 * The demo photo table: generated deterministically (same parameters, same rows, on any
 * machine) and stored in SQLite, reused across starts while the parameters match.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DAY_MS, WINDOW_DAYS, WINDOW_START, utcDay } from './calendar.ts';
import { SPECIAL_DESCRIPTIONS, ordinaryDescription, type Description } from './descriptions.ts';
import type { BaseImageSet } from './images.ts';
import { photoComment, photoImageLength } from './photo-bytes.ts';
import { Prng } from './prng.ts';

/** Bump when generation changes, so stale database files are rebuilt. */
const SEED_VERSION = 1;
const SEED = 20140901;
const HOUR_MS = 3_600_000;

/**
 * Exact instants from the seed document's examples, so `$gt` vs `$gte` and `$lt` vs `$lte`
 * make a visible difference in tests.
 */
export const PINNED_CREATED_AT = [
  '2014-10-01T23:49:36.353Z',
  '2014-10-01T00:00:00.000Z',
  '2014-10-08T00:00:00.000Z',
] as const;

export interface PhotoRow {
  objectId: string;
  createdAt: string;
  updatedAt: string;
  description: Description;
  largeUuid: string;
  mediumUuid: string;
  largeImageLength: number;
  mediumImageLength: number;
}

export interface DemoData {
  companyId: string;
  rows: PhotoRow[];
}

/** Builds the rows in list order: (createdAt, objectId) ascending. */
export function generatePhotos(count: number, images: BaseImageSet): DemoData {
  const prng = new Prng(SEED);
  const companyId = prng.objectId();
  const times = photoTimes(count, prng);

  const usedIds = new Set<string>();
  const rows: PhotoRow[] = times.map((createdMs, index) => {
    let objectId = prng.objectId();
    while (usedIds.has(objectId)) objectId = prng.objectId();
    usedIds.add(objectId);
    const createdAt = new Date(createdMs).toISOString();
    const edited = prng.chance(0.3);
    const updatedAt = edited
      ? new Date(createdMs + prng.int(1_000, 10 * DAY_MS)).toISOString()
      : createdAt;
    // Specials on every other photo of the first screen, ordinary text in between.
    const special = index % 2 === 1 ? SPECIAL_DESCRIPTIONS[(index - 1) / 2] : undefined;
    const description = special !== undefined ? special : ordinaryDescription(prng);
    const base = images.lengths.get(utcDay(createdMs));
    if (!base) throw new Error(`no base image for ${utcDay(createdMs)}`);
    return {
      objectId,
      createdAt,
      updatedAt,
      description,
      largeUuid: prng.uuid(),
      mediumUuid: prng.uuid(),
      largeImageLength: photoImageLength(base.large, photoComment(objectId, createdAt, 'large')),
      mediumImageLength: photoImageLength(base.medium, photoComment(objectId, createdAt, 'medium')),
    };
  });
  rows.sort((a, b) =>
    a.createdAt < b.createdAt
      ? -1
      : a.createdAt > b.createdAt
        ? 1
        : a.objectId < b.objectId
          ? -1
          : 1,
  );
  return { companyId, rows };
}

/** Sorted creation instants: several a day in working hours, some days empty, a few ties. */
function photoTimes(count: number, prng: Prng): number[] {
  const weights = Array.from({ length: WINDOW_DAYS }, (_, day) => {
    const weekday = new Date(WINDOW_START + day * DAY_MS).getUTCDay();
    if (prng.chance(0.12)) return 0; // a day without photos
    const weekdayFactor = weekday === 0 ? 0.3 : weekday === 6 ? 0.6 : 1;
    return weekdayFactor * (0.3 + prng.next() * 1.4);
  });
  const cumulative: number[] = [];
  let total = 0;
  for (const weight of weights) cumulative.push((total += weight));

  const pinned = count >= 40 ? PINNED_CREATED_AT.map((iso) => Date.parse(iso)) : [];
  const times = [...pinned];
  while (times.length < count) {
    const day = lowerBound(cumulative, prng.next() * total);
    // Field reps in the Americas: mostly 11:00-24:00 UTC.
    times.push(WINDOW_START + day * DAY_MS + prng.int(11 * HOUR_MS, DAY_MS - 1));
  }
  times.sort((a, b) => a - b);

  // Ties to the millisecond: one pair on the first screen, then one every ~150 photos.
  const pinnedSet = new Set(pinned);
  for (let i = 2; i + 1 < times.length; i += i === 2 ? 148 : prng.int(120, 180)) {
    const time = times[i];
    if (time === undefined || pinnedSet.has(time) || pinnedSet.has(times[i + 1] ?? -1)) continue;
    times[i + 1] = time;
  }
  return times;
}

function lowerBound(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? Infinity) > value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export interface SeededDb {
  file: string;
  companyId: string;
  count: number;
  /** False when an existing file with the same parameters was reused. */
  seeded: boolean;
  elapsedMs: number;
}

/** Path of the database for these parameters. */
export function demoDbFile(dataDir: string, photos: number): string {
  return join(dataDir, `demo-${photos}-v${SEED_VERSION}.sqlite`);
}

/**
 * Makes sure `<dataDir>/demo-<photos>-v1.sqlite` holds the rows for these parameters and base
 * images. Built under a temporary name and renamed, so concurrent starts never see half a file.
 */
export function seedDemoDb(dataDir: string, photos: number, images: BaseImageSet): SeededDb {
  const started = performance.now();
  const file = demoDbFile(dataDir, photos);
  const wanted = {
    version: String(SEED_VERSION),
    photos: String(photos),
    images: images.fingerprint,
  };
  if (existsSync(file)) {
    const db = openDemoDb(file);
    try {
      const meta = readMeta(db);
      if (
        meta.version === wanted.version &&
        meta.photos === wanted.photos &&
        meta.images === wanted.images &&
        meta.companyId
      ) {
        return {
          file,
          companyId: meta.companyId,
          count: photos,
          seeded: false,
          elapsedMs: performance.now() - started,
        };
      }
    } catch {
      // Unreadable or foreign file: rebuild below.
    } finally {
      db.close();
    }
  }

  mkdirSync(dataDir, { recursive: true });
  const { companyId, rows } = generatePhotos(photos, images);
  const tmp = `${file}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  const db = new Database(tmp);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE photos (
        objectId TEXT PRIMARY KEY,
        createdAt TEXT NOT NULL,   -- yyyy-MM-ddTHH:mm:ss.SSSZ: sorts like the instant
        updatedAt TEXT NOT NULL,
        description TEXT,          -- NULL: the field is absent from the JSON
        largeUuid TEXT NOT NULL,
        mediumUuid TEXT NOT NULL,
        largeImageLength INTEGER NOT NULL,
        mediumImageLength INTEGER NOT NULL
      );
      CREATE INDEX photos_order ON photos (createdAt, objectId);
    `);
    const insert = db.prepare(
      `INSERT INTO photos VALUES (@objectId, @createdAt, @updatedAt, @description,
        @largeUuid, @mediumUuid, @largeImageLength, @mediumImageLength)`,
    );
    const insertMeta = db.prepare('INSERT INTO meta VALUES (?, ?)');
    db.transaction(() => {
      for (const row of rows) insert.run(row);
      for (const [key, value] of Object.entries({ ...wanted, companyId }))
        insertMeta.run(key, value);
    })();
  } finally {
    db.close();
  }
  renameSync(tmp, file);
  return {
    file,
    companyId,
    count: rows.length,
    seeded: true,
    elapsedMs: performance.now() - started,
  };
}

/** Opens a seeded demo database read-only (the server never writes to it; tests count rows). */
export function openDemoDb(file: string): Database.Database {
  return new Database(file, { readonly: true, fileMustExist: true });
}

function readMeta(db: Database.Database): Record<string, string> {
  const rows = db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[];
  return Object.fromEntries(rows.map((row) => [row.key, row.value]));
}
