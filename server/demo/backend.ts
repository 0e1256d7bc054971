/** Puts the demo together: base images, seeded database, fault plan, and the API routes. */
import type { HttpBindings } from '@hono/node-server';
import type { Hono } from 'hono';
import { demoApi } from './api.ts';
import { FAULT_MIN_PHOTOS, FaultState, planFaults, type FaultInfo } from './faults.ts';
import { ensureBaseImages, type BaseImageSet } from './images.ts';
import { BaseImageCache } from './photo-bytes.ts';
import { openDemoDb, seedDemoDb, type SeededDb } from './seed.ts';

export interface DemoOptions {
  /** How many photos to seed (DEMO_PHOTOS); default 300. */
  photos?: number;
  /** Added delay per API and image response (DEMO_LATENCY_MS); default 0. */
  latencyMs?: number;
  /** The key clients must send (DEMO_API_KEY); default 'demo'. */
  apiKey?: string;
  /** DEMO_FAULTS=1: deterministic failures for tests, see FaultInfo. */
  faults?: boolean;
  /** Default true; false stands up a CORS-less server (an upstream for the proxy test). */
  cors?: boolean;
  /** Where the SQLite file lives. */
  dataDir: string;
  /** Where the generated base JPEGs are cached (shared between instances). */
  imageCacheDir: string;
}

export interface DemoBackend {
  api: Hono<{ Bindings: HttpBindings }>;
  apiKey: string;
  photos: number;
  db: SeededDb;
  images: BaseImageSet;
  faults?: FaultInfo;
  close(): void;
}

export const DEFAULT_PHOTOS = 300;
export const DEFAULT_API_KEY = 'demo';

export async function startDemo(options: DemoOptions): Promise<DemoBackend> {
  const photos = options.photos ?? DEFAULT_PHOTOS;
  if (!Number.isInteger(photos) || photos < 1) {
    throw new Error(`DEMO_PHOTOS must be a positive integer, got ${photos}`);
  }
  if (options.faults && photos < FAULT_MIN_PHOTOS) {
    throw new Error(`fault mode needs at least ${FAULT_MIN_PHOTOS} photos, got ${photos}`);
  }
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  const images = await ensureBaseImages(options.imageCacheDir);
  const seeded = seedDemoDb(options.dataDir, photos, images);
  const db = openDemoDb(seeded.file);
  let faults: FaultState | undefined;
  if (options.faults) {
    const first = db
      .prepare<[], { objectId: string }>(
        `SELECT objectId FROM photos ORDER BY createdAt, objectId LIMIT ${FAULT_MIN_PHOTOS}`,
      )
      .all();
    faults = new FaultState(planFaults(first.map((row) => row.objectId)));
  }
  const api = demoApi({
    db,
    companyId: seeded.companyId,
    apiKey,
    latencyMs: options.latencyMs ?? 0,
    cors: options.cors ?? true,
    images: new BaseImageCache(options.imageCacheDir),
    faults,
  });
  return {
    api,
    apiKey,
    photos,
    db: seeded,
    images,
    faults: faults?.info,
    close() {
      faults?.close();
      db.close();
    },
  };
}
