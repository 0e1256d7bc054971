import JSZip from 'jszip';
import { entryDate } from './entry-date';
import { photoEntryPath, uniqueEntryStems } from './file-names';
import { manifestCsv, type PhotoOutcome } from './manifest';
import type { ZipPartPlan } from './parts';
import type { FetchedPhoto } from './queue';

export type ZipOutput = 'blob' | 'uint8array';

/**
 * One archive of the jszip path. Images are added as their downloads finish, so at the end
 * only the manifest and the STORE pass remain; `generate` then drops every reference.
 */
export class ZipPart {
  private zip: JSZip | undefined = new JSZip();
  private readonly stems: string[];
  private readonly outcomes: (PhotoOutcome | undefined)[];

  constructor(readonly plan: ZipPartPlan) {
    this.stems = uniqueEntryStems(plan.photos);
    this.outcomes = plan.photos.map(() => undefined);
  }

  /** `position` is the photo's place within this part. */
  add(position: number, fetched: FetchedPhoto): PhotoOutcome {
    const { photo } = fetched.job;
    if (!this.zip) throw new Error(`part ${this.plan.index} was already generated`);
    let outcome: PhotoOutcome;
    if (fetched.status === 'ok') {
      const file = photoEntryPath(
        this.stems[position] ?? `photos/${position}`,
        fetched.contentType,
      );
      this.zip.file(file, fetched.bytes, {
        binary: true,
        createFolders: false,
        date: entryDate(photo.createdAt),
      });
      outcome = { photo, status: 'ok', file, bytes: fetched.bytes.byteLength };
    } else {
      outcome = { photo, status: 'failed', reason: fetched.reason };
    }
    this.outcomes[position] = outcome;
    return outcome;
  }

  /** Every photo of the part in order; a photo never added (impossible after a full run) shows as failed. */
  manifestOutcomes(): PhotoOutcome[] {
    return this.plan.photos.map(
      (photo, i) =>
        this.outcomes[i] ?? { photo, status: 'failed', reason: 'not downloaded (internal error)' },
    );
  }

  async generate(type: ZipOutput): Promise<Blob | Uint8Array> {
    const zip = this.zip;
    if (!zip) throw new Error(`part ${this.plan.index} was already generated`);
    zip.file('manifest.csv', manifestCsv(this.manifestOutcomes()), {
      createFolders: false,
      date: new Date(),
    });
    const options = { compression: 'STORE', streamFiles: true } as const;
    const archive =
      type === 'blob'
        ? await zip.generateAsync({ ...options, type: 'blob' })
        : await zip.generateAsync({ ...options, type: 'uint8array' });
    // The images are now inside `archive`; let the source buffers go before the next part.
    this.zip = undefined;
    return archive;
  }
}
