import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type RunningServer } from '../../server/index';
import { allPhotos } from './api';
import { checkArchive, FAST_SETTINGS, openWithSettings, saved, serverBytes } from './archive';
import { launchBrowser } from './browser';
import { connect, startTestApp, type TestApp } from './fixtures';

describe('streaming path, leave-page warning and "newer than the last download"', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ photos: 60, latencyMs: 20 });
  });
  afterAll(() => app?.close());

  test('a selection streamed to disk is one valid ZIP with every byte and manifest row', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'foko-stream-')), 'streamed.zip');
    writeFileSync(file, '');
    const page = await app.browser.context.newPage();
    // The file picker cannot be clicked headless: the app's test hook gets a writable whose
    // chunks land in a real file on this side.
    await page.exposeFunction('fokoWriteChunk', (base64: string) =>
      appendFileSync(file, Buffer.from(base64, 'base64')),
    );
    await page.addInitScript(() => {
      const write = (window as unknown as { fokoWriteChunk: (b64: string) => Promise<void> })
        .fokoWriteChunk;
      (window as unknown as { __fokoTestWritable: unknown }).__fokoTestWritable = async () =>
        new WritableStream<Uint8Array>({
          async write(chunk) {
            let binary = '';
            for (let i = 0; i < chunk.length; i += 0x8000) {
              binary += String.fromCharCode(...chunk.subarray(i, i + 0x8000));
            }
            await write(btoa(binary));
          },
        });
    });
    await page.goto(app.server.url);
    await page.evaluate(
      (settings) => localStorage.setItem('foko.downloadSettings', settings),
      JSON.stringify({ ...FAST_SETTINGS, saveMethod: 'stream' }),
    );
    await connect(page, app);
    await page.getByRole('button', { name: 'Select all' }).click();
    await page.getByRole('button', { name: /^Download 60 photos/ }).click();
    await page.getByText(/Streaming one ZIP file/).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: '60 downloaded' })
      .waitFor({ timeout: 60_000 });
    await checkArchive(app, file, await allPhotos(app.server));

    // The last download is remembered: one click fills "Newer than" with its newest photo.
    const newest = (await allPhotos(app.server)).at(-1)!.createdAt;
    await page.getByRole('button', { name: 'Only photos newer than the last download' }).click();
    await page.waitForURL(/after=/);
    expect(await page.getByLabel('Newer than', { exact: true }).inputValue()).toBe(newest);
    await page.getByText('No photos match this filter.').waitFor();
    await page.close();
  });

  test('leaving the page mid-download asks first', async () => {
    const page = await openWithSettings(app, FAST_SETTINGS);
    await page.getByRole('button', { name: 'Select all' }).click();
    await page.getByRole('button', { name: /^Download 60 photos/ }).click();
    await page.getByRole('progressbar').waitFor();
    const dialog = page.waitForEvent('dialog');
    await page.close({ runBeforeUnload: true });
    const asked = await dialog;
    expect(asked.type()).toBe('beforeunload');
    await asked.accept();
  });
});

describe('fault tiles', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ photos: 60, faults: true });
  });
  afterAll(() => app?.close());

  test('a thumbnail that fails shows a quiet error tile with a retry, not a broken image', async () => {
    const page = await app.browser.context.newPage();
    await connect(page, app);
    const tile = page.locator(`[data-object-id="${app.server.faults!.notFound}"]`);
    await page.locator('[data-object-id]').first().waitFor();
    // The grid is virtual: scroll until the tile exists.
    for (let i = 0; i < 40 && (await tile.count()) === 0; i++) {
      await page.locator('.scroller').evaluate((element) => element.scrollBy(0, 300));
      await page.waitForTimeout(50);
    }
    await tile.scrollIntoViewIfNeeded();
    await tile.getByText('Image unavailable').waitFor();
    expect(await tile.locator('img').count()).toBe(0);
    const retried = page.waitForRequest((request) =>
      request.url().includes(`/${app.server.faults!.notFound}/`),
    );
    await tile.getByRole('button', { name: 'Retry' }).click();
    await retried;
    await tile.getByText('Image unavailable').waitFor();
    await page.close();
  });
});

describe('proxy mode', () => {
  let upstream: RunningServer;
  let proxy: RunningServer;
  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'foko-upstream-'));
    // An upstream that sends no CORS headers: the browser could not talk to it directly.
    upstream = await startServer({
      port: 0,
      staticDir: false,
      demo: { photos: 50, cors: false, dataDir, apiKey: 'upstream-key' },
    });
    proxy = await startServer({ port: 0, upstream: upstream.apiUrl });
  });
  afterAll(async () => {
    await proxy?.close();
    await upstream?.close();
  });

  test('the app browses and downloads through /api/v1, images included', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      const foreign: string[] = [];
      page.on('request', (request) => {
        const url = request.url();
        if (!url.startsWith(proxy.url) && !url.startsWith('blob:')) foreign.push(url);
      });
      await page.goto(proxy.url);
      await page.getByLabel('API key').fill('upstream-key');
      await page.getByRole('button', { name: 'Connect' }).click();
      await page.locator('[data-object-id] img').first().waitFor();
      await page.getByRole('button', { name: 'Select all' }).click();
      const event = page.waitForEvent('download', { timeout: 60_000 });
      await page.getByRole('button', { name: /^Download 50 photos/ }).click();
      const path = await saved(await event);
      const photos = await allPhotos({ ...upstream, apiKey: 'upstream-key' });
      const upstreamApp = { server: { ...upstream, apiKey: 'upstream-key' } } as TestApp;
      // Bytes are compared with the upstream's own, fetched directly, not through the proxy.
      const direct = new Map(photos.map((photo) => [photo.objectId, photo]));
      const rows = await checkArchive(upstreamApp, path, photos.map(viaProxy), (photo) =>
        serverBytes(upstreamApp, direct.get(photo.objectId)!),
      );
      expect(rows.every((row) => row.status === 'ok')).toBe(true);
      expect(foreign).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  /** The manifest records the URLs the app used: the upstream's, rewritten onto the proxy. */
  function viaProxy<T extends { largeImage: string; mediumImage?: string }>(photo: T): T {
    const map = (url: string) => url.replace(upstream.url, proxy.url);
    return {
      ...photo,
      largeImage: map(photo.largeImage),
      mediumImage: photo.mediumImage && map(photo.mediumImage),
    };
  }
});
