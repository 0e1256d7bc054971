/**
 * Real JPEGs for the demo: one large and one medium base image per day of the window, cached
 * as files and shared by every server instance (photo-bytes.ts makes each photo's bytes).
 */
import { createHash } from 'node:crypto';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { windowDays } from './calendar.ts';
import { dateOverlaySvg } from './date-art.ts';
import { Prng } from './prng.ts';

export type ImageSize = 'large' | 'medium';

/** Bump when the rendering changes, so old cached files are not mixed with new ones. */
const RENDER_VERSION = 'v1';
const LOCK_STALE_MS = 120_000;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export interface BaseImageSet {
  dir: string;
  /** Byte length of each day's base images, keyed by `yyyy-MM-dd`. */
  lengths: Map<string, Record<ImageSize, number>>;
  /** Hash of all lengths: a seeded database is only valid for the images it was built from. */
  fingerprint: string;
  /** How many days had to be rendered now (0 when the cache was complete). */
  rendered: number;
  elapsedMs: number;
}

export function baseImagePath(dir: string, day: string, size: ImageSize): string {
  return join(dir, `${RENDER_VERSION}-${day}-${size}.jpg`);
}

/** Renders the missing base images (in parallel, safe against other processes doing the same). */
export async function ensureBaseImages(dir: string): Promise<BaseImageSet> {
  const started = performance.now();
  await mkdir(dir, { recursive: true });
  const days = windowDays();
  let rendered = 0;
  let pending = [...days];
  while (pending.length > 0) {
    const lockedElsewhere: string[] = [];
    await runPool(pending, Math.max(1, Math.min(availableParallelism(), 4)), async (day) => {
      if (await isComplete(dir, day)) return;
      const outcome = await renderWithLock(dir, day);
      if (outcome === 'rendered') rendered++;
      else lockedElsewhere.push(day);
    });
    // Another process is rendering these: wait for it, then look again.
    if (lockedElsewhere.length > 0) await sleep(250);
    pending = lockedElsewhere;
  }
  const lengths = new Map<string, Record<ImageSize, number>>();
  for (const day of days) {
    const [large, medium] = await Promise.all([
      stat(baseImagePath(dir, day, 'large')),
      stat(baseImagePath(dir, day, 'medium')),
    ]);
    lengths.set(day, { large: large.size, medium: medium.size });
  }
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([...lengths]))
    .digest('hex')
    .slice(0, 16);
  return { dir, lengths, fingerprint, rendered, elapsedMs: performance.now() - started };
}

async function isComplete(dir: string, day: string): Promise<boolean> {
  const exists = (path: string) =>
    stat(path).then(
      () => true,
      () => false,
    );
  return (
    (await exists(baseImagePath(dir, day, 'large'))) &&
    (await exists(baseImagePath(dir, day, 'medium')))
  );
}

async function renderWithLock(dir: string, day: string): Promise<'rendered' | 'locked'> {
  const lock = join(dir, `${RENDER_VERSION}-${day}.lock`);
  try {
    await (await open(lock, 'wx')).close();
  } catch {
    const age = await stat(lock).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    // A crashed process leaves its lock behind; take over after a while.
    if (age > LOCK_STALE_MS) await unlink(lock).catch(() => undefined);
    return 'locked';
  }
  try {
    const images = await renderDay(day);
    for (const size of ['large', 'medium'] as const) {
      const path = baseImagePath(dir, day, size);
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFileFully(tmp, images[size]);
      await rename(tmp, path);
    }
    return 'rendered';
  } finally {
    await unlink(lock).catch(() => undefined);
  }
}

async function writeFileFully(path: string, bytes: Buffer): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(bytes);
  } finally {
    await handle.close();
  }
}

/** The day's two JPEGs: a per-day hue gradient, noise (for realistic sizes), and the date. */
export async function renderDay(day: string): Promise<Record<ImageSize, Buffer>> {
  const prng = new Prng(hashSeed(day));
  const portrait = prng.chance(0.25);
  const hue = prng.int(0, 359);
  // Noise drives the JPEG size: large images land between ~0.5 and ~1.5 MB.
  const amplitude = prng.int(64, 190);
  const [width, height] = portrait ? [1200, 1600] : [1600, 1200];
  const caption = `${WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()] ?? ''} - Foko demo photo`;
  const mediumWidth = 480;
  const mediumHeight = Math.round((height * mediumWidth) / width);
  const [large, medium] = await Promise.all([
    renderJpeg(day, caption, width, height, hue, amplitude, prng.uint32(), 85),
    renderJpeg(day, caption, mediumWidth, mediumHeight, hue, 40, prng.uint32(), 80),
  ]);
  return { large, medium };
}

async function renderJpeg(
  day: string,
  caption: string,
  width: number,
  height: number,
  hue: number,
  amplitude: number,
  noiseSeed: number,
  quality: number,
): Promise<Buffer> {
  const pixels = gradientWithNoise(width, height, hue, amplitude, noiseSeed);
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .composite([{ input: Buffer.from(dateOverlaySvg(day, width, height, caption)) }])
    .jpeg({ quality })
    .toBuffer();
}

function gradientWithNoise(
  width: number,
  height: number,
  hue: number,
  amplitude: number,
  seed: number,
): Buffer {
  // 512-step colour ramp along the diagonal, from a light tint to a dark shade of the day's hue.
  const ramp = new Float32Array(512 * 3);
  const from = hslToRgb(hue, 0.55, 0.62);
  const to = hslToRgb((hue + 50) % 360, 0.6, 0.28);
  for (let t = 0; t < 512; t++) {
    for (let c = 0; c < 3; c++) {
      ramp[t * 3 + c] = (from[c] ?? 0) + (((to[c] ?? 0) - (from[c] ?? 0)) * t) / 511;
    }
  }
  const out = new Uint8ClampedArray(width * height * 3);
  const half = amplitude / 2;
  const scale = amplitude / 256;
  let s = seed >>> 0 || 1;
  let i = 0;
  for (let y = 0; y < height; y++) {
    const ty = (y * 255) / height;
    for (let x = 0; x < width; x++) {
      const t = ((((x * 255) / width + ty) | 0) * 3) as number;
      // xorshift32 inline: this loop runs millions of times per image.
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      out[i++] = (ramp[t] ?? 0) + (s & 255) * scale - half;
      out[i++] = (ramp[t + 1] ?? 0) + ((s >>> 8) & 255) * scale - half;
      out[i++] = (ramp[t + 2] ?? 0) + ((s >>> 16) & 255) * scale - half;
    }
  }
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => 255 * (l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1))));
  return [f(0), f(8), f(4)];
}

function hashSeed(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

async function runPool<T>(items: T[], size: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: size }, worker));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
