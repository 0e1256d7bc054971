/**
 * The seed document's Python example, ported: its two queries, paged with limit/skip like its
 * loop, then its download loop for a few photos. Results are checked against SQLite directly.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDemoDb } from './index.ts';
import { STARTUP_TIMEOUT_MS, startTestServer, type ApiPhoto, type TestServer } from './testing.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ photos: 300 });
}, STARTUP_TIMEOUT_MS);
afterAll(() => server.close());

/** Python: urllib.urlencode({"where": json.dumps(...), 'limit': limit, 'skip': skip}) */
async function fetchAll(
  where: object,
  limit: number,
): Promise<{ photos: ApiPhoto[]; requests: string[] }> {
  const headers = { 'foko-api-key': server.apiKey };
  const photos: ApiPhoto[] = [];
  const requests: string[] = [];
  for (let skip = 0; ; skip += limit) {
    const params = new URLSearchParams({
      where: JSON.stringify(where),
      limit: String(limit),
      skip: String(skip),
    });
    const url = `${server.apiUrl}/photos?${params}`;
    requests.push(url);
    const response = await fetch(url, { headers });
    expect(response.status).toBe(200);
    const data = (await response.json()) as ApiPhoto[];
    photos.push(...data);
    if (data.length < limit) return { photos, requests };
  }
}

function idsFromDb(sql: string, ...params: string[]): string[] {
  const db = openDemoDb(server.dbFile ?? '');
  try {
    return db
      .prepare<string[], { objectId: string }>(
        `SELECT objectId FROM photos WHERE ${sql} ORDER BY createdAt, objectId`,
      )
      .all(...params)
      .map((row) => row.objectId);
  } finally {
    db.close();
  }
}

it('runs the "$gt startDate" query', async () => {
  const startDate = '2014-10-01T23:49:36.353Z';
  const where = { createdAt: { $gt: { __type: 'Date', iso: startDate } } };
  const { photos, requests } = await fetchAll(where, 100);
  const expected = idsFromDb('createdAt > ?', startDate);
  expect(expected.length).toBeGreaterThan(150);
  expect(photos.map((p) => p.objectId)).toEqual(expected);
  expect(requests.length).toBe(Math.floor(expected.length / 100) + 1);
  // The photo taken exactly at startDate is excluded ("but not including that specific date").
  expect(idsFromDb('createdAt = ?', startDate)).toHaveLength(1);
  expect(photos.some((photo) => photo.createdAt === startDate)).toBe(false);
});

it('runs the "$and" range query and the download loop', async () => {
  const startDate = '2014-10-01T00:00:00.000Z';
  const endDate = '2014-10-08T00:00:00.000Z';
  const where = {
    createdAt: {
      $and: {
        $gt: { __type: 'Date', iso: startDate },
        $lte: { __type: 'Date', iso: endDate },
      },
    },
  };
  const { photos } = await fetchAll(where, 7);
  const expected = idsFromDb('createdAt > ? AND createdAt <= ?', startDate, endDate);
  expect(expected.length).toBeGreaterThan(7);
  expect(photos.map((p) => p.objectId)).toEqual(expected);
  // Instants pinned on both bounds: $gt leaves out Oct 1 00:00, $lte keeps Oct 8 00:00.
  expect(photos.some((p) => p.createdAt === startDate)).toBe(false);
  expect(photos.some((p) => p.createdAt === endDate)).toBe(true);

  // for item in data: urllib2.Request(item["largeImage"], None, headers) ... output.write(...)
  const dir = mkdtempSync(join(tmpdir(), 'foko-download-'));
  try {
    for (const item of photos.slice(0, 3)) {
      const response = await fetch(item.largeImage, { headers: { 'foko-api-key': server.apiKey } });
      expect(response.status).toBe(200);
      const file = join(dir, `${item.objectId}.jpg`);
      writeFileSync(file, Buffer.from(await response.arrayBuffer()));
      expect(statSync(file).size).toBe(item.largeImageLength);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
