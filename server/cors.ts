/**
 * CORS for the API routes, so a page on another origin (or `vite dev`) can call them. Written
 * out rather than hono/cors because responses written straight to the socket (demo faults)
 * need the same headers.
 */
import type { MiddlewareHandler } from 'hono';

export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Content-Length, Retry-After',
};

const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  ...CORS_HEADERS,
  'Access-Control-Allow-Methods': 'GET, OPTIONS',
  'Access-Control-Allow-Headers': 'foko-api-key',
  'Access-Control-Max-Age': '600',
};

/** Adds the headers to every response and answers preflights (which never carry the key). */
export function cors(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return c.body(null, 204, PREFLIGHT_HEADERS);
    await next();
    for (const [name, value] of Object.entries(CORS_HEADERS)) c.res.headers.set(name, value);
  };
}
