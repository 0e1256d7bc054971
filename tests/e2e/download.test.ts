import { statSync } from 'node:fs';
import type { Download } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { allPhotos } from './api';
import { checkArchive, FAST_SETTINGS, openWithSettings, saved } from './archive';
import { startTestApp, type TestApp } from './fixtures';
import { parseManifest, readZipFile } from './zip';

describe('download with every fault', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ photos: 40, faults: true });
  });
  afterAll(() => app?.close());

  test('every photo is in the ZIP with the server bytes, or listed as failed; Retry failed', async () => {
    const page = await openWithSettings(app, FAST_SETTINGS);
    const photos = await allPhotos(app.server);
    expect(photos).toHaveLength(40);
    await page.getByRole('button', { name: 'Select all' }).click();
    const button = page.getByRole('button', { name: /^Download 40 photos \(\d/ });
    await button.waitFor();

    const downloadEvent = page.waitForEvent('download', { timeout: 60_000 });
    await button.click();
    await page.getByRole('progressbar').waitFor();
    const first = await downloadEvent;
    expect(first.suggestedFilename()).toMatch(/^foko-photos.*\.zip$/);
    const rows = await checkArchive(app, await saved(first), photos);

    const failedIds = rows.filter((row) => row.status === 'failed').map((row) => row.objectId);
    expect(failedIds).toEqual([app.server.faults!.notFound]);
    expect(rows.find((row) => row.objectId === app.server.faults!.notFound)!.error).toMatch(/404/);

    const summary = page.getByRole('status').filter({ hasText: 'downloaded' });
    await summary.waitFor();
    expect(await summary.innerText()).toContain('39 downloaded, 1 failed');
    expect(await page.getByRole('list', { name: 'Failed photos' }).innerText()).toContain(
      app.server.faults!.notFound,
    );

    // The one that failed is tried again on its own; it still 404s, and says so.
    const retryEvent = page.waitForEvent('download', { timeout: 30_000 });
    await page.getByRole('button', { name: 'Retry failed' }).click();
    const retried = await retryEvent;
    const notFound = photos.filter((photo) => photo.objectId === app.server.faults!.notFound);
    await checkArchive(app, await saved(retried), notFound);
    await page.getByText('0 downloaded, 1 failed').waitFor();
    await page.close();
  });
});

describe('retry failed recovers photos that failed the first time', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ photos: 40, faults: true });
  });
  afterAll(() => app?.close());

  test('with one attempt per photo the flaky ones fail, then "Retry failed" gets them', async () => {
    const page = await openWithSettings(app, { ...FAST_SETTINGS, attempts: 1 });
    const photos = await allPhotos(app.server);
    await page.getByRole('button', { name: 'Select all' }).click();
    const firstEvent = page.waitForEvent('download', { timeout: 60_000 });
    await page.getByRole('button', { name: /^Download 40 photos/ }).click();
    const rows = await checkArchive(app, await saved(await firstEvent), photos);
    const failed = rows.filter((row) => row.status === 'failed').map((row) => row.objectId);
    const faults = app.server.faults!;
    expect(failed.sort()).toEqual(
      [
        ...faults.error500Once,
        faults.unavailable503Once,
        faults.notFound,
        faults.stallOnce,
        faults.truncateOnce,
      ].sort(),
    );

    const retryEvent = page.waitForEvent('download', { timeout: 60_000 });
    await page.getByRole('button', { name: 'Retry failed' }).click();
    const retriedPhotos = photos.filter((photo) => failed.includes(photo.objectId));
    const retriedRows = await checkArchive(app, await saved(await retryEvent), retriedPhotos);
    expect(retriedRows.filter((row) => row.status === 'failed').map((row) => row.objectId)).toEqual(
      [faults.notFound],
    );
    await page.getByText(`${failed.length - 1} downloaded, 1 failed`).waitFor();
    await page.close();
  });
});

describe('parts and cancel', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ photos: 300, latencyMs: 100 });
  });
  afterAll(() => app?.close());

  test('a small part size splits the selection into numbered archives, each with its manifest', async () => {
    const page = await openWithSettings(app, {
      ...FAST_SETTINGS,
      partSizeMB: 4,
      saveMethod: 'parts',
    });
    const photos = (await allPhotos(app.server)).slice(0, 12);
    const ids = photos.map((photo) => photo.objectId);
    await page.locator(`[data-object-id="${ids[0]}"] input[type=checkbox]`).click();
    await page
      .locator(`[data-object-id="${ids[11]}"] input[type=checkbox]`)
      .click({ modifiers: ['Shift'] });
    const downloads: Download[] = [];
    page.on('download', (download) => downloads.push(download));
    await page.getByRole('button', { name: /^Download 12 photos/ }).click();
    await page
      .getByRole('status')
      .filter({ hasText: '12 downloaded' })
      .waitFor({ timeout: 60_000 });
    await expect.poll(() => downloads.length).toBeGreaterThan(1);
    const names = downloads.map((download) => download.suggestedFilename());
    const count = downloads.length;
    names.forEach((name, index) =>
      expect(name).toMatch(new RegExp(`-part${index + 1}-of-${count}\\.zip$`)),
    );

    const seen: string[] = [];
    for (const download of downloads) {
      const path = await saved(download);
      const entries = await readZipFile(path);
      const manifest = parseManifest(entries.get('manifest.csv')!);
      const partPhotos = photos.slice(seen.length, seen.length + manifest.rows.length);
      await checkArchive(app, path, partPhotos);
      expect(statSync(path).size).toBeLessThanOrEqual(4_000_000);
      seen.push(...manifest.rows.map((row) => row.objectId ?? ''));
    }
    expect(seen).toEqual(ids);
    await page.close();
  });

  test('Cancel stops every request at once and saves nothing', async () => {
    const page = await openWithSettings(app, FAST_SETTINGS);
    await page.getByRole('button', { name: 'Select all' }).click();
    await page.getByRole('button', { name: /^Download 300 photos/ }).waitFor();
    const imageRequests: number[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/photo/')) imageRequests.push(Date.now());
    });
    // Requests in flight at the click must be aborted, not left to finish.
    const aborted: string[] = [];
    page.on('requestfailed', (request) => {
      if (request.url().includes('/photo/')) aborted.push(request.failure()?.errorText ?? '');
    });
    let saves = 0;
    page.on('download', () => saves++);
    await page.getByRole('button', { name: /^Download 300 photos/ }).click();
    await expect.poll(() => imageRequests.length).toBeGreaterThan(10);
    await page.getByRole('button', { name: 'Cancel' }).click();
    const cancelledAt = Date.now();
    await page.getByText(/Download cancelled/).waitFor({ timeout: 1000 });
    await page.waitForTimeout(1500);
    expect(imageRequests.filter((at) => at > cancelledAt + 100)).toEqual([]);
    expect(aborted.length).toBeGreaterThan(0);
    expect(aborted.every((reason) => reason.includes('ABORTED'))).toBe(true);
    expect(saves).toBe(0);
    await page.close();
  });
});
