// Shared set-up for every row: demo servers with temp data dirs, headless Chromium, connecting.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startServer, type DemoOptions, type RunningServer } from '../server/index.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/e2e/browser.ts';
import { log } from './config.ts';
import type { Row } from './table.ts';

export interface BenchServer extends RunningServer {
  close(): Promise<void>;
}

/** A demo server on a free port serving the built app, with its own temporary SQLite dir. */
export async function startBenchServer(demo: DemoOptions): Promise<BenchServer> {
  checkNotInterrupted();
  const dataDir = mkdtempSync(join(tmpdir(), 'foko-bench-'));
  try {
    const server = await startServer({ port: 0, demo: { ...demo, dataDir } });
    return {
      ...server,
      async close() {
        await server.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** What is open right now, so an interrupted run (Ctrl-C) can still close it. */
const open = new Set<() => Promise<void>>();

let interrupted = false;

export function isInterrupted(): boolean {
  return interrupted;
}

/** Runs one row group; a failure becomes an ERROR row instead of ending the bench. */
export async function attempt(rows: readonly Row[], body: () => Promise<void>): Promise<void> {
  if (interrupted) return;
  try {
    await body();
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    log(`  failed: ${message}`);
    for (const row of rows) if (row.samples.length === 0) row.error = message;
  }
}

function checkNotInterrupted(): void {
  if (interrupted) throw new Error('interrupted');
}

/** Closes the newest first: a child process before the directory it writes into. */
export async function closeEverything(interrupt = false): Promise<void> {
  interrupted ||= interrupt;
  for (const close of [...open].reverse()) {
    open.delete(close);
    await close().catch(() => {});
  }
}

/** Runs `body`, then closes `resource`; an interrupt closes it too. */
export async function using<R extends { close(): Promise<void> }, T>(
  resource: R,
  body: (resource: R) => Promise<T>,
): Promise<T> {
  const close = () => resource.close();
  open.add(close);
  if (interrupted) {
    await closeEverything();
    checkNotInterrupted();
  }
  try {
    return await body(resource);
  } finally {
    open.delete(close);
    await close();
  }
}

/** Runs `body` with a new temporary directory, removed afterwards (or on Ctrl-C). */
export function withTempDir<T>(prefix: string, body: (dir: string) => Promise<T>): Promise<T> {
  checkNotInterrupted();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = () => Promise.resolve(rmSync(dir, { recursive: true, force: true }));
  return using({ close: remove }, () => body(dir));
}

/** Runs `body` with a fresh server and closes it whatever happens. */
export async function withServer<T>(
  demo: DemoOptions,
  body: (server: BenchServer) => Promise<T>,
): Promise<T> {
  return using(await startBenchServer(demo), body);
}

export interface BenchBrowser {
  context: BrowserContext;
  profile: string;
  close(): Promise<void>;
}

/**
 * As tests/e2e/browser.ts launches it (Debian's Chromium, headless, fresh profile, no
 * background traffic), but Playwright's own Ctrl-C handling is off: it would exit the process
 * before the bench has closed its servers and removed its temp dirs.
 */
async function launchChromium(): Promise<BenchBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'foko-bench-chromium-'));
  const context = await chromium
    .launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      headless: true,
      acceptDownloads: true,
      viewport: { width: 1280, height: 900 },
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      args: CHROMIUM_ARGS,
    })
    .catch((error: unknown) => {
      rmSync(profile, { recursive: true, force: true });
      throw error;
    });
  return {
    context,
    profile,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh Chromium (new profile, cold caches) for `body`. tsx compiles with esbuild's keepNames,
 * which wraps functions passed to page.evaluate in `__name(...)`; the init script defines it.
 */
export async function withBrowser<T>(body: (browser: BenchBrowser) => Promise<T>): Promise<T> {
  checkNotInterrupted();
  return using(await launchChromium(), async (browser) => {
    await browser.context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    return body(browser);
  });
}

/** The `foko.downloadSettings` the app reads on start (DownloadSettings). */
export interface BenchDownloadSettings {
  concurrency?: number;
  partSizeMB?: number;
  saveMethod?: 'auto' | 'parts' | 'stream';
  [option: string]: unknown;
}

/** Opens the app on the connect form; settings are read when the gallery mounts (after Connect). */
export async function openApp(
  context: BrowserContext,
  server: RunningServer,
  settings?: BenchDownloadSettings,
): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(server.url);
  if (settings) {
    await page.evaluate((value) => {
      localStorage.setItem('foko.downloadSettings', value);
    }, JSON.stringify(settings));
  }
  await page.getByLabel('API key').waitFor();
  return page;
}

/** Connects with the demo key and waits for the first tile image. */
export async function connectAndWait(page: Page, server: RunningServer): Promise<void> {
  await page.getByLabel('API key').fill(server.apiKey);
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.locator('[data-object-id] img').first().waitFor({ timeout: 30_000 });
}

/** "Select all", then waits for the Download button to count `photos` (e.g. "Download 200 photos"). */
export async function selectAll(page: Page, photos: number, timeoutMs = 60_000): Promise<void> {
  await page.getByRole('button', { name: 'Select all' }).click();
  await page
    .getByRole('button', { name: new RegExp(`^Download ${photos.toLocaleString('en')} photos`) })
    .waitFor({ timeout: timeoutMs });
}

export interface ListedPhoto {
  objectId: string;
  largeImage: string;
  largeImageLength: number;
}

/** Every photo of the demo, paged like the app (limit 1000). */
export async function listPhotos(server: RunningServer): Promise<ListedPhoto[]> {
  const photos: ListedPhoto[] = [];
  for (let skip = 0; ; skip += 1000) {
    const response = await fetch(`${server.apiUrl}/photos?limit=1000&skip=${skip}`, {
      headers: { 'foko-api-key': server.apiKey },
    });
    if (!response.ok) throw new Error(`GET photos: ${response.status}`);
    const page = (await response.json()) as ListedPhoto[];
    photos.push(...page);
    if (page.length < 1000) return photos;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
