import { ArchiveSaveError, isCancelled, throwIfCancelled } from './errors';
import type { PhotoOutcome } from './manifest';
import type { ZipPartPlan } from './parts';
import { summarize, type DownloadResult, type DownloadRun, type SavedPart } from './run';
import type { PartsSaver } from './savers';
import { ZipPart } from './zip-jszip';

/**
 * The jszip path: parts in order, each zipped and handed to the saver once its photos are in,
 * while the next part's downloads already use the free request slots.
 */
export async function saveParts(
  run: DownloadRun,
  saver: PartsSaver,
  plans: readonly ZipPartPlan[],
): Promise<DownloadResult> {
  const saving: Promise<SavedPart & { outcomes: PhotoOutcome[] }>[] = [];
  let first = 0;
  for (const plan of plans) {
    // At most two parts in memory: this one downloading while the previous one packs.
    const twoBack = saving[saving.length - 2];
    if (twoBack) await twoBack;
    throwIfCancelled(run.signal);
    const part = new ZipPart(plan);
    const jobs = run.jobs.slice(first, first + plan.photos.length);
    first += plan.photos.length;
    // Queued now, behind the previous part's requests, so no request slot idles between parts.
    const fetched = Promise.all(
      jobs.map((job, i) =>
        run.queue.download(job).then((photoBytes) => {
          part.add(i, photoBytes);
        }),
      ),
    );
    const saved = packAndSave(run, saver, part, fetched, saving.at(-1));
    saved.catch(run.fail);
    saving.push(saved);
  }
  const parts = await Promise.all(saving);
  return summarize(
    parts.flatMap((part) => part.outcomes),
    parts.map(({ outcomes: _, ...part }) => part),
  );
}

async function packAndSave(
  run: DownloadRun,
  saver: PartsSaver,
  part: ZipPart,
  fetched: Promise<unknown>,
  previous: Promise<unknown> | undefined,
): Promise<SavedPart & { outcomes: PhotoOutcome[] }> {
  const { fileName, index, count } = part.plan;
  await fetched;
  // Saved in order, and one generation at a time (each needs ~2x its part in memory).
  await previous;
  throwIfCancelled(run.signal);
  run.progress.stage('packing', index - 1);
  let data: Blob | Uint8Array;
  try {
    data = await part.generate(saver.output);
  } catch (error) {
    throw new ArchiveSaveError(fileName, error);
  }
  // A cancel while packing saves nothing.
  throwIfCancelled(run.signal);
  run.progress.stage('saving', index - 1);
  try {
    await saver.savePart({ fileName, data }, run.signal);
  } catch (error) {
    throw isCancelled(error) ? error : new ArchiveSaveError(fileName, error);
  }
  if (index < count) run.progress.stage('downloading', index);
  const outcomes = part.manifestOutcomes();
  const photoCount = outcomes.filter((outcome) => outcome.status === 'ok').length;
  return {
    fileName,
    photoCount,
    failedCount: outcomes.length - photoCount,
    bytes: data instanceof Uint8Array ? data.byteLength : data.size,
    outcomes,
  };
}
