/**
 * The app server: the built app at `/`, and at `/api/v1` either the embedded demo Foko API
 * (SQLite + generated JPEGs) or a reverse proxy to a real one.
 */
import { serve, type HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_BASE_PATH, ORIGIN_PREFIX } from './paths.ts';
import {
  startDemo,
  type DemoBackend,
  type DemoOptions as DemoBackendOptions,
} from './demo/backend.ts';
import type { FaultInfo } from './demo/faults.ts';
import { describeUpstream, parseUpstream, proxyRoutes } from './proxy.ts';
import { serveStaticDir } from './static.ts';

export type { FaultInfo } from './demo/faults.ts';
export { openDemoDb } from './demo/seed.ts';
export { SPECIAL_DESCRIPTIONS } from './demo/descriptions.ts';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface DemoOptions extends Partial<DemoBackendOptions> {
  /** Where the SQLite file lives; default `<repo>/data` (git-ignored). */
  dataDir?: string;
  /** Generated base JPEGs, shared between instances; default `<repo>/data/images`. */
  imageCacheDir?: string;
}

export interface ServerOptions {
  /** 0 picks a free port (tests). Default 0; `main.ts` uses PORT or 5173. */
  port?: number;
  /** Default '127.0.0.1'; `main.ts` listens on 'localhost'. */
  host?: string;
  /** The demo API, used when there is no upstream. */
  demo?: DemoOptions;
  /** FOKO_API_URL: `/api/v1` becomes a reverse proxy to this base URL. */
  upstream?: string;
  /** The built app served at '/'; default `<repo>/dist`; false serves the API only. */
  staticDir?: string | false;
}

export interface DemoStats {
  photos: number;
  /** False when an existing database file with the same parameters was reused. */
  seeded: boolean;
  seedMs: number;
  /** Base images rendered during this start (0 when the cache was complete). */
  imagesRendered: number;
  imagesMs: number;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:PORT */
  url: string;
  /** url + '/api/v1' */
  apiUrl: string;
  /** The demo key; '' in proxy mode (the user brings the upstream's key). */
  apiKey: string;
  /** The demo's SQLite file, so tests can query it directly. */
  dbFile?: string;
  /** Demo fault mode: which photos fail how. */
  faults?: FaultInfo;
  demoStats?: DemoStats;
  /** The upstream base in proxy mode (without credentials). */
  upstream?: string;
  close(): Promise<void>;
}

type Env = { Bindings: HttpBindings };

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const app = new Hono<Env>();
  let demo: DemoBackend | undefined;
  let upstreamText: string | undefined;

  if (options.upstream) {
    const upstream = parseUpstream(options.upstream);
    upstreamText = describeUpstream(upstream);
    app.route('/', proxyRoutes(upstream));
  } else {
    const dataDir = options.demo?.dataDir ?? join(REPO_ROOT, 'data');
    demo = await startDemo({
      ...options.demo,
      dataDir,
      imageCacheDir: options.demo?.imageCacheDir ?? join(REPO_ROOT, 'data', 'images'),
    });
    app.route(API_BASE_PATH, demo.api);
  }

  const staticDir = options.staticDir ?? join(REPO_ROOT, 'dist');
  if (staticDir !== false) {
    const serveApp = serveStaticDir(staticDir);
    app.use('*', (c, next) =>
      c.req.path.startsWith(`${API_BASE_PATH}/`) || c.req.path.startsWith(`${ORIGIN_PREFIX}/`)
        ? next()
        : serveApp(c, next),
    );
  }
  app.notFound((c) => c.json({ code: 404, error: 'not found' }, 404));
  app.onError((error, c) => {
    console.error(`${c.req.method} ${c.req.path} failed:`, error);
    return c.json({ code: 1, error: 'internal server error' }, 500);
  });

  const host = options.host ?? '127.0.0.1';
  const server = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
  } catch (error) {
    demo?.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url,
    apiUrl: `${url}${API_BASE_PATH}`,
    apiKey: demo?.apiKey ?? '',
    dbFile: demo?.db.file,
    faults: demo?.faults,
    demoStats: demo && {
      photos: demo.photos,
      seeded: demo.db.seeded,
      seedMs: demo.db.elapsedMs,
      imagesRendered: demo.images.rendered,
      imagesMs: demo.images.elapsedMs,
    },
    upstream: upstreamText,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive and stalled (fault mode) connections would otherwise hold close() open.
      if ('closeAllConnections' in server) server.closeAllConnections();
      await closed;
      demo?.close();
    },
  };
}
