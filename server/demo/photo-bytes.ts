/**
 * A photo's bytes are its day's base image with a JPEG comment naming the photo, so every photo
 * differs (and says which it is) while nothing per photo is stored.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { baseImagePath, type ImageSize } from './images.ts';

/**
 * The JPEG comment that makes a photo's bytes unique and says which photo they are. Padded by
 * a per-photo amount so photos of the same day differ in size too. Seeded rows record these
 * lengths: a change here needs a new SEED_VERSION in seed.ts.
 */
export function photoComment(objectId: string, createdAt: string, size: ImageSize): Buffer {
  const padding = createHash('sha256').update(`${objectId}/${size}`).digest().readUInt16BE(0);
  const text = `Foko demo photo objectId=${objectId} createdAt=${createdAt} size=${size} `;
  return Buffer.from(text.padEnd(text.length + (padding % (size === 'large' ? 8192 : 1024)), '.'));
}

/** Byte length of a photo's image: its base image plus a COM segment (marker, length, text). */
export function photoImageLength(baseLength: number, comment: Buffer): number {
  return baseLength + 4 + comment.length;
}

/** The base JPEG with a COM (0xFFFE) segment inserted right after SOI. */
export function withComment(base: Buffer, comment: Buffer): Buffer<ArrayBuffer> {
  if (base[0] !== 0xff || base[1] !== 0xd8) throw new Error('not a JPEG (no SOI marker)');
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(comment.length + 2, 2);
  return Buffer.concat([base.subarray(0, 2), segment, comment, base.subarray(2)]);
}

/** Keeps the most recently served base images in memory (a large one is about 1 MB). */
export class BaseImageCache {
  readonly #dir: string;
  readonly #capacity: number;
  readonly #entries = new Map<string, Promise<Buffer>>();

  constructor(dir: string, capacity = 24) {
    this.#dir = dir;
    this.#capacity = capacity;
  }

  get(day: string, size: ImageSize): Promise<Buffer> {
    const key = `${day}/${size}`;
    let entry = this.#entries.get(key);
    if (entry) {
      this.#entries.delete(key); // re-insert: Map order is the recency order
    } else {
      entry = readFile(baseImagePath(this.#dir, day, size));
      entry.catch(() => this.#entries.delete(key));
    }
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
    return entry;
  }
}
