import JSZip from 'jszip/lib/index.js';
import { entryDate } from './entry-date';
import { photoEntryPath, uniqueEntryStems } from './file-names';
import { manifestCsv, type PhotoOutcome } from './manifest';
import type { ZipPartPlan } from './parts';
import type { FetchedPhoto } from './queue';
import { storedEntry } from './stored-entry';

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
      // jszip accepts its own stored-entry objects, though its types do not say so.
      this.zip.file(file, storedEntry(fetched.bytes) as Uint8Array, {
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
        ? await generateBlob(zip)
        : await zip.generateAsync({ ...options, type: 'uint8array' });
    // The images are now inside `archive`; let the source buffers go before the next part.
    this.zip = undefined;
    return archive;
  }
}

/** Blob chunks gathered before they are handed to the browser's blob storage. */
const BLOB_CHUNK_BYTES = 8_000_000;

/**
 * jszip's own `type: 'blob'` keeps every chunk, copies them into one array, then into a Blob:
 * three copies of the part at the peak. Streaming the chunks into Blobs as they come keeps it
 * near two (the images jszip holds, and the Blob).
 */
function generateBlob(zip: JSZip): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const blobs: Blob[] = [];
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    const flush = () => {
      if (pending.length) blobs.push(new Blob(pending as Uint8Array<ArrayBuffer>[]));
      pending = [];
      pendingBytes = 0;
    };
    zip
      .generateInternalStream({ type: 'uint8array', compression: 'STORE', streamFiles: true })
      .on('data', (chunk: Uint8Array) => {
        pending.push(chunk);
        pendingBytes += chunk.byteLength;
        if (pendingBytes >= BLOB_CHUNK_BYTES) flush();
      })
      .on('error', reject)
      .on('end', () => {
        flush();
        resolve(new Blob(blobs, { type: 'application/zip' }));
      })
      .resume();
  });
}
