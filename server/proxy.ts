/**
 * Proxy mode (FOKO_API_URL): `/api/v1/*` forwards to the upstream API so a browser can use an
 * upstream that sends no CORS headers. The key header passes through untouched; it is never
 * stored or logged. Image URLs in photo lists that point at the upstream are rewritten to come
 * back through here: under the upstream base to `/api/v1/...`, elsewhere on its origin to
 * `/upstream/...`.
 */
import type { HttpBindings } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { cors } from './cors.ts';
import { requestOrigin } from './origin.ts';
import { API_BASE_PATH, ORIGIN_PREFIX } from './paths.ts';

type Env = { Bindings: HttpBindings };

const PASSED_BACK = ['content-type', 'retry-after', 'cache-control', 'etag', 'last-modified'];
const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

export interface Upstream {
  origin: string;
  /** Path of the API base on the upstream, without trailing slash ('' for the origin root). */
  basePath: string;
}

export function parseUpstream(url: string): Upstream {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`FOKO_API_URL is not a URL: ${url}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`FOKO_API_URL must be http(s), got ${parsed.protocol}`);
  }
  return { origin: parsed.origin, basePath: parsed.pathname.replace(/\/+$/, '') };
}

/** The upstream as safe to print: no credentials, no query. */
export function describeUpstream(upstream: Upstream): string {
  return `${upstream.origin}${upstream.basePath}`;
}

export function proxyRoutes(upstream: Upstream): Hono<Env> {
  const app = new Hono<Env>();
  for (const prefix of [API_BASE_PATH, ORIGIN_PREFIX]) {
    app.use(`${prefix}/*`, cors());
  }
  app.all(`${API_BASE_PATH}/*`, (c) => {
    const { pathname, search } = new URL(c.req.url);
    const rest = pathname.slice(API_BASE_PATH.length);
    const isPhotoList = /^\/photos\/?$/.test(rest);
    return forward(
      c,
      `${upstream.origin}${upstream.basePath}${rest}${search}`,
      upstream,
      isPhotoList,
    );
  });
  app.all(`${ORIGIN_PREFIX}/*`, (c) => {
    const { pathname, search } = new URL(c.req.url);
    return forward(
      c,
      `${upstream.origin}${pathname.slice(ORIGIN_PREFIX.length)}${search}`,
      upstream,
      false,
    );
  });
  return app;
}

async function forward(
  c: Context<Env>,
  target: string,
  upstream: Upstream,
  isPhotoList: boolean,
): Promise<Response> {
  const method = c.req.method;
  if (method !== 'GET' && method !== 'HEAD') {
    return c.json({ code: 405, error: 'method not allowed: the Foko API is read-only' }, 405);
  }
  const headers = new Headers({
    accept: c.req.header('accept') ?? '*/*',
    // Uncompressed, so Content-Length stays true when passed back.
    'accept-encoding': 'identity',
  });
  const key = c.req.header('foko-api-key');
  if (key !== undefined) headers.set('foko-api-key', key);

  let response: Response;
  try {
    // Redirects go back to the browser: following them here could carry the key elsewhere.
    response = await fetch(target, {
      method,
      headers,
      redirect: 'manual',
      signal: c.req.raw.signal,
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return c.json(
      { code: 502, error: `upstream ${upstream.origin} unreachable${cause ? ` (${cause})` : ''}` },
      502,
    );
  }

  const out = new Headers();
  for (const name of PASSED_BACK) {
    const value = response.headers.get(name);
    if (value !== null) out.set(name, value);
  }
  const origin = requestOrigin(c);
  const location = response.headers.get('location');
  if (location !== null)
    out.set('location', rewriteUrl(new URL(location, target).href, upstream, origin));

  const contentType = response.headers.get('content-type') ?? '';
  if (isPhotoList && response.ok && contentType.includes('json') && method === 'GET') {
    const text = await response.text();
    return new Response(rewritePhotoList(text, upstream, origin), {
      status: response.status,
      headers: out,
    });
  }
  const length = response.headers.get('content-length');
  // fetch() decodes compressed bodies, so a compressed length would no longer be true.
  if (length !== null && !response.headers.has('content-encoding'))
    out.set('content-length', length);
  const body = NULL_BODY_STATUS.has(response.status) || method === 'HEAD' ? null : response.body;
  return new Response(body, { status: response.status, headers: out });
}

/** Rewrites every top-level string field that is a URL on the upstream origin. */
export function rewritePhotoList(text: string, upstream: Upstream, origin: string): string {
  let photos: unknown;
  try {
    photos = JSON.parse(text);
  } catch {
    return text; // not ours to fix: the client reports the protocol error
  }
  if (!Array.isArray(photos)) return text;
  const rewritten = photos.map((photo: unknown) => {
    if (typeof photo !== 'object' || photo === null || Array.isArray(photo)) return photo;
    return Object.fromEntries(
      Object.entries(photo).map(([field, value]) => [
        field,
        typeof value === 'string' ? rewriteUrl(value, upstream, origin) : value,
      ]),
    );
  });
  return JSON.stringify(rewritten);
}

/** Maps a URL on the upstream origin to the same resource through this proxy. */
export function rewriteUrl(value: string, upstream: Upstream, origin: string): string {
  if (!value.startsWith('http://') && !value.startsWith('https://')) return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return value;
  }
  if (url.origin !== upstream.origin) return value;
  const path = `${url.pathname}${url.search}`;
  if (upstream.basePath === '' || url.pathname.startsWith(`${upstream.basePath}/`)) {
    return `${origin}${API_BASE_PATH}${path.slice(upstream.basePath.length)}`;
  }
  return `${origin}${ORIGIN_PREFIX}${path}`;
}
