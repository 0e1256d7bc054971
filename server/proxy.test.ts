import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './index.ts';
import { rewriteUrl } from './proxy.ts';
import {
  get,
  getPhotos,
  photosUrl,
  startTestServer,
  type ApiPhoto,
  type TestServer,
  STARTUP_TIMEOUT_MS,
} from './testing.ts';

let upstream: TestServer;
let proxy: RunningServer;
const KEY = 'up-key';

beforeAll(async () => {
  upstream = await startTestServer({ photos: 120, apiKey: KEY, cors: false });
  proxy = await startServer({ port: 0, staticDir: false, upstream: upstream.apiUrl });
}, STARTUP_TIMEOUT_MS);
afterAll(async () => {
  await proxy.close();
  await upstream.close();
});

describe('proxy mode', () => {
  it('fronts an upstream that sends no CORS headers', async () => {
    const direct = await get(`${upstream.apiUrl}/photos?limit=1`, KEY);
    expect(direct.status).toBe(200);
    expect(direct.headers.get('access-control-allow-origin')).toBeNull();
    const proxied = await get(`${proxy.apiUrl}/photos?limit=1`, KEY);
    expect(proxied.status).toBe(200);
    expect(proxied.headers.get('access-control-allow-origin')).toBe('*');
    expect(proxied.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
    expect(proxy.apiKey).toBe('');
    expect(proxy.upstream).toBe(upstream.apiUrl);
  });

  it('keeps the query string and rewrites image URLs to its own origin', async () => {
    const where = {
      createdAt: { $gte: { __type: 'Date', iso: '2014-10-01T00:00:00.000Z' } },
    };
    const direct = await getPhotos(upstream.apiUrl, KEY, { limit: 30, skip: 5, where });
    const proxied = await getPhotos(proxy.apiUrl, KEY, { limit: 30, skip: 5, where });
    expect(proxied.map((p) => p.objectId)).toEqual(direct.map((p) => p.objectId));
    proxied.forEach((photo, i) => {
      const original = direct[i] as ApiPhoto;
      expect(photo.largeImage).toBe(original.largeImage.replace(upstream.apiUrl, proxy.apiUrl));
      expect(photo.mediumImage.startsWith(`${proxy.apiUrl}/photo/`)).toBe(true);
      expect(photo.description).toBe(original.description);
      expect(photo.largeImageLength).toBe(original.largeImageLength);
    });
  });

  it('streams images back with their headers', async () => {
    const [photo] = await getPhotos(proxy.apiUrl, KEY, { limit: 1 });
    if (!photo) throw new Error('no photo');
    const response = await get(photo.largeImage, KEY);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('content-length')).toBe(String(photo.largeImageLength));
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBe(photo.largeImageLength);
    expect(bytes.includes(photo.objectId)).toBe(true);
  });

  it('passes key rejection and parameter errors through', async () => {
    for (const key of ['wrong', null]) {
      const response = await get(`${proxy.apiUrl}/photos`, key);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ code: 401, error: 'unauthorized' });
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
    }
    const [photo] = await getPhotos(proxy.apiUrl, KEY, { limit: 1 });
    expect((await get(photo?.largeImage ?? '', 'wrong')).status).toBe(401);
    const bad = await get(photosUrl(proxy.apiUrl, { limit: 0 }), KEY);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: number }).code).toBe(117);
  });

  it('answers preflights itself', async () => {
    const response = await fetch(`${proxy.apiUrl}/photos`, {
      method: 'OPTIONS',
      headers: { origin: 'http://app.test', 'access-control-request-method': 'GET' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/foko-api-key/);
  });

  it('forwards /upstream/* to the upstream origin', async () => {
    const response = await get(`${proxy.url}/upstream/api/v1/photos?limit=2`, KEY);
    expect(response.status).toBe(200);
    expect((await response.json()) as unknown[]).toHaveLength(2);
  });

  it('maps upstream URLs outside the API base to /upstream/', () => {
    const up = { origin: 'https://cdn.example.test', basePath: '/api/v1' };
    const me = 'http://localhost:5173';
    expect(rewriteUrl('https://cdn.example.test/api/v1/photo/a/b/c', up, me)).toBe(
      `${me}/api/v1/photo/a/b/c`,
    );
    expect(rewriteUrl('https://cdn.example.test/files/x.jpg?sig=1', up, me)).toBe(
      `${me}/upstream/files/x.jpg?sig=1`,
    );
    expect(rewriteUrl('https://other.example.test/api/v1/x', up, me)).toBe(
      'https://other.example.test/api/v1/x',
    );
    expect(rewriteUrl('not a url', up, me)).toBe('not a url');
  });

  it('answers 502 JSON when the upstream is unreachable', async () => {
    const port = await closedPort();
    const orphan = await startServer({
      port: 0,
      staticDir: false,
      upstream: `http://127.0.0.1:${port}/api/v1`,
    });
    try {
      const response = await get(`${orphan.apiUrl}/photos`, KEY);
      expect(response.status).toBe(502);
      const body = (await response.json()) as { code: number; error: string };
      expect(body.code).toBe(502);
      expect(body.error).toMatch(/unreachable/);
      expect(body.error).not.toContain(KEY);
    } finally {
      await orphan.close();
    }
  });
});

/** A port nothing listens on (bound, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}
