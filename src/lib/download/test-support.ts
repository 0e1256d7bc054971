// Shared by the download tests: a real HTTP image server and a ZIP reader (never bundled into the app).
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import yauzl from 'yauzl';
import type { Photo } from '../api/types';

export type ImageRoute = (req: IncomingMessage, res: ServerResponse, attempt: number) => void;

export interface ImageServer {
  origin: string;
  /** Every request that arrived: path, headers and when. */
  requests: { path: string; headers: IncomingMessage['headers']; at: number }[];
  route(path: string, handler: ImageRoute): void;
  close(): Promise<void>;
}

export async function startImageServer(): Promise<ImageServer> {
  const routes = new Map<string, ImageRoute>();
  const attempts = new Map<string, number>();
  const requests: ImageServer['requests'] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ path, headers: req.headers, at: Date.now() });
    const attempt = (attempts.get(path) ?? 0) + 1;
    attempts.set(path, attempt);
    const handler = routes.get(path);
    if (handler) handler(req, res, attempt);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    route: (path, handler) => routes.set(path, handler),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Deterministic pseudo-random bytes, different per seed, so a swapped entry is noticed. */
export function imageBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed * 2654435761 + 1;
  for (let i = 0; i < length; i += 1) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

export function serveImage(bytes: Buffer, contentType = 'image/jpeg'): ImageRoute {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': contentType, 'content-length': bytes.length }).end(bytes);
  };
}

export function photo(objectId: string, largeImage: string, extra: Partial<Photo> = {}): Photo {
  return {
    objectId,
    createdAt: '2014-10-01T12:00:00.000Z',
    updatedAt: '2014-10-02T08:30:00.000Z',
    description: `Photo ${objectId}`,
    largeImage,
    mediumImage: largeImage.replace('/large/', '/medium/'),
    mediumImageLength: 1000,
    ...extra,
  };
}

/** Reads every entry of a ZIP with yauzl (an independent implementation from the writers). */
export async function readZip(bytes: Uint8Array): Promise<Map<string, Buffer>> {
  const zip = await yauzl.fromBufferPromise(Buffer.from(bytes), { lazyEntries: true });
  const entries = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', reject);
        stream.on('end', () => {
          entries.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  return entries;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
