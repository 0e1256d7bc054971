import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Photo } from '../../src/lib/api/types';
import { connect, type TestApp } from './fixtures';
import { parseManifest, readZipFile, unzipTest } from './zip';

const COLUMNS = [
  'objectId',
  'createdAt',
  'updatedAt',
  'description',
  'largeImage',
  'largeImageLength',
  'mediumImage',
  'mediumImageLength',
  'file',
  'bytes',
  'status',
  'error',
];

export const saveDir = mkdtempSync(join(tmpdir(), 'foko-downloads-'));

/** Short waits so the stalled and failing images resolve in seconds, not minutes. */
export const FAST_SETTINGS = {
  stallTimeoutMs: 1500,
  responseTimeoutMs: 5000,
  retryBaseDelayMs: 50,
  retryMaxDelayMs: 300,
};

export async function openWithSettings(app: TestApp, settings: object): Promise<Page> {
  const page = await app.browser.context.newPage();
  await page.goto(app.server.url);
  await page.evaluate((value) => {
    localStorage.setItem('foko.downloadSettings', value);
  }, JSON.stringify(settings));
  await connect(page, app);
  await page.locator('[data-object-id] img').first().waitFor();
  return page;
}

export async function serverBytes(app: TestApp, photo: Photo): Promise<Buffer> {
  const response = await fetch(photo.largeImage, {
    headers: { 'foko-api-key': app.server.apiKey },
  });
  return Buffer.from(await response.arrayBuffer());
}

export async function saved(download: Download): Promise<string> {
  const path = join(saveDir, `${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(path);
  return path;
}

/** Checks an archive against the server: every ok row's bytes, every row's fields. */
export async function checkArchive(
  app: TestApp,
  path: string,
  expected: Photo[],
  bytesOf: (photo: Photo) => Promise<Buffer> = (photo) => serverBytes(app, photo),
) {
  expect(unzipTest(path)).toContain('No errors detected');
  const entries = await readZipFile(path);
  const manifest = parseManifest(entries.get('manifest.csv')!);
  expect(manifest.columns).toEqual(COLUMNS);
  expect(manifest.rows.map((row) => row.objectId)).toEqual(expected.map((photo) => photo.objectId));
  for (const [index, row] of manifest.rows.entries()) {
    const photo = expected[index]!;
    expect(row.createdAt).toBe(photo.createdAt);
    expect(row.largeImage).toBe(photo.largeImage);
    expect(row.largeImageLength).toBe(String(photo.largeImageLength));
    if (row.status === 'ok') {
      const bytes = entries.get(row.file!);
      expect(bytes, `entry ${row.file}`).toBeDefined();
      expect(row.file).toMatch(/^photos\/[\w.-]+\.jpg$/);
      expect(bytes!.equals(await bytesOf(photo))).toBe(true);
      expect(row.bytes).toBe(String(bytes!.length));
      expect(row.error).toBe('');
    } else {
      expect(row.status).toBe('failed');
      expect(row.file).toBe('');
      expect(row.error).not.toBe('');
    }
  }
  // Images plus the manifest, nothing else.
  const okRows = manifest.rows.filter((row) => row.status === 'ok');
  expect(entries.size).toBe(okRows.length + 1);
  expect(entries.get('manifest.csv')!.includes(app.server.apiKey)).toBe(false);
  return manifest.rows;
}
