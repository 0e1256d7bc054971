import pLimit from 'p-limit';
import type { Connection, Photo } from '../api/types';
import { DownloadCancelledError, describeError, isCancelled, throwIfCancelled } from './errors';
import { fetchImage } from './fetch-image';
import type { ProgressTracker } from './progress';
import { withRetry } from './retry';
import type { DownloadOptions } from './engine';

export interface PhotoJob {
  /** Position in the caller's list: the key for progress and for the manifest order. */
  index: number;
  photo: Photo;
}

export type FetchedPhoto =
  | { job: PhotoJob; status: 'ok'; bytes: Uint8Array; contentType: string }
  | { job: PhotoJob; status: 'failed'; reason: string };

/** The download settings the queue uses, plus what one run supplies. */
export interface PhotoQueueOptions extends Pick<
  DownloadOptions,
  | 'concurrency'
  | 'responseTimeoutMs'
  | 'stallTimeoutMs'
  | 'attempts'
  | 'retryBaseDelayMs'
  | 'retryMaxDelayMs'
  | 'maxRetryAfterMs'
> {
  connection: Connection;
  signal: AbortSignal;
  progress: ProgressTracker;
  /** Maps an image URL before fetching (e.g. through the app's proxy). */
  imageUrl?: ((url: string) => string) | undefined;
  fetch?: typeof fetch | undefined;
  random?: (() => number) | undefined;
  sleep?: ((ms: number, signal: AbortSignal) => Promise<void>) | undefined;
}

/**
 * One limiter shared by every part, so the next part's downloads take free slots while the
 * previous part is still finishing. A failed photo resolves as `failed`; only a cancel rejects.
 */
export function createPhotoQueue(options: PhotoQueueOptions) {
  const limit = pLimit(Math.max(1, Math.floor(options.concurrency)));
  const { signal, progress } = options;

  async function fetchWithRetry(job: PhotoJob): Promise<FetchedPhoto> {
    // Queued tasks of a cancelled download start and end here: no request goes out.
    throwIfCancelled(signal);
    let attempts = 0;
    try {
      const url = options.imageUrl ? options.imageUrl(job.photo.largeImage) : job.photo.largeImage;
      const image = await withRetry(
        (attempt) => {
          attempts = attempt;
          if (attempt > 1) progress.attemptFailed(job.index);
          return fetchImage(url, {
            connection: options.connection,
            signal,
            responseTimeoutMs: options.responseTimeoutMs,
            stallTimeoutMs: options.stallTimeoutMs,
            onLength: (length) => progress.lengthKnown(job.index, length),
            onBytes: (bytes) => progress.received(job.index, bytes),
            ...(options.fetch ? { fetch: options.fetch } : {}),
          });
        },
        {
          signal,
          attempts: options.attempts,
          baseDelayMs: options.retryBaseDelayMs,
          maxDelayMs: options.retryMaxDelayMs,
          maxRetryAfterMs: options.maxRetryAfterMs,
          ...(options.random ? { random: options.random } : {}),
          ...(options.sleep ? { sleep: options.sleep } : {}),
        },
      );
      progress.fileDone(job.index, image.bytes.byteLength);
      return { job, status: 'ok', ...image };
    } catch (error) {
      if (signal.aborted || isCancelled(error)) throw new DownloadCancelledError();
      progress.fileFailed(job.index);
      const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
      return { job, status: 'failed', reason: `${describeError(error)}${tries}` };
    }
  }

  return {
    download: (job: PhotoJob): Promise<FetchedPhoto> => limit(fetchWithRetry, job),
  };
}

export type PhotoQueue = ReturnType<typeof createPhotoQueue>;

/**
 * Yields downloads as they complete, keeping at most `maxAhead` started-but-not-yet-consumed,
 * so a slow writer holds back new requests (constant memory) while one slow image does not
 * hold back the others (no head-of-line blocking).
 */
export async function* inCompletionOrder<T, R>(
  items: readonly T[],
  run: (item: T) => Promise<R>,
  maxAhead: number,
  signal: AbortSignal,
): AsyncGenerator<R, void, undefined> {
  const ready: R[] = [];
  let next = 0;
  let pending = 0;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const startMore = () => {
    while (!signal.aborted && pending + ready.length < maxAhead && next < items.length) {
      const item = items[next++] as T;
      pending += 1;
      void run(item)
        .then(
          (result) => void ready.push(result),
          (error: unknown) => void (failure ??= { error }),
        )
        .finally(() => {
          pending -= 1;
          wake?.();
        });
    }
  };
  startMore();
  for (;;) {
    if (failure) throw failure.error;
    throwIfCancelled(signal);
    if (ready.length > 0) {
      yield ready.shift() as R;
      startMore();
      continue;
    }
    if (pending === 0 && next >= items.length) return;
    await new Promise<void>((resolve) => {
      const onAbort = () => resolve();
      wake = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
    wake = undefined;
  }
}
