import type { Connection, Photo } from '../api/types';
import { DownloadCancelledError, isCancelled, throwIfCancelled } from './errors';
import { DEFAULT_PHOTO_BYTES, partFileName, photoBytesEstimate, planParts } from './parts';
import { ProgressTracker, type DownloadProgress } from './progress';
import { createPhotoQueue } from './queue';
import { RETRY_DEFAULTS } from './retry';
import type { DownloadResult, DownloadRun } from './run';
import { saveParts } from './save-parts';
import { saveStream } from './save-stream';
import { chooseSaver, type Saver } from './savers';

export type { DownloadProgress, DownloadStage } from './progress';
export type { DownloadResult, FailedPhoto, SavedPart } from './run';

export interface DownloadOptions {
  /** Parallel image requests (a browser opens about 6 per origin). */
  concurrency: number;
  /** Upper bound of one jszip part (jszip holds ~3x this in memory and cannot write ZIP64). */
  partSizeBytes: number;
  responseTimeoutMs: number;
  stallTimeoutMs: number;
  /** Tries per image, the first included. */
  attempts: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  maxRetryAfterMs: number;
  /** Archive file name without `.zip`; see `archiveNameFor`. */
  archiveName: string;
  /** Size assumed for a photo without `largeImageLength`. */
  defaultPhotoBytes: number;
}

export const DEFAULT_DOWNLOAD_OPTIONS: DownloadOptions = {
  concurrency: 6,
  partSizeBytes: 1_000_000_000,
  responseTimeoutMs: 30_000,
  stallTimeoutMs: 20_000,
  attempts: RETRY_DEFAULTS.attempts,
  retryBaseDelayMs: RETRY_DEFAULTS.baseDelayMs,
  retryMaxDelayMs: RETRY_DEFAULTS.maxDelayMs,
  maxRetryAfterMs: RETRY_DEFAULTS.maxRetryAfterMs,
  archiveName: 'foko-photos',
  defaultPhotoBytes: DEFAULT_PHOTO_BYTES,
};

export interface DownloadRequest {
  connection: Connection;
  signal: AbortSignal;
  /** Archive file name without `.zip` (see `archiveNameFor`); overrides `options.archiveName`. */
  archiveName?: string;
  /** Where the archives go; chosen by `chooseSaver` (and announced via `onMethod`) when absent. */
  saver?: Saver;
  options?: Partial<DownloadOptions>;
  onProgress?: (progress: DownloadProgress) => void;
  /** One line for the user saying how the archive is written (parts or one streamed file). */
  onMethod?: (explanation: string) => void;
  /** Maps an image URL before it is fetched (e.g. onto the app's proxy). */
  imageUrl?: (url: string) => string;
  /** Test seams. */
  fetch?: typeof fetch;
  random?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => number;
}

/**
 * Downloads the large images of `photos` into ZIP archives with a manifest and hands them to
 * `saver`. Every photo ends up in an archive or in `failed` (and in the manifest either way).
 * Aborting `signal` stops every request at once, saves nothing more and rejects with
 * `DownloadCancelledError`; a saving failure rejects with `ArchiveSaveError`.
 * With a stream saver, call this straight from the click handler: the file picker opens first.
 */
export async function downloadPhotos(
  photos: readonly Photo[],
  request: DownloadRequest,
): Promise<DownloadResult> {
  const options = withDefaults({ ...request.options, archiveName: request.archiveName });
  throwIfCancelled(request.signal);
  const estimates = photos.map((photo) => photoBytesEstimate(photo, options.defaultPhotoBytes));
  const saver = request.saver ?? pickSaver(estimates, options, request.onMethod);
  const archiveFile = partFileName(options.archiveName, 1, 1);
  // Opened before any await so the picker still has the click's user activation.
  const target =
    saver.kind === 'stream'
      ? { kind: 'stream' as const, opening: saver.open(archiveFile, request.signal) }
      : { kind: 'zip-parts' as const, saver };
  // Marked handled now; `saveStream` awaits it and reports its failure.
  if (target.kind === 'stream') target.opening.catch(() => undefined);

  const controller = new AbortController();
  const stop = () => controller.abort(new DownloadCancelledError());
  request.signal.addEventListener('abort', stop, { once: true });
  const plans =
    saver.kind === 'zip-parts'
      ? planParts(photos, {
          partSizeBytes: options.partSizeBytes,
          archiveName: options.archiveName,
          defaultPhotoBytes: options.defaultPhotoBytes,
        })
      : [];
  const progress = new ProgressTracker(
    estimates,
    Math.max(1, plans.length),
    request.onProgress,
    request.now,
  );
  const run: DownloadRun = {
    jobs: photos.map((photo, index) => ({ index, photo })),
    queue: createPhotoQueue({
      ...options,
      connection: request.connection,
      signal: controller.signal,
      progress,
      imageUrl: request.imageUrl,
      fetch: request.fetch,
      random: request.random,
      sleep: request.sleep,
    }),
    progress,
    concurrency: options.concurrency,
    signal: controller.signal,
    // A second abort is a no-op, so the first reason stays.
    fail: (error) => controller.abort(error),
  };

  try {
    progress.start();
    const result =
      target.kind === 'zip-parts'
        ? await saveParts(run, target.saver, plans)
        : await saveStream(run, archiveFile, target.opening);
    progress.stage('done', Math.max(0, plans.length - 1));
    return result;
  } catch (error) {
    const reason: unknown = controller.signal.aborted ? controller.signal.reason : error;
    run.fail(reason);
    if (request.signal.aborted || isCancelled(reason)) throw new DownloadCancelledError();
    throw reason;
  } finally {
    progress.stop();
    request.signal.removeEventListener('abort', stop);
  }
}

function pickSaver(
  estimates: number[],
  options: DownloadOptions,
  onMethod: ((explanation: string) => void) | undefined,
): Saver {
  const choice = chooseSaver({
    totalBytes: estimates.reduce((sum, n) => sum + n, 0),
    partSizeBytes: options.partSizeBytes,
  });
  onMethod?.(choice.explanation);
  return choice.saver;
}

function withDefaults(overrides: Partial<DownloadOptions> | undefined): DownloadOptions {
  const options = { ...DEFAULT_DOWNLOAD_OPTIONS };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    // An explicit `undefined` (e.g. from a half-filled settings form) keeps the default.
    if (value !== undefined) Object.assign(options, { [key]: value });
  }
  return options;
}
