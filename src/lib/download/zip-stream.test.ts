import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Photo } from '../api/types';
import { downloadPhotos } from './engine';
import { DownloadCancelledError } from './errors';
import { filePickerSaver, type StreamSaver } from './savers';
import {
  imageBytes,
  photo,
  readZip,
  serveImage,
  sleep,
  startImageServer,
  type ImageServer,
} from './test-support';

const KEY = 'STREAM-KEY-must-not-leak';
let server: ImageServer;
beforeEach(async () => {
  server = await startImageServer();
});
afterEach(() => server.close());

/** A WritableStream that keeps what it is given, like a file on disk would. */
function memoryFile(writeDelayMs = 0) {
  const chunks: Uint8Array[] = [];
  const state = { closed: false, aborted: false as unknown };
  const writable = new WritableStream<Uint8Array>({
    async write(chunk) {
      if (writeDelayMs) await sleep(writeDelayMs);
      chunks.push(chunk.slice());
    },
    close() {
      state.closed = true;
    },
    abort(reason) {
      state.aborted = reason ?? true;
    },
  });
  return { writable, state, bytes: () => Buffer.concat(chunks) };
}

function streamSaver(writable: WritableStream<Uint8Array>, names: string[] = []): StreamSaver {
  return {
    kind: 'stream',
    open: (fileName) => {
      names.push(fileName);
      return Promise.resolve(writable);
    },
  };
}

function gallery(count: number, missing: number[] = []) {
  const served = new Map<string, Buffer>();
  const photos: Photo[] = [];
  for (let i = 0; i < count; i += 1) {
    const bytes = imageBytes(5000 + 311 * i, i + 10);
    if (!missing.includes(i)) {
      server.route(`/large/${i}`, serveImage(bytes));
      served.set(`/large/${i}`, bytes);
    }
    photos.push(
      photo(`S${i}`, `${server.origin}/large/${i}`, {
        createdAt: `2015-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`,
        largeImageLength: bytes.length,
      }),
    );
  }
  return { photos, served };
}

const connection = () => ({ apiUrl: `${server.origin}/api/v1`, apiKey: KEY });
const options = { responseTimeoutMs: 300, stallTimeoutMs: 200, attempts: 2, concurrency: 3 };

describe('downloadPhotos streamed into one ZIP', () => {
  it('writes one archive whose entries equal the server bytes, failures in the manifest only', async () => {
    const { photos, served } = gallery(15, [4]);
    const file = memoryFile(2);
    const names: string[] = [];
    const result = await downloadPhotos(photos, {
      connection: connection(),
      signal: new AbortController().signal,
      saver: streamSaver(file.writable, names),
      archiveName: 'stream-test',
      options,
      random: () => 0,
    });
    expect(names).toEqual(['stream-test.zip']);
    expect(file.state.closed).toBe(true);
    expect(result.downloaded).toHaveLength(14);
    expect(result.failed).toEqual([{ photo: photos[4], reason: 'HTTP 404 Not Found' }]);
    const bytes = file.bytes();
    expect(result.parts).toEqual([
      { fileName: 'stream-test.zip', photoCount: 14, failedCount: 1, bytes: bytes.length },
    ]);
    expect(bytes.includes(KEY)).toBe(false);

    const entries = await readZip(bytes);
    expect(entries.size).toBe(15);
    const rows = Papa.parse<Record<string, string>>(
      entries.get('manifest.csv')!.toString('utf8').slice(1),
      { header: true, skipEmptyLines: true },
    ).data;
    expect(rows.map((r) => r.objectId)).toEqual(photos.map((p) => p.objectId));
    rows.forEach((row, i) => {
      if (i === 4) return expect(row).toMatchObject({ status: 'failed', file: '' });
      expect(row.status).toBe('ok');
      expect(entries.get(row.file!)?.equals(served.get(`/large/${i}`)!)).toBe(true);
    });

    // An independent check of the archive's structure and CRCs.
    const unzip = ['/usr/bin/unzip', '/bin/unzip'].find((path) => existsSync(path));
    if (unzip) {
      const dir = mkdtempSync(join(tmpdir(), 'foko-zip-'));
      try {
        writeFileSync(join(dir, 'a.zip'), bytes);
        expect(execFileSync(unzip, ['-t', join(dir, 'a.zip')]).toString()).toMatch(
          /No errors detected/,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('cancel aborts the file (nothing is kept) and sends no further requests', async () => {
    const { photos } = gallery(4);
    for (let i = 4; i < 30; i += 1) {
      server.route(`/large/${i}`, (_req, res) => {
        res.writeHead(200, { 'content-length': 50_000 });
        res.write(imageBytes(100, i));
      });
      photos.push(photo(`H${i}`, `${server.origin}/large/${i}`));
    }
    const file = memoryFile();
    const controller = new AbortController();
    const running = downloadPhotos(photos, {
      connection: connection(),
      signal: controller.signal,
      saver: streamSaver(file.writable),
      options: { ...options, stallTimeoutMs: 5000 },
    });
    while (server.requests.length < 7) await sleep(5);
    await sleep(30);
    controller.abort();
    await expect(running).rejects.toBeInstanceOf(DownloadCancelledError);
    const seen = server.requests.length;
    await sleep(200);
    expect(server.requests.length).toBe(seen);
    expect(file.state.aborted).toBeTruthy();
    expect(file.state.closed).toBe(false);
  });

  it('treats a closed save dialog as a cancel, before any request', async () => {
    const saver: StreamSaver = {
      kind: 'stream',
      open: () => Promise.reject(new DOMException('The user aborted a request.', 'AbortError')),
    };
    const { photos } = gallery(2);
    await expect(
      downloadPhotos(photos, {
        connection: connection(),
        signal: new AbortController().signal,
        saver,
      }),
    ).rejects.toBeInstanceOf(DownloadCancelledError);
    expect(server.requests).toHaveLength(0);
  });

  it('uses the __fokoTestWritable hook instead of the file picker', async () => {
    const file = memoryFile();
    const asked: string[] = [];
    const hook = (name: string) => {
      asked.push(name);
      return Promise.resolve(file.writable);
    };
    Object.assign(globalThis, { __fokoTestWritable: hook });
    try {
      const { photos } = gallery(2);
      await downloadPhotos(photos, {
        connection: connection(),
        signal: new AbortController().signal,
        saver: filePickerSaver,
        archiveName: 'hooked',
        options,
      });
      expect(asked).toEqual(['hooked.zip']);
      expect((await readZip(file.bytes())).size).toBe(3);
    } finally {
      delete (globalThis as { __fokoTestWritable?: unknown }).__fokoTestWritable;
    }
  });
});
