import type { Photo } from '../api/types';
import type { PhotoOutcome } from './manifest';
import type { ProgressTracker } from './progress';
import type { PhotoJob, PhotoQueue } from './queue';

export interface FailedPhoto {
  photo: Photo;
  reason: string;
}

export interface SavedPart {
  fileName: string;
  /** Images stored in this archive. */
  photoCount: number;
  /** Photos listed in this archive's manifest as failed. */
  failedCount: number;
  /** Archive size. */
  bytes: number;
}

export interface DownloadResult {
  /** Stored in an archive, in the order given. */
  downloaded: Photo[];
  /** In the order given. */
  failed: FailedPhoto[];
  parts: SavedPart[];
  /** Newest `createdAt` among the downloaded photos, for "only photos newer than the last download". */
  newestCreatedAt: string | undefined;
}

/** What both saving paths share for one call of `downloadPhotos`. */
export interface DownloadRun {
  jobs: PhotoJob[];
  queue: PhotoQueue;
  progress: ProgressTracker;
  /** Parallel requests; the stream path lets twice this many images wait for the writer. */
  concurrency: number;
  signal: AbortSignal;
  /** Stops the whole run on the first fatal error, keeping that error as the reason. */
  fail: (error: unknown) => void;
}

export function summarize(outcomes: PhotoOutcome[], parts: SavedPart[]): DownloadResult {
  let newest: { at: number; createdAt: string } | undefined;
  const failed: FailedPhoto[] = [];
  const downloaded: Photo[] = [];
  for (const outcome of outcomes) {
    if (outcome.status === 'failed') {
      failed.push({ photo: outcome.photo, reason: outcome.reason });
      continue;
    }
    downloaded.push(outcome.photo);
    const at = Date.parse(outcome.photo.createdAt);
    if (!Number.isNaN(at) && (!newest || at > newest.at)) {
      newest = { at, createdAt: outcome.photo.createdAt };
    }
  }
  return { downloaded, failed, parts, newestCreatedAt: newest?.createdAt };
}
