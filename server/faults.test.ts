import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  get,
  getPhotos,
  startTestServer,
  type ApiPhoto,
  type TestServer,
  STARTUP_TIMEOUT_MS,
} from './testing.ts';

let server: TestServer;
let first40: ApiPhoto[];
const KEY = 'demo';

function photo(objectId: string): ApiPhoto {
  const found = first40.find((p) => p.objectId === objectId);
  if (!found) throw new Error(`${objectId} is not among the first 40 photos`);
  return found;
}

async function expectWorks(url: string, length: number) {
  const response = await get(url, KEY);
  expect(response.status).toBe(200);
  expect((await response.arrayBuffer()).byteLength).toBe(length);
}

beforeAll(async () => {
  server = await startTestServer({ photos: 300, faults: true });
  // The very first list request of the instance is rate limited.
  const limited = await get(`${server.apiUrl}/photos?limit=40`, KEY);
  expect(limited.status).toBe(429);
  expect(limited.headers.get('retry-after')).toBe('1');
  expect(limited.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
  first40 = await getPhotos(server.apiUrl, KEY, { limit: 40 });
}, STARTUP_TIMEOUT_MS);
afterAll(() => server.close());

describe('fault mode', () => {
  it('reports the faulty photos, all among the first 40', () => {
    const faults = server.faults;
    expect(faults).toBeDefined();
    if (!faults) return;
    expect(faults.error500Once).toHaveLength(3);
    const ids = [
      ...faults.error500Once,
      faults.unavailable503Once,
      faults.notFound,
      faults.stallOnce,
      faults.truncateOnce,
    ];
    expect(new Set(ids).size).toBe(7);
    for (const id of ids) expect(photo(id).objectId).toBe(id);
    expect(Object.keys(faults.byObjectId).sort()).toEqual([...ids].sort());
  });

  it('rate-limits only the first list request', async () => {
    expect((await get(`${server.apiUrl}/photos`, KEY)).status).toBe(200);
  });

  it('answers 500 once for three large images, then serves them', async () => {
    for (const id of server.faults?.error500Once ?? []) {
      const { largeImage, largeImageLength, mediumImage, mediumImageLength } = photo(id);
      expect((await get(largeImage, KEY)).status).toBe(500);
      await expectWorks(largeImage, largeImageLength);
      await expectWorks(mediumImage, mediumImageLength);
    }
  });

  it('answers 503 with Retry-After once', async () => {
    const { largeImage, largeImageLength } = photo(server.faults?.unavailable503Once ?? '');
    const response = await get(largeImage, KEY);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    await expectWorks(largeImage, largeImageLength);
  });

  it('always answers 404 for one photo, large and medium', async () => {
    const { largeImage, mediumImage } = photo(server.faults?.notFound ?? '');
    for (const url of [largeImage, largeImage, mediumImage, mediumImage]) {
      expect((await get(url, KEY)).status).toBe(404);
    }
  });

  it('stalls one large image once, mid-body', async () => {
    const { largeImage, largeImageLength } = photo(server.faults?.stallOnce ?? '');
    const abort = new AbortController();
    const response = await fetch(largeImage, {
      headers: { 'foko-api-key': KEY },
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(largeImageLength));
    const reader = response.body?.getReader();
    if (!reader) throw new Error('no body');
    let received = 0;
    let stalled = false;
    while (!stalled) {
      const next = await Promise.race([
        reader.read(),
        new Promise<'stalled'>((resolve) => setTimeout(() => resolve('stalled'), 700)),
      ]);
      if (next === 'stalled') stalled = true;
      else if (next.done) break;
      else received += next.value.length;
    }
    expect(stalled).toBe(true);
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(largeImageLength);
    abort.abort();
    await reader.cancel().catch(() => undefined);
    await expectWorks(largeImage, largeImageLength);
  });

  it('cuts one large body short once', async () => {
    const { largeImage, largeImageLength } = photo(server.faults?.truncateOnce ?? '');
    const response = await get(largeImage, KEY);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(largeImageLength));
    await expect(response.arrayBuffer()).rejects.toThrow();
    await expectWorks(largeImage, largeImageLength);
  });

  it('leaves other photos alone', async () => {
    const healthy = first40.filter((p) => !(p.objectId in (server.faults?.byObjectId ?? {})));
    for (const p of healthy.slice(0, 5)) await expectWorks(p.largeImage, p.largeImageLength);
  });

  it('closes promptly while a response is stalled', async () => {
    const stalling = await startTestServer({ photos: 40, faults: true });
    const url = `${stalling.apiUrl}/photos?limit=40`;
    await get(url, KEY); // spends the 429
    const photos = (await (await get(url, KEY)).json()) as ApiPhoto[];
    const target = photos.find((p) => p.objectId === stalling.faults?.stallOnce);
    const response = await get(target?.largeImage ?? '', KEY);
    expect(response.status).toBe(200);
    const started = performance.now();
    await stalling.close();
    expect(performance.now() - started).toBeLessThan(2000);
    await response.arrayBuffer().catch(() => undefined);
  });
});
