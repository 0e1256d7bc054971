import pLimit, { type LimitFunction } from 'p-limit';
import {
  ApiError,
  describeErrorBody,
  errorForStatus,
  isAbort,
  unreachableError,
} from '../api/errors';
import { keyHeaders } from '../api/origin-policy';
import type { Connection } from '../api/types';

export interface ThumbnailCacheOptions {
  /** Total image bytes kept before the least recently used are evicted. */
  maxBytes?: number;
  /** Image requests in flight at once. */
  concurrency?: number;
  fetchImpl?: typeof fetch;
  createObjectURL?: (blob: Blob) => string;
  revokeObjectURL?: (url: string) => void;
}

interface CachedImage {
  objectUrl: string;
  bytes: number;
}

/** One network load shared by every tile that wants the same URL. */
interface PendingLoad {
  promise: Promise<string>;
  controller: AbortController;
  waiters: number;
}

export const DEFAULT_THUMBNAIL_BYTES = 64 * 1024 * 1024;
export const DEFAULT_THUMBNAIL_CONCURRENCY = 6;

/**
 * Image bytes fetched with the key header (an `<img src>` cannot send it), shown through
 * object URLs, kept in a byte-bounded LRU and revoked when evicted.
 */
export class ThumbnailCache {
  readonly maxBytes: number;
  private readonly limit: LimitFunction;
  private readonly fetchImpl: typeof fetch;
  private readonly createObjectURL: (blob: Blob) => string;
  private readonly revokeObjectURL: (url: string) => void;
  // Map order is recency order: the first entry is the least recently used.
  private readonly images = new Map<string, CachedImage>();
  private readonly pending = new Map<string, PendingLoad>();
  private totalBytes = 0;

  constructor(options: ThumbnailCacheOptions = {}) {
    this.maxBytes = options.maxBytes ?? DEFAULT_THUMBNAIL_BYTES;
    this.limit = pLimit(options.concurrency ?? DEFAULT_THUMBNAIL_CONCURRENCY);
    this.fetchImpl = options.fetchImpl ?? ((input, init) => fetch(input, init));
    this.createObjectURL = options.createObjectURL ?? ((blob) => URL.createObjectURL(blob));
    this.revokeObjectURL = options.revokeObjectURL ?? ((url) => URL.revokeObjectURL(url));
  }

  /** Bytes currently cached. */
  get bytes(): number {
    return this.totalBytes;
  }

  /** Images currently cached. */
  get size(): number {
    return this.images.size;
  }

  /** The cached object URL, if any, marking it recently used. */
  get(url: string): string | undefined {
    const image = this.images.get(url);
    if (!image) return undefined;
    this.images.delete(url);
    this.images.set(url, image);
    return image.objectUrl;
  }

  /**
   * The image's object URL. Rejects with the signal's reason when this caller aborts (the
   * request itself is cancelled once nobody waits) and with an ApiError when loading fails.
   */
  load(url: string, connection: Connection, signal: AbortSignal): Promise<string> {
    const cached = this.get(url);
    if (cached !== undefined) return Promise.resolve(cached);
    if (signal.aborted) return Promise.reject(signal.reason as Error);

    const load = this.pending.get(url) ?? this.startLoad(url, connection);
    load.waiters++;
    return new Promise<string>((resolve, reject) => {
      const onAbort = () => {
        reject(signal.reason as Error);
        this.release(url, load);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      load.promise.then(
        (objectUrl) => {
          signal.removeEventListener('abort', onAbort);
          resolve(objectUrl);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error as Error);
        },
      );
    });
  }

  /** Drops every image and revokes its object URL (e.g. on "Forget key"). */
  clear(): void {
    for (const load of this.pending.values()) load.controller.abort();
    this.pending.clear();
    for (const image of this.images.values()) this.revokeObjectURL(image.objectUrl);
    this.images.clear();
    this.totalBytes = 0;
  }

  private startLoad(url: string, connection: Connection): PendingLoad {
    const controller = new AbortController();
    const promise = this.limit(async () => {
      // Scrolled away while queued: skip the request entirely.
      controller.signal.throwIfAborted();
      const blob = await this.fetchBlob(url, connection, controller.signal);
      if (controller.signal.aborted) throw controller.signal.reason;
      return this.store(url, blob);
    });
    const load: PendingLoad = { promise, controller, waiters: 0 };
    this.pending.set(url, load);
    // Settled loads leave `pending`; failures are not cached, so a retry starts afresh.
    promise.then(
      () => this.forget(url, load),
      () => this.forget(url, load),
    );
    return load;
  }

  private async fetchBlob(url: string, connection: Connection, signal: AbortSignal): Promise<Blob> {
    try {
      const response = await this.fetchImpl(url, { headers: keyHeaders(url, connection), signal });
      if (!response.ok) {
        const body = await response.text().catch(() => '');
        throw errorForStatus(response.status, describeErrorBody(body, connection.apiKey));
      }
      return await response.blob();
    } catch (error) {
      if (isAbort(error, signal)) throw signal.reason ?? error;
      if (error instanceof ApiError) throw error;
      throw unreachableError(url);
    }
  }

  private store(url: string, blob: Blob): string {
    const objectUrl = this.createObjectURL(blob);
    this.images.set(url, { objectUrl, bytes: blob.size });
    this.totalBytes += blob.size;
    this.evict();
    return objectUrl;
  }

  /** Evicts least recently used images, always keeping the newest so its caller gets a live URL. */
  private evict(): void {
    for (const [url, image] of this.images) {
      if (this.totalBytes <= this.maxBytes || this.images.size <= 1) return;
      this.images.delete(url);
      this.totalBytes -= image.bytes;
      this.revokeObjectURL(image.objectUrl);
    }
  }

  private release(url: string, load: PendingLoad): void {
    load.waiters--;
    if (load.waiters > 0) return;
    this.forget(url, load);
    load.controller.abort();
  }

  private forget(url: string, load: PendingLoad): void {
    if (this.pending.get(url) === load) this.pending.delete(url);
  }
}
