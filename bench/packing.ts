// Row 5: ZIP packing throughput alone (no network), jszip STORE vs client-zip, in Node.
import { randomFillSync } from 'node:crypto';
import { makeZip } from 'client-zip';
import { ZipPart } from '../src/lib/download/zip-jszip.ts';
import { MB, log, type Config } from './config.ts';
import { attempt } from './harness.ts';
import { row, type Row } from './table.ts';

const ENTRY_BYTES = 650_000;
const DATE = new Date('2014-09-03T11:16:25.393Z');

/** Random bytes framed like a JPEG (SOI ... EOI): incompressible, as photos are. */
export function jpegLikeFiles(totalBytes: number): Uint8Array[] {
  const count = Math.max(1, Math.round(totalBytes / ENTRY_BYTES));
  return Array.from({ length: count }, () => {
    const bytes = randomFillSync(new Uint8Array(ENTRY_BYTES));
    bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
    bytes.set([0xff, 0xd9], ENTRY_BYTES - 2);
    return bytes;
  });
}

function inputBytes(files: readonly Uint8Array[]): number {
  return files.reduce((sum, file) => sum + file.byteLength, 0);
}

/**
 * The app's own ZipPart over in-memory photos: adding them (each one's CRC-32, which the app
 * computes while other downloads are still running) and then generating the archive (the
 * part the user waits for after the last download). MB/s of input for the whole, and for
 * the generate stage alone.
 */
export async function jszipThroughput(
  files: readonly Uint8Array[],
): Promise<{ whole: number; generate: number }> {
  const photos = files.map((_, index) => ({
    objectId: `photo${String(index).padStart(5, '0')}`,
    createdAt: DATE.toISOString(),
    largeImage: `https://foko.test/${index}`,
  }));
  const plan = { index: 1, count: 1, fileName: 'bench.zip', photos, estimatedBytes: 0 };
  const started = performance.now();
  const part = new ZipPart(plan);
  files.forEach((bytes, index) =>
    part.add(index, {
      job: { index, photo: photos[index]! },
      status: 'ok',
      bytes,
      contentType: 'image/jpeg',
    }),
  );
  const added = performance.now();
  const archive = await part.generate('uint8array');
  const done = performance.now();
  const size = archive instanceof Uint8Array ? archive.byteLength : archive.size;
  if (size < inputBytes(files)) throw new Error('jszip archive too small');
  const megabytes = inputBytes(files) / MB;
  return {
    whole: megabytes / ((done - started) / 1000),
    generate: megabytes / ((done - added) / 1000),
  };
}

/** As streamArchive does: makeZip over an async generator, the stream read to the end. */
export async function clientZipThroughput(files: readonly Uint8Array[]): Promise<number> {
  const started = performance.now();
  async function* entries() {
    for (const [index, bytes] of files.entries()) {
      yield { name: `photos/${index}.jpg`, input: bytes, lastModified: DATE };
    }
  }
  const reader = makeZip(entries()).getReader();
  let written = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    written += chunk.value.byteLength;
  }
  const seconds = (performance.now() - started) / 1000;
  if (written < inputBytes(files)) throw new Error('client-zip archive too small');
  return inputBytes(files) / MB / seconds;
}

/** Row 5: `config.packingRuns` runs of each library over the same buffers. */
export async function packingRows(config: Config): Promise<Row[]> {
  const where = `Node ${process.version}`;
  const jszip = row(
    '5a',
    `Packing ${config.packingMB} MB in memory: jszip STORE, app's ZipPart (${where})`,
    'MB/s',
  );
  const jszipGenerate = row('5a2', `… of which the generate stage after the last download`, 'MB/s');
  const clientZip = row(
    '5b',
    `Packing ${config.packingMB} MB in memory: client-zip (${where})`,
    'MB/s',
  );
  const rows = [jszip, jszipGenerate, clientZip];
  log(`Row 5: packing ${config.packingMB} MB, ${config.packingRuns} runs each`);
  await attempt(rows, async () => {
    const files = jpegLikeFiles(config.packingMB * MB);
    for (let index = 0; index < config.packingRuns; index++) {
      const jszipMBs = await jszipThroughput(files);
      const clientZipMBs = await clientZipThroughput(files);
      jszip.samples.push(jszipMBs.whole);
      jszipGenerate.samples.push(jszipMBs.generate);
      clientZip.samples.push(clientZipMBs);
      log(
        `  run ${index + 1}: jszip ${jszipMBs.whole.toFixed(0)} MB/s (generate ${jszipMBs.generate.toFixed(0)}), client-zip ${clientZipMBs.toFixed(0)} MB/s`,
      );
    }
  });
  return rows;
}
