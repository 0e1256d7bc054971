/** `npm start`: build the app if needed, then serve it with the demo API or a proxy. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { appNeedsBuild, buildApp, hasAppSources } from './build.ts';
import { REPO_ROOT, startServer } from './index.ts';

function fail(error: unknown): never {
  const { code, message } = error as { code?: string; message?: string };
  console.error(
    code === 'EADDRINUSE' ? `Port ${port} is in use: set PORT to another one.` : message,
  );
  process.exit(1);
}

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) {
    console.error(`${name} must be a non-negative integer, got "${raw}"`);
    process.exit(1);
  }
  return Number(raw);
}

const port = intFromEnv('PORT', 5173);
const upstream = process.env.FOKO_API_URL || undefined;
const photos = intFromEnv('DEMO_PHOTOS', 300);
const latencyMs = intFromEnv('DEMO_LATENCY_MS', 0);
const faults = ['1', 'true', 'yes'].includes(process.env.DEMO_FAULTS ?? '');

if (!hasAppSources(REPO_ROOT)) {
  console.warn('No app sources (src/, index.html): serving the API only.');
} else if (appNeedsBuild(REPO_ROOT)) {
  console.log('Building the app (dist/ is missing or older than src/)...');
  try {
    await buildApp(REPO_ROOT);
  } catch (error) {
    if (!existsSync(join(REPO_ROOT, 'dist', 'index.html'))) fail(error);
    console.warn(`${(error as Error).message}: serving the previous build in dist/.`);
  }
}

if (!upstream) console.log('Preparing the demo Foko API (the first start renders its images)...');
const server = await startServer({
  port,
  host: 'localhost',
  upstream,
  demo: {
    photos,
    latencyMs,
    apiKey: process.env.DEMO_API_KEY || undefined,
    faults,
  },
}).catch(fail);

console.log(`\nFoko Gallery: ${server.url}`);
if (server.upstream) {
  console.log(`API: ${server.apiUrl} -> proxy to ${server.upstream}`);
} else {
  const stats = server.demoStats;
  console.log(`Demo Foko API: ${server.apiUrl}`);
  console.log(`Demo API key: ${server.apiKey}`);
  if (stats) {
    const images =
      stats.imagesRendered > 0
        ? `rendered ${stats.imagesRendered} days of images`
        : 'images cached';
    const seed = stats.seeded ? `seeded ${stats.photos} photos` : `reused ${stats.photos} photos`;
    console.log(
      `(${seed} in ${Math.round(stats.seedMs)} ms; ${images} in ${Math.round(stats.imagesMs)} ms` +
        `${latencyMs ? `; latency ${latencyMs} ms` : ''}${faults ? '; FAULT MODE' : ''})`,
    );
  }
}

let stopping = false;
async function stop(signal: string) {
  if (stopping) process.exit(1); // a second Ctrl+C forces it
  stopping = true;
  console.log(`\n${signal}: stopping...`);
  await server.close();
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void stop(signal));
}
