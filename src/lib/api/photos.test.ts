import type { ServerResponse } from 'node:http';
import { QueryClient } from '@tanstack/svelte-query';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import {
  checkConnection,
  clampPage,
  fetchAllPhotos,
  fetchPhotoPage,
  photoPagesQueryOptions,
  photosUrl,
  uniquePhotos,
  validatePhotos,
} from './photos';
import { sendJson, startTestServer, type TestServer } from './test-server';
import type { Photo } from './types';

const KEY = 'the-demo-key';
let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const valid = {
  objectId: 'ABCDEF1234',
  createdAt: '2014-10-01T23:49:36.353Z',
  largeImage: 'https://cloud.foko.co/api/v1/photo/tfss-1-file/ABCDEF1234/CO',
};

function photo(n: number): Photo {
  return {
    objectId: `P${String(n).padStart(9, '0')}`,
    createdAt: new Date(Date.UTC(2014, 9, 1) + n * 60_000).toISOString(),
    largeImage: `http://img.example/${n}.jpg`,
    largeImageLength: 1000,
  };
}

function protocolFailure(json: unknown): ApiError {
  try {
    validatePhotos(json);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).kind).toBe('protocol');
    expect((error as ApiError).message).toMatch(/^This does not look like a Foko API: /);
    return error as ApiError;
  }
  throw new Error('expected a protocol error');
}

describe('validatePhotos', () => {
  it('keeps known fields and leaves unknown ones out', () => {
    const [photo] = validatePhotos([
      {
        ...valid,
        updatedAt: '2014-10-02T00:00:00.000Z',
        description: '<b>hi</b>\n=1+1',
        mediumImage: 'https://cloud.foko.co/m.jpg',
        largeImageLength: 15_800_000,
        mediumImageLength: 120_000,
        likeCount: 3,
        owner: { objectId: 'x' },
      },
    ]);
    expect(photo).toEqual({
      ...valid,
      updatedAt: '2014-10-02T00:00:00.000Z',
      description: '<b>hi</b>\n=1+1',
      mediumImage: 'https://cloud.foko.co/m.jpg',
      largeImageLength: 15_800_000,
      mediumImageLength: 120_000,
    });
  });

  it('tolerates an absent description and drops wrong-typed optional fields', () => {
    const [photo] = validatePhotos([
      { ...valid, description: 42, mediumImage: '/relative.jpg', largeImageLength: '12' },
    ]);
    expect(photo).toEqual(valid);
    expect(validatePhotos([])).toEqual([]);
  });

  it('rejects what is not a list of photos', () => {
    expect(protocolFailure({ results: [] }).message).toContain('got object');
    expect(protocolFailure(null).message).toContain('got null');
    expect(protocolFailure('[]').message).toContain('got string');
    expect(protocolFailure([1, 2]).message).toContain('item 0');
    expect(protocolFailure([[valid]]).message).toContain('not an object');
  });

  it('rejects photos missing required fields or with bad types', () => {
    expect(protocolFailure([{ ...valid, objectId: undefined }]).message).toContain('objectId');
    expect(protocolFailure([{ ...valid, objectId: 7 }]).message).toContain('objectId');
    expect(protocolFailure([{ ...valid, createdAt: 'yesterday' }]).message).toContain('createdAt');
    expect(protocolFailure([{ ...valid, largeImage: undefined }]).message).toContain('largeImage');
    expect(protocolFailure([{ ...valid, largeImage: 'javascript:alert(1)' }]).message).toContain(
      'largeImage',
    );
  });
});

describe('paging', () => {
  it('clamps limit and skip into the contract', () => {
    expect(clampPage(-5, 5000)).toEqual({ skip: 0, limit: 1000 });
    expect(clampPage(10.7, 0)).toEqual({ skip: 10, limit: 1 });
    expect(clampPage(NaN, NaN)).toEqual({ skip: 0, limit: 200 });
  });

  it('puts limit, skip and the where JSON in the URL', () => {
    const where = {
      createdAt: { $gt: { __type: 'Date' as const, iso: '2014-10-01T00:00:00.000Z' } },
    };
    const url = new URL(photosUrl('http://h/api/v1', { skip: 400, limit: 200, where }));
    expect(url.pathname).toBe('/api/v1/photos');
    expect(url.searchParams.get('limit')).toBe('200');
    expect(url.searchParams.get('skip')).toBe('400');
    expect(JSON.parse(url.searchParams.get('where') ?? '')).toEqual(where);
  });

  it('dedupes pages that shifted while paging, keeping the first occurrence', () => {
    const [a, b, c, d] = [photo(1), photo(2), photo(3), photo(4)];
    const shifted = { ...b, description: 'seen again' };
    expect(
      uniquePhotos([
        [a, b],
        [shifted, c],
        [c, d],
      ]),
    ).toEqual([a, b, c, d]);
  });
});

/** A Foko-like list endpoint over `rows`, honouring limit and skip. */
async function serveRows(rows: Photo[], delayMs = 0) {
  server = await startTestServer((request, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (request.headers['foko-api-key'] !== KEY) {
      sendJson(response, 401, { code: 401, error: 'unauthorized' });
      return;
    }
    const skip = Number(url.searchParams.get('skip'));
    const limit = Number(url.searchParams.get('limit'));
    setTimeout(() => sendJson(response, 200, rows.slice(skip, skip + limit)), delayMs);
  });
  return { apiUrl: `${server.url}/api/v1`, apiKey: KEY };
}

describe('against a server', () => {
  const rows = Array.from({ length: 2500 }, (_, n) => photo(n));

  it('checks a connection with one row', async () => {
    const connection = await serveRows(rows);
    expect(await checkConnection(connection, new AbortController().signal)).toHaveLength(1);
    expect(server?.requests[0]?.url).toBe('/api/v1/photos?limit=1&skip=0');
    const error = await checkConnection(
      { ...connection, apiKey: 'wrong' },
      AbortSignal.timeout(5000),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unauthorized' });
  });

  it('fetches every matching photo for "Select all", reporting progress', async () => {
    const connection = await serveRows(rows);
    const progress: number[] = [];
    const all = await fetchAllPhotos(
      connection,
      { utc: true, from: '2014-10-01' },
      { signal: new AbortController().signal, onProgress: (n) => progress.push(n) },
    );
    expect(all).toHaveLength(2500);
    expect(new Set(all.map((p) => p.objectId)).size).toBe(2500);
    expect(progress).toEqual([1000, 2000, 2500]);
    const first = new URL(server?.requests[0]?.url ?? '', 'http://x');
    expect(first.searchParams.get('limit')).toBe('1000');
    expect(JSON.parse(first.searchParams.get('where') ?? '')).toEqual({
      createdAt: { $gte: { __type: 'Date', iso: '2014-10-01T00:00:00.000Z' } },
    });
  });

  it('stops when aborted', async () => {
    const connection = await serveRows(rows, 30);
    const controller = new AbortController();
    const pending = fetchAllPhotos(
      connection,
      { utc: true },
      {
        signal: controller.signal,
        pageSize: 100,
        onProgress: (n) => {
          if (n >= 300) controller.abort();
        },
      },
    );
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(server?.requests.length).toBeLessThanOrEqual(4);
  });

  it('sends no request for an invalid filter', async () => {
    const connection = await serveRows(rows);
    await expect(
      fetchAllPhotos(
        connection,
        { utc: true, from: '2014-02-30' },
        {
          signal: new AbortController().signal,
        },
      ),
    ).rejects.toThrow('“From” is not a real date');
    expect(server?.requests).toHaveLength(0);
  });

  it('drives an infinite query page by page, stopping at a short page', async () => {
    const connection = await serveRows(rows.slice(0, 450));
    const client = new QueryClient();
    const options = photoPagesQueryOptions(connection, { utc: true }, 200);
    expect(JSON.stringify(options.queryKey)).not.toContain(KEY);
    expect(options.queryKey).toContain(connection.apiUrl);

    const data = await client.fetchInfiniteQuery({ ...options, pages: 5 });
    expect(data.pages.map((page) => page.length)).toEqual([200, 200, 50]);
    expect(data.pageParams).toEqual([0, 200, 400]);
    expect(uniquePhotos(data.pages)).toHaveLength(450);
    client.clear();
  });

  it('keeps different keys and filters apart in the cache without the key', () => {
    const a = photoPagesQueryOptions({ apiUrl: 'http://h/api/v1', apiKey: 'one' }, { utc: true });
    const b = photoPagesQueryOptions({ apiUrl: 'http://h/api/v1', apiKey: 'two' }, { utc: true });
    const c = photoPagesQueryOptions(
      { apiUrl: 'http://h/api/v1', apiKey: 'one' },
      { utc: true, from: '2014-10-01' },
    );
    expect(JSON.stringify(a.queryKey)).not.toBe(JSON.stringify(b.queryKey));
    expect(JSON.stringify(a.queryKey)).not.toBe(JSON.stringify(c.queryKey));
    expect(JSON.stringify([a.queryKey, b.queryKey])).not.toMatch(/"one"|"two"/);
  });

  it('stays disabled while the filter is invalid', () => {
    const connection = { apiUrl: 'http://h/api/v1', apiKey: 'k' };
    expect(photoPagesQueryOptions(connection, { utc: true, to: 'nope' }).enabled).toBe(false);
    expect(photoPagesQueryOptions(connection, { utc: true }).enabled).toBe(true);
  });

  it('reads one page with the key', async () => {
    const connection = await serveRows(rows);
    const page = await fetchPhotoPage(
      connection,
      { skip: 2400, limit: 1000 },
      AbortSignal.timeout(5000),
    );
    expect(page).toHaveLength(100);
  });
});
