/** Serves the built app (dist/). Plain fs: @hono/node-server's serveStatic wants a relative root. */
import type { MiddlewareHandler } from 'hono';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

/** GET/HEAD of files under `dir`; anything else falls through (to the 404 handler). */
export function serveStaticDir(dir: string): MiddlewareHandler {
  const root = resolve(dir);
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    let path: string;
    try {
      path = decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      return next();
    }
    if (path.includes('\0')) return next();
    let file = resolve(root, `.${path}`);
    if (file !== root && !file.startsWith(root + sep)) return next(); // no escaping dist/
    const info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) file = join(file, 'index.html');
    else if (!info?.isFile()) return next();

    const bytes = await readFile(file).catch(() => undefined);
    if (!bytes) {
      if (path === '/') {
        return c.text('The app is not built yet: run `npm run build` (npm start does it).', 404);
      }
      return next();
    }
    const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    // Vite fingerprints everything under assets/; index.html must be revalidated to see new builds.
    const caching = path.startsWith('/assets/')
      ? 'public, max-age=31536000, immutable'
      : 'no-cache';
    return c.body(bytes, 200, {
      'Content-Type': type,
      'Cache-Control': caching,
    });
  };
}
