/** The demo Foko API (FOKO-API.md), mounted at /api/v1. */
import type { HttpBindings } from '@hono/node-server';
import type BetterSqlite3 from 'better-sqlite3';
import { Hono, type MiddlewareHandler } from 'hono';
import { createHash, timingSafeEqual } from 'node:crypto';
import { CORS_HEADERS, cors } from '../cors.ts';
import { requestOrigin } from '../origin.ts';
import type { FaultState } from './faults.ts';
import type { ImageSize } from './images.ts';
import { photoComment, withComment, type BaseImageCache } from './photo-bytes.ts';
import { QueryError, parseLimit, parseSkip } from './query.ts';
import type { PhotoRow } from './seed.ts';
import { parseWhere } from './where.ts';
import { API_BASE_PATH } from '../paths.ts';

export interface DemoApiOptions {
  db: BetterSqlite3.Database;
  companyId: string;
  apiKey: string;
  latencyMs: number;
  cors: boolean;
  images: BaseImageCache;
  faults?: FaultState;
}

type Env = { Bindings: HttpBindings };

export function demoApi(options: DemoApiOptions): Hono<Env> {
  const { db, companyId, images, faults } = options;
  const findPhoto = db.prepare<[string], PhotoRow>('SELECT * FROM photos WHERE objectId = ?');
  // One statement per shape of filter (none, one bound, two bounds).
  const pageStatements = new Map<string, BetterSqlite3.Statement<unknown[], PhotoRow>>();
  const pageStatement = (whereSql: string) => {
    let statement = pageStatements.get(whereSql);
    if (!statement) {
      statement = db.prepare<unknown[], PhotoRow>(
        `SELECT * FROM photos WHERE ${whereSql} ORDER BY createdAt, objectId LIMIT ? OFFSET ?`,
      );
      pageStatements.set(whereSql, statement);
    }
    return statement;
  };
  const api = new Hono<Env>();

  if (options.cors) api.use('*', cors());
  if (options.latencyMs > 0) {
    api.use('*', async (_c, next) => {
      await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      await next();
    });
  }
  api.use('*', requireKey(options.apiKey));

  api.get('/photos', (c) => {
    if (faults?.takeListFault()) {
      return c.json({ code: 155, error: 'rate limited: retry after 1 second' }, 429, {
        'Retry-After': '1',
      });
    }
    let page: { limit: number; skip: number; where: { sql: string; params: string[] } };
    try {
      const where = c.req.query('where');
      page = {
        limit: parseLimit(c.req.query('limit')),
        skip: parseSkip(c.req.query('skip')),
        where: where === undefined ? { sql: '1', params: [] } : parseWhere(where),
      };
    } catch (error) {
      if (error instanceof QueryError)
        return c.json({ code: error.code, error: error.message }, 400);
      throw error;
    }
    const rows = pageStatement(page.where.sql).all(...page.where.params, page.limit, page.skip);
    const photoBase = `${requestOrigin(c)}${API_BASE_PATH}/photo`;
    const imageUrl = (uuid: string, row: PhotoRow) =>
      `${photoBase}/tfss-${uuid}-file/${row.objectId}/${companyId}`;
    return c.json(
      rows.map((row) => ({
        objectId: row.objectId,
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
        // NULL means the field is absent, as on Foko where some photos never had one.
        ...(row.description === null ? {} : { description: row.description }),
        largeImage: imageUrl(row.largeUuid, row),
        largeImageLength: row.largeImageLength,
        mediumImage: imageUrl(row.mediumUuid, row),
        mediumImageLength: row.mediumImageLength,
      })),
    );
  });

  api.get('/photo/:file/:objectId/:companyId', async (c) => {
    const row = findPhoto.get(c.req.param('objectId'));
    const file = c.req.param('file');
    const size: ImageSize | undefined =
      !row || c.req.param('companyId') !== companyId
        ? undefined
        : file === `tfss-${row.largeUuid}-file`
          ? 'large'
          : file === `tfss-${row.mediumUuid}-file`
            ? 'medium'
            : undefined;
    if (!row || !size) return c.notFound();

    const fault = c.req.method === 'GET' ? faults?.takeImageFault(row.objectId, size) : undefined;
    if (fault === 'notFound') return c.notFound();
    if (fault === 'error500Once') {
      return c.json({ code: 1, error: 'internal server error (demo fault)' }, 500);
    }
    if (fault === 'unavailable503Once') {
      return c.json({ code: 2, error: 'service unavailable (demo fault)' }, 503, {
        'Retry-After': '1',
      });
    }

    const base = await images.get(row.createdAt.slice(0, 10), size);
    const bytes = withComment(base, photoComment(row.objectId, row.createdAt, size));
    const headers: Record<string, string> = {
      'Content-Type': 'image/jpeg',
      'Content-Length': String(bytes.length),
      'Cache-Control': 'private, max-age=3600',
      Vary: 'foko-api-key',
    };
    if (faults && (fault === 'stallOnce' || fault === 'truncateOnce')) {
      const raw = { ...headers, ...(options.cors ? CORS_HEADERS : {}) };
      if (fault === 'stallOnce') faults.stall(c.env.outgoing, raw, bytes);
      else faults.truncate(c.env.outgoing, raw, bytes);
      return alreadySent();
    }
    return c.body(bytes, 200, headers);
  });

  return api;
}

/** 401 unless `foko-api-key` (any case, as HTTP header names are) equals the key. */
function requireKey(apiKey: string): MiddlewareHandler {
  const expected = digest(apiKey);
  return async (c, next) => {
    const given = c.req.header('foko-api-key');
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      return c.json({ code: 401, error: 'unauthorized' }, 401);
    }
    await next();
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Tells @hono/node-server that the handler wrote the response itself. */
function alreadySent(): Response {
  return new Response(null, { headers: { 'x-hono-already-sent': 'true' } });
}
