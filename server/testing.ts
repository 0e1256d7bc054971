/** Test helpers: a demo server on a free port with its own temporary data directory. */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type DemoOptions, type RunningServer, type ServerOptions } from './index.ts';

/** For beforeAll: the first start on a fresh machine renders the base images (~10 s on 2 cores). */
export const STARTUP_TIMEOUT_MS = 120_000;

export interface TestServer extends RunningServer {
  dataDir: string;
}

export async function startTestServer(
  demo: DemoOptions = {},
  options: ServerOptions = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'foko-demo-'));
  const server = await startServer({
    port: 0,
    staticDir: false,
    ...options,
    demo: { dataDir, ...demo },
  });
  return {
    ...server,
    dataDir,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ApiPhoto {
  objectId: string;
  createdAt: string;
  updatedAt: string;
  description?: string;
  largeImage: string;
  largeImageLength: number;
  mediumImage: string;
  mediumImageLength: number;
}

/** GET with the key (or `key: null` for none). */
export function get(url: string, key: string | null, headers: Record<string, string> = {}) {
  return fetch(url, { headers: key === null ? headers : { 'foko-api-key': key, ...headers } });
}

export function photosUrl(apiUrl: string, params: Record<string, string | number | object>) {
  const query = new URLSearchParams(
    Object.entries(params).map(([name, value]) => [
      name,
      typeof value === 'object' ? JSON.stringify(value) : String(value),
    ]),
  );
  return `${apiUrl}/photos?${query}`;
}

export async function getPhotos(
  apiUrl: string,
  key: string,
  params: Record<string, string | number | object> = {},
): Promise<ApiPhoto[]> {
  const response = await get(photosUrl(apiUrl, params), key);
  if (response.status !== 200) {
    throw new Error(`GET photos: ${response.status} ${await response.text()}`);
  }
  return (await response.json()) as ApiPhoto[];
}

export function date(iso: string) {
  return { __type: 'Date', iso };
}

/** A raw node:http GET, for header spellings fetch() would normalise. */
export function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}
