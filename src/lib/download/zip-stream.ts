import { makeZip } from 'client-zip';
import { entryDate } from './entry-date';
import { photoEntryPath, uniqueEntryStems } from './file-names';
import { manifestCsv, type PhotoOutcome } from './manifest';
import { inCompletionOrder, type FetchedPhoto, type PhotoJob, type PhotoQueue } from './queue';

export interface StreamArchiveInput {
  /** Their `index` is their row in the manifest, 0..n-1. */
  jobs: readonly PhotoJob[];
  queue: PhotoQueue;
  /** Downloads started but not yet written; bounds memory to about this many images. */
  maxAhead: number;
  writable: WritableStream<Uint8Array>;
  signal: AbortSignal;
  /** Every photo is in or failed; only the manifest and closing the file remain. */
  onAllFetched?: () => void;
}

interface ZipEntry {
  name: string;
  input: Uint8Array | string;
  lastModified: Date;
}

/**
 * One ZIP (client-zip writes ZIP64 records when sizes need them) streamed into `writable`.
 * Entries go in the order their downloads complete, so one slow image never holds the
 * writer back; the time-stamped names sort the listing anyway, and the manifest keeps the
 * photos' order. Aborting `signal` aborts the writable, which discards a picked file.
 */
export async function streamArchive(
  input: StreamArchiveInput,
): Promise<{ outcomes: PhotoOutcome[]; bytes: number }> {
  const { jobs, queue, signal } = input;
  const stems = uniqueEntryStems(jobs.map((job) => job.photo));
  const outcomes: (PhotoOutcome | undefined)[] = jobs.map(() => undefined);

  const place = (fetched: FetchedPhoto): ZipEntry | undefined => {
    const { index, photo } = fetched.job;
    if (fetched.status === 'failed') {
      outcomes[index] = { photo, status: 'failed', reason: fetched.reason };
      return undefined;
    }
    const file = photoEntryPath(stems[index] ?? `photos/${index}`, fetched.contentType);
    outcomes[index] = { photo, status: 'ok', file, bytes: fetched.bytes.byteLength };
    return { name: file, input: fetched.bytes, lastModified: entryDate(photo.createdAt) };
  };

  const ordered = (): PhotoOutcome[] =>
    jobs.map(
      (job, i) =>
        outcomes[i] ?? {
          photo: job.photo,
          status: 'failed',
          reason: 'not downloaded (internal error)',
        },
    );

  async function* entries(): AsyncGenerator<ZipEntry, void, undefined> {
    for await (const fetched of inCompletionOrder(jobs, queue.download, input.maxAhead, signal)) {
      const entry = place(fetched);
      if (entry) yield entry;
    }
    input.onAllFetched?.();
    yield { name: 'manifest.csv', input: manifestCsv(ordered()), lastModified: new Date() };
  }

  let bytes = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      bytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  await makeZip(entries()).pipeThrough(counter).pipeTo(input.writable, { signal });
  return { outcomes: ordered(), bytes };
}
