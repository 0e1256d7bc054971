import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Photo } from '../api/types';
import { downloadPhotos, type DownloadProgress, type DownloadRequest } from './engine';
import { ArchiveSaveError, DownloadCancelledError } from './errors';
import type { PartsSaver } from './savers';
import {
  imageBytes,
  photo,
  readZip,
  serveImage,
  sleep,
  startImageServer,
  type ImageServer,
} from './test-support';

const KEY = 'SECRET-KEY-0123456789-must-not-leak';
let server: ImageServer;
beforeEach(async () => {
  server = await startImageServer();
});
afterEach(() => server.close());

function collectingSaver(delayMs = 0) {
  const saved: { fileName: string; data: Uint8Array; at: number }[] = [];
  const saver: PartsSaver = {
    kind: 'zip-parts',
    output: 'uint8array',
    async savePart({ fileName, data }) {
      await sleep(delayMs);
      saved.push({ fileName, data: data as Uint8Array, at: Date.now() });
    },
  };
  return { saved, saver };
}

function request(
  extra: Partial<DownloadRequest> & Pick<DownloadRequest, 'saver'>,
): DownloadRequest {
  return {
    connection: { apiUrl: `${server.origin}/api/v1`, apiKey: KEY },
    signal: new AbortController().signal,
    archiveName: 'test',
    random: () => 0,
    ...extra,
    options: { responseTimeoutMs: 300, stallTimeoutMs: 200, attempts: 3, ...extra.options },
  };
}

/** A gallery's worth of photos with one permanent 404, one flaky 500, a PNG and a duplicate id. */
function fixture(count = 12) {
  const served = new Map<string, Buffer>();
  const photos: Photo[] = [];
  for (let i = 0; i < count; i += 1) {
    const id = `PHOTO${String(i).padStart(5, '0')}`;
    const path = `/large/${i}`;
    const bytes = imageBytes(2000 + i * 997, i + 1);
    photos.push(
      photo(id, `${server.origin}${path}`, {
        createdAt: `2014-10-0${1 + (i % 8)}T10:00:00.${String(i).padStart(3, '0')}Z`,
        largeImageLength: bytes.length,
        description: i === 1 ? '=cmd|"/c calc"!A1, "quoted"\r\nline two 🎉 עברית' : `Photo ${i}`,
      }),
    );
    if (i === 3) continue; // never served: 404
    served.set(path, bytes);
    if (i === 4) {
      server.route(path, (req, res, attempt) =>
        attempt === 1 ? res.writeHead(500).end() : serveImage(bytes)(req, res, attempt),
      );
    } else {
      server.route(path, serveImage(bytes, i === 5 ? 'image/png' : 'image/jpeg'));
    }
  }
  // Same id and time as photo 6: the archive must still hold both.
  photos.push({ ...photos[6]!, largeImage: `${server.origin}/large/dup` });
  served.set('/large/dup', imageBytes(1234, 99));
  server.route('/large/dup', serveImage(served.get('/large/dup')!));
  return { photos, served };
}

async function checkArchive(bytes: Uint8Array, photos: Photo[], served: Map<string, Buffer>) {
  const entries = await readZip(bytes);
  const manifest = entries.get('manifest.csv')!.toString('utf8');
  expect(manifest.startsWith('\uFEFF')).toBe(true);
  const rows = Papa.parse<Record<string, string>>(manifest.slice(1), {
    header: true,
    skipEmptyLines: true,
  }).data;
  expect(rows.map((row) => row.objectId)).toEqual(photos.map((p) => p.objectId));
  for (const [i, row] of rows.entries()) {
    const path = new URL(photos[i]!.largeImage).pathname;
    if (row.status === 'ok') {
      expect(entries.get(row.file!)?.equals(served.get(path)!)).toBe(true);
      expect(row.bytes).toBe(String(served.get(path)!.length));
    } else {
      expect(row.file).toBe('');
      expect(row.error).not.toBe('');
    }
  }
  const files = rows.filter((row) => row.status === 'ok').map((row) => row.file);
  expect([...entries.keys()].sort()).toEqual([...files, 'manifest.csv'].sort());
  expect(Buffer.from(bytes).includes(KEY)).toBe(false);
  return { rows, entries };
}

describe('downloadPhotos to jszip parts', () => {
  it('packs every photo into one archive, lists failures, and the bytes match the server', async () => {
    const { photos, served } = fixture();
    const { saved, saver } = collectingSaver();
    const events: DownloadProgress[] = [];
    const result = await downloadPhotos(
      photos,
      request({ saver, onProgress: (p) => events.push(p) }),
    );

    expect(result.downloaded).toEqual(photos.filter((_, i) => i !== 3));
    expect(result.failed).toEqual([{ photo: photos[3], reason: 'HTTP 404 Not Found' }]);
    expect(result.newestCreatedAt).toBe('2014-10-08T10:00:00.007Z');
    expect(saved.map((s) => s.fileName)).toEqual(['test.zip']);
    expect(result.parts).toEqual([
      { fileName: 'test.zip', photoCount: 12, failedCount: 1, bytes: saved[0]!.data.byteLength },
    ]);

    const { rows } = await checkArchive(saved[0]!.data, photos, served);
    expect(rows[3]).toMatchObject({
      status: 'failed',
      error: 'HTTP 404 Not Found',
      file: '',
      bytes: '',
    });
    expect(rows[5]!.file).toMatch(/\.png$/);
    expect(rows[1]!.description).toBe(`'${photos[1]!.description}`);
    expect(rows[12]!.file).toBe(`${rows[6]!.file!.replace('.jpg', '')}-2.jpg`);
    // The key went to the API origin's images, and nowhere in the archive.
    expect(server.requests.every((r) => r.headers['foko-api-key'] === KEY)).toBe(true);

    const last = events.at(-1)!;
    const total = [...served.values()].reduce((sum, b) => sum + b.length, 0);
    expect(last).toMatchObject({ stage: 'done', filesDone: 12, filesFailed: 1, filesTotal: 13 });
    expect(last.bytesDone).toBe(total);
    expect(last.bytesTotal).toBe(total);
    expect(events.map((e) => e.stage)).toContain('packing');
    expect(events.map((e) => e.stage)).toContain('saving');
  });

  it('splits into parts in order, each with its own manifest', async () => {
    const { photos, served } = fixture(20);
    const { saved, saver } = collectingSaver();
    const result = await downloadPhotos(
      photos,
      request({ saver, options: { partSizeBytes: 40_000, concurrency: 3 } }),
    );
    expect(saved.length).toBeGreaterThan(2);
    expect(saved.map((s) => s.fileName)).toEqual(
      saved.map((_, i) => `test-part${i + 1}-of-${saved.length}.zip`),
    );
    let next = 0;
    for (const part of saved) {
      expect(part.data.byteLength).toBeLessThanOrEqual(40_000);
      const { rows } = await readZip(part.data).then(() => checkPart(part.data));
      next += rows.length;
    }
    expect(next).toBe(photos.length);
    expect(result.parts.map((p) => p.photoCount + p.failedCount).reduce((a, b) => a + b)).toBe(
      photos.length,
    );

    async function checkPart(bytes: Uint8Array) {
      const entries = await readZip(bytes);
      const rows = Papa.parse<Record<string, string>>(
        entries.get('manifest.csv')!.toString('utf8').slice(1),
        { header: true, skipEmptyLines: true },
      ).data;
      const slice = photos.slice(next, next + rows.length);
      return checkArchive(bytes, slice, served);
    }
  });

  it('keeps at most two parts in memory: part 3 waits until part 1 is saved', async () => {
    const photos: Photo[] = [];
    for (let i = 0; i < 4; i += 1) {
      server.route(`/large/${i}`, serveImage(imageBytes(10_000, i)));
      photos.push(photo(`P${i}`, `${server.origin}/large/${i}`, { largeImageLength: 10_000 }));
    }
    const { saved, saver } = collectingSaver(150);
    await downloadPhotos(photos, request({ saver, options: { partSizeBytes: 12_000 } }));
    expect(saved).toHaveLength(4);
    const part3Request = server.requests.find((r) => r.path === '/large/2')!;
    expect(part3Request.at).toBeGreaterThanOrEqual(saved[0]!.at);
  });

  it('cancel aborts in-flight requests at once, sends no more, and saves nothing', async () => {
    const photos: Photo[] = [];
    let closed = 0;
    for (let i = 0; i < 20; i += 1) {
      server.route(`/large/${i}`, (_req, res) => {
        res.on('close', () => (closed += 1));
        res.writeHead(200, { 'content-length': 100_000 });
        res.write(imageBytes(1000, i)); // then hangs, well within the stall timeout
      });
      photos.push(photo(`P${i}`, `${server.origin}/large/${i}`, { largeImageLength: 100_000 }));
    }
    const controller = new AbortController();
    const { saved, saver } = collectingSaver();
    const running = downloadPhotos(
      photos,
      request({
        saver,
        signal: controller.signal,
        options: { stallTimeoutMs: 5000, concurrency: 4 },
      }),
    );
    while (server.requests.length < 4) await sleep(5);
    await sleep(50); // the first bytes are in flight
    const started = Date.now();
    controller.abort();
    await expect(running).rejects.toBeInstanceOf(DownloadCancelledError);
    // Well before the 5 s stall timeout could have ended the requests on its own.
    expect(Date.now() - started).toBeLessThan(2000);
    const seen = server.requests.length;
    expect(seen).toBe(4);
    await sleep(300);
    expect(server.requests.length).toBe(seen);
    expect(closed).toBe(seen);
    expect(saved).toEqual([]);
  });

  it('fails a stalled image after its attempts, keeping the rest', async () => {
    const bytes = imageBytes(3000, 1);
    server.route('/ok', serveImage(bytes));
    server.route('/stall', (_req, res) => {
      res.writeHead(200, { 'content-length': 3000 });
      res.write(bytes.subarray(0, 10));
    });
    const photos = [photo('OK', `${server.origin}/ok`), photo('STALL', `${server.origin}/stall`)];
    const { saved, saver } = collectingSaver();
    const result = await downloadPhotos(photos, request({ saver, options: { attempts: 2 } }));
    expect(result.downloaded).toEqual([photos[0]]);
    expect(result.failed[0]!.reason).toBe('stalled: no data for 0.2 s (after 2 attempts)');
    expect(server.requests.filter((r) => r.path === '/stall')).toHaveLength(2);
    await checkArchive(saved[0]!.data, photos, new Map([['/ok', bytes]]));
  });

  it('stops everything with ArchiveSaveError when a part cannot be saved', async () => {
    const { photos } = fixture(6);
    const saver: PartsSaver = {
      kind: 'zip-parts',
      output: 'uint8array',
      savePart: () => Promise.reject(new Error('disk full')),
    };
    const error = await downloadPhotos(
      photos,
      request({ saver, options: { partSizeBytes: 8_000, concurrency: 1 } }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArchiveSaveError);
    expect((error as Error).message).toMatch(/^could not save test-part1-of-\d+\.zip: disk full$/);
    const seen = server.requests.length;
    await sleep(100);
    expect(server.requests.length).toBe(seen);
    expect(seen).toBeLessThan(photos.length);
  });

  it('rejects at once for an already cancelled signal', async () => {
    const { saver } = collectingSaver();
    await expect(
      downloadPhotos(
        [photo('A', `${server.origin}/x`)],
        request({ saver, signal: AbortSignal.abort() }),
      ),
    ).rejects.toBeInstanceOf(DownloadCancelledError);
    expect(server.requests).toHaveLength(0);
  });
});
