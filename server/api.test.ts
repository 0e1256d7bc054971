import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPECIAL_DESCRIPTIONS } from './index.ts';
import {
  date,
  get,
  getPhotos,
  photosUrl,
  rawGet,
  startTestServer,
  type ApiPhoto,
  type TestServer,
  STARTUP_TIMEOUT_MS,
} from './testing.ts';

let server: TestServer;
let all: ApiPhoto[];
const KEY = 'demo';

beforeAll(async () => {
  server = await startTestServer({ photos: 300 });
  all = await getPhotos(server.apiUrl, KEY, { limit: 1000 });
}, STARTUP_TIMEOUT_MS);
afterAll(() => server.close());

async function expectError(url: string, status: number, code: number, mentions: RegExp) {
  const response = await get(url, KEY);
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await response.json()) as { code: number; error: string };
  expect(body.code).toBe(code);
  expect(body.error).toMatch(mentions);
}

describe('GET /photos: paging', () => {
  it('returns 20 photos when limit is absent', async () => {
    expect(await getPhotos(server.apiUrl, KEY)).toHaveLength(20);
  });

  it('accepts limit 1 and 1000', async () => {
    expect(await getPhotos(server.apiUrl, KEY, { limit: 1 })).toHaveLength(1);
    expect(all).toHaveLength(300);
  });

  it.each(['0', '1001', '-1', '1.5', 'abc', '', '1e2'])(
    'rejects limit=%j with 400 (117)',
    (limit) => expectError(photosUrl(server.apiUrl, { limit }), 400, 117, /limit/),
  );

  it.each(['-1', 'abc', '2.5', ''])('rejects skip=%j with 400 (118)', (skip) =>
    expectError(photosUrl(server.apiUrl, { skip }), 400, 118, /skip/),
  );

  it('returns an empty array when skip is past the end', async () => {
    expect(await getPhotos(server.apiUrl, KEY, { skip: 300 })).toEqual([]);
    expect(await getPhotos(server.apiUrl, KEY, { skip: 1_000_000, limit: 5 })).toEqual([]);
  });

  it('orders by (createdAt, objectId) consistently across pages', async () => {
    const paged: ApiPhoto[] = [];
    for (let skip = 0; ; skip += 37) {
      const page = await getPhotos(server.apiUrl, KEY, { limit: 37, skip });
      paged.push(...page);
      if (page.length < 37) break;
    }
    expect(paged.map((p) => p.objectId)).toEqual(all.map((p) => p.objectId));
    const sorted = [...all].sort((a, b) =>
      a.createdAt !== b.createdAt
        ? a.createdAt < b.createdAt
          ? -1
          : 1
        : a.objectId < b.objectId
          ? -1
          : 1,
    );
    expect(all).toEqual(sorted);
    expect(new Set(all.map((p) => p.objectId)).size).toBe(300);
    // Ties to the millisecond exist, so the objectId tie-break is exercised.
    const ties = all.filter((p, i) => all[i + 1]?.createdAt === p.createdAt);
    expect(ties.length).toBeGreaterThan(0);
    for (const tie of ties) {
      const next = all[all.indexOf(tie) + 1];
      expect(tie.objectId < (next?.objectId ?? '')).toBe(true);
    }
  });
});

describe('GET /photos: fields', () => {
  it('has the documented fields and shapes', () => {
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
    const image = new RegExp(
      `^${server.apiUrl}/photo/tfss-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}-file/[A-Za-z0-9]{10}/[A-Za-z0-9]{10}$`,
    );
    for (const photo of all) {
      expect(Object.keys(photo).sort()).toEqual(
        [
          'objectId',
          'createdAt',
          'updatedAt',
          ...('description' in photo ? ['description'] : []),
          'largeImage',
          'largeImageLength',
          'mediumImage',
          'mediumImageLength',
        ].sort(),
      );
      expect(photo.objectId).toMatch(/^[A-Za-z0-9]{10}$/);
      expect(photo.createdAt).toMatch(iso);
      expect(photo.updatedAt).toMatch(iso);
      expect(photo.updatedAt >= photo.createdAt).toBe(true);
      expect(photo.largeImage).toMatch(image);
      expect(photo.mediumImage).toMatch(image);
      expect(photo.largeImage).not.toBe(photo.mediumImage);
      expect(photo.largeImage).toContain(`/${photo.objectId}/`);
      expect(photo.largeImageLength).toBeGreaterThan(400_000);
      expect(photo.mediumImageLength).toBeGreaterThan(20_000);
      expect(photo.mediumImageLength).toBeLessThan(80_000);
    }
  });

  it('puts every awkward description within the first 60 photos', () => {
    const first = all.slice(0, 60);
    for (const special of SPECIAL_DESCRIPTIONS) {
      if (special === null) expect(first.some((p) => !('description' in p))).toBe(true);
      else expect(first.map((p) => p.description)).toContain(special);
    }
    expect(first.some((p) => p.description?.length === 3000)).toBe(true);
    expect(first.some((p) => p.description?.includes('\r\n'))).toBe(true);
    expect(first.some((p) => p.description === '<img src=x onerror=alert(1)>')).toBe(true);
  });

  it('builds image URLs from X-Forwarded-Host and -Proto', async () => {
    const response = await get(photosUrl(server.apiUrl, { limit: 1 }), KEY, {
      'x-forwarded-host': 'photos.example.test',
      'x-forwarded-proto': 'https',
    });
    const [photo] = (await response.json()) as ApiPhoto[];
    expect(photo?.largeImage).toMatch(/^https:\/\/photos\.example\.test\/api\/v1\/photo\//);
  });
});

describe('GET /photos: where', () => {
  const photosWhere = (where: unknown, extra: Record<string, string | number> = {}) =>
    photosUrl(server.apiUrl, {
      limit: 1000,
      ...extra,
      where: typeof where === 'string' ? where : JSON.stringify(where),
    });

  it('filters with a single bound', async () => {
    const iso = '2014-10-01T23:49:36.353Z';
    const gt = await getPhotos(server.apiUrl, KEY, {
      limit: 1000,
      where: { createdAt: { $gt: date(iso) } },
    });
    const gte = await getPhotos(server.apiUrl, KEY, {
      limit: 1000,
      where: { createdAt: { $gte: date(iso) } },
    });
    const lte = await getPhotos(server.apiUrl, KEY, {
      limit: 1000,
      where: { createdAt: { $lte: date(iso) } },
    });
    const lt = await getPhotos(server.apiUrl, KEY, {
      limit: 1000,
      where: { createdAt: { $lt: date(iso) } },
    });
    expect(gt.map((p) => p.objectId)).toEqual(
      all.filter((p) => p.createdAt > iso).map((p) => p.objectId),
    );
    // A photo sits exactly on the seed's example instant: $gte and $lte include it, $gt and $lt not.
    expect(gte.length).toBe(gt.length + 1);
    expect(lte.length).toBe(lt.length + 1);
    expect(gt.length + lte.length).toBe(300);
  });

  it('filters a range with $and', async () => {
    const where = {
      createdAt: {
        $and: { $gte: date('2014-10-01T04:00:00.000Z'), $lt: date('2014-10-09T04:00:00.000Z') },
      },
    };
    const photos = await getPhotos(server.apiUrl, KEY, { limit: 1000, where });
    const expected = all.filter(
      (p) => p.createdAt >= '2014-10-01T04:00:00.000Z' && p.createdAt < '2014-10-09T04:00:00.000Z',
    );
    expect(expected.length).toBeGreaterThan(5);
    expect(photos).toEqual(expected);
  });

  const gt = date('2014-10-01T00:00:00.000Z');
  const lt = date('2014-10-08T00:00:00.000Z');
  it.each([
    ['malformed JSON', '{"createdAt":', 107, /JSON/],
    ['not an object', '[1]', 102, /object/],
    ['merged $gte and $lt', { createdAt: { $gte: gt, $lt: lt } }, 102, /\$and/],
    ['unknown operator', { createdAt: { $ne: gt } }, 102, /unknown operator "\$ne"/],
    ['prototype key as operator', { createdAt: { toString: gt } }, 102, /unknown operator/],
    ['non-Date value', { createdAt: { $gt: '2014-10-01T00:00:00.000Z' } }, 102, /Date/],
    ['Date with extra keys', { createdAt: { $gt: { ...gt, tz: 'UTC' } } }, 102, /Date/],
    ['bad ISO string', { createdAt: { $gt: date('2014-10-01') } }, 102, /invalid date/],
    [
      'impossible date',
      { createdAt: { $gt: date('2014-02-30T00:00:00.000Z') } },
      102,
      /invalid date/,
    ],
    [
      'offset instead of Z',
      { createdAt: { $gt: date('2014-10-01T00:00:00.000+02:00') } },
      102,
      /invalid date/,
    ],
    ['unknown field', { updatedAt: { $gt: gt } }, 102, /unknown field "updatedAt"/],
    ['empty where', {}, 102, /createdAt/],
    ['createdAt not an object', { createdAt: '2014' }, 102, /createdAt/],
    ['no operator', { createdAt: {} }, 102, /no operator/],
    ['$and as an array', { createdAt: { $and: [{ $gt: gt }, { $lt: lt }] } }, 102, /\$and/],
    ['$and with one operator', { createdAt: { $and: { $gt: gt } } }, 102, /exactly two/],
    [
      '$and with three',
      { createdAt: { $and: { $gt: gt, $lt: lt, $lte: lt } } },
      102,
      /exactly two/,
    ],
    [
      '$and beside an operator',
      { createdAt: { $and: { $gt: gt, $lt: lt }, $gt: gt } },
      102,
      /several/,
    ],
    ['unknown operator in $and', { createdAt: { $and: { $gt: gt, $in: lt } } }, 102, /"\$in"/],
    ['nested $and', { createdAt: { $and: { $gt: gt, $and: {} } } }, 102, /nested/],
  ])('rejects %s with 400', (_name, where, code, message) =>
    expectError(photosWhere(where), 400, code as number, message as RegExp),
  );
});

describe('authentication', () => {
  it.each([
    ['no key', {}],
    ['a wrong key', { 'foko-api-key': 'nope' }],
    ['an empty key', { 'foko-api-key': '' }],
  ])('answers 401 with the JSON body for %s', async (_name, headers) => {
    const response = await fetch(`${server.apiUrl}/photos`, { headers });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 401, error: 'unauthorized' });
  });

  it('protects images too', async () => {
    const photo = all[0] as ApiPhoto;
    const response = await get(photo.largeImage, null);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 401, error: 'unauthorized' });
    expect((await get(photo.mediumImage, 'wrong')).status).toBe(401);
  });

  it('treats the header name case-insensitively', async () => {
    const upper = await rawGet(`${server.apiUrl}/photos?limit=2`, { 'FOKO-API-KEY': KEY });
    expect(upper.status).toBe(200);
    const mixed = await rawGet(all[0]?.mediumImage ?? '', { 'Foko-Api-Key': KEY });
    expect(mixed.status).toBe(200);
    expect(mixed.body.length).toBe(all[0]?.mediumImageLength);
  });
});

describe('images', () => {
  it('serves JPEG bytes of the recorded length naming the photo', async () => {
    for (const photo of [all[0], all[1], all[150], all[299]] as ApiPhoto[]) {
      for (const [url, length] of [
        [photo.largeImage, photo.largeImageLength],
        [photo.mediumImage, photo.mediumImageLength],
      ] as const) {
        const response = await get(url, KEY);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('image/jpeg');
        expect(response.headers.get('content-length')).toBe(String(length));
        const bytes = Buffer.from(await response.arrayBuffer());
        expect(bytes.length).toBe(length);
        expect(bytes.subarray(0, 2).toString('hex')).toBe('ffd8');
        expect(bytes.includes(photo.objectId)).toBe(true);
        expect(bytes.includes(photo.createdAt)).toBe(true);
        expect(bytes.subarray(-2).toString('hex')).toBe('ffd9');
      }
    }
  });

  it('gives every photo different bytes', async () => {
    const [a, b] = all as [ApiPhoto, ApiPhoto];
    const bytesA = Buffer.from(await (await get(a.mediumImage, KEY)).arrayBuffer());
    const bytesB = Buffer.from(await (await get(b.mediumImage, KEY)).arrayBuffer());
    expect(bytesA.equals(bytesB)).toBe(false);
  });

  it('answers 404 JSON for unknown files and paths', async () => {
    const photo = all[0] as ApiPhoto;
    for (const url of [
      photo.largeImage.replace(/tfss-[0-9a-f]/, 'tfss-x'),
      photo.largeImage.replace(/\/[A-Za-z0-9]{10}$/, '/AAAAAAAAAA'),
      photo.largeImage.replace(`/${photo.objectId}/`, '/AAAAAAAAAA/'),
      `${server.apiUrl}/nope`,
      `${server.apiUrl}/photo/x`,
    ]) {
      const response = await get(url, KEY);
      expect(response.status, url).toBe(404);
      expect(await response.json()).toEqual({ code: 404, error: 'not found' });
    }
    expect((await fetch(`${server.url}/not-the-api`)).status).toBe(404);
  });
});

describe('CORS', () => {
  it('answers the preflight with 204 and no key', async () => {
    const response = await fetch(`${server.apiUrl}/photos?limit=1`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://elsewhere.test',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'foko-api-key',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/foko-api-key/i);
    expect(response.headers.get('access-control-allow-methods')).toMatch(/GET/);
  });

  it('allows and exposes headers on responses, errors included', async () => {
    for (const response of [
      await get(`${server.apiUrl}/photos?limit=1`, KEY),
      await get(`${server.apiUrl}/photos`, null),
      await get(all[0]?.mediumImage ?? '', KEY),
    ]) {
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-expose-headers')).toMatch(
        /Content-Length.*Retry-After/,
      );
    }
  });
});

describe('options', () => {
  it('uses the configured key and latency', async () => {
    const slow = await startTestServer({ photos: 50, apiKey: 's3cret', latencyMs: 150 });
    try {
      expect(slow.apiKey).toBe('s3cret');
      expect((await get(`${slow.apiUrl}/photos`, 'demo')).status).toBe(401);
      const started = performance.now();
      const photos = await getPhotos(slow.apiUrl, 's3cret', { limit: 1 });
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
      const image = await get(photos[0]?.mediumImage ?? '', 's3cret');
      expect(image.status).toBe(200);
    } finally {
      await slow.close();
    }
  });
});
