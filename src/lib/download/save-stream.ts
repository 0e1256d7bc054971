import { ArchiveSaveError, DownloadCancelledError, isCancelled } from './errors';
import { summarize, type DownloadResult, type DownloadRun } from './run';
import { streamArchive } from './zip-stream';

/** The streaming path: one archive written into the picked file as the photos arrive. */
export async function saveStream(
  run: DownloadRun,
  fileName: string,
  opening: Promise<WritableStream<Uint8Array>>,
): Promise<DownloadResult> {
  let writable: WritableStream<Uint8Array>;
  try {
    writable = await opening;
  } catch (error) {
    // Closing the save dialog is the user's cancel.
    throw isCancelled(error) ? new DownloadCancelledError() : new ArchiveSaveError(fileName, error);
  }
  if (run.signal.aborted) {
    await writable.abort(run.signal.reason).catch(() => undefined);
    throw new DownloadCancelledError();
  }
  try {
    const { outcomes, bytes } = await streamArchive({
      jobs: run.jobs,
      queue: run.queue,
      maxAhead: run.concurrency * 2,
      writable,
      signal: run.signal,
      onAllFetched: () => run.progress.stage('saving', 0),
    });
    const photoCount = outcomes.filter((outcome) => outcome.status === 'ok').length;
    return summarize(outcomes, [
      { fileName, photoCount, failedCount: outcomes.length - photoCount, bytes },
    ]);
  } catch (error) {
    if (run.signal.aborted || isCancelled(error)) throw error;
    throw new ArchiveSaveError(fileName, error);
  }
}
