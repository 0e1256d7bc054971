import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startServer, type DemoOptions, type RunningServer } from '../../server/index';
import { launchBrowser, type TestBrowser } from './browser';

export interface TestApp {
  server: RunningServer;
  browser: TestBrowser;
  close(): Promise<void>;
}

/** A demo server of its own (free port, temp SQLite file) serving the built app, plus Chromium. */
export async function startTestApp(demo: DemoOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'foko-e2e-'));
  const server = await startServer({ port: 0, demo: { photos: 300, ...demo, dataDir } });
  const browser = await launchBrowser();
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Opens the app and connects with the given key (the demo key by default). */
export async function connect(page: Page, app: TestApp, key = app.server.apiKey, path = '/') {
  await page.goto(app.server.url + path);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Connect' }).click();
}

/** The objectIds of the tiles currently in the DOM, in DOM order. */
export function tileIds(page: Page): Promise<string[]> {
  return page.$$eval('[data-object-id]', (tiles) =>
    tiles.map((tile) => tile.getAttribute('data-object-id') ?? ''),
  );
}
