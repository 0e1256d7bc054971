import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { allPhotos, listPhotos } from './api';
import { connect, startTestApp, tileIds, type TestApp } from './fixtures';

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ photos: 3000 });
});
afterAll(() => app?.close());

async function openGallery(path = '/'): Promise<Page> {
  const page = await app.browser.context.newPage();
  await connect(page, app, app.server.apiKey, path);
  await page.locator('[data-object-id] img').first().waitFor();
  return page;
}

async function seriousViolations(page: Page) {
  // Evaluated through DevTools, which the page's CSP (rightly) does not let a <script> tag do.
  await page.evaluate(`${axeSource}\n;true`);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: () => Promise<unknown> } }).axe;
    return (await axe.run()) as { violations: { id: string; impact: string; nodes: unknown[] }[] };
  });
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.nodes.length})`);
}

describe('grid', () => {
  test('shows tiles in the API order with day headers and thumbnails fetched with the key', async () => {
    const page = await openGallery();
    const expected = await listPhotos(app.server, { limit: 20 });
    const ids = await tileIds(page);
    expect(ids.slice(0, 10)).toEqual(expected.slice(0, 10).map((photo) => photo.objectId));
    expect(await page.getByRole('heading', { level: 2 }).count()).toBeGreaterThan(0);
    const src = await page.locator('[data-object-id] img').first().getAttribute('src');
    expect(src).toMatch(/^blob:/);
    await page.close();
  });

  test('descriptions with markup are shown as text, never run', async () => {
    const page = await openGallery();
    const photos = await listPhotos(app.server, { limit: 100 });
    const marked = photos.find((photo) => photo.description?.includes('<img'));
    expect(marked, 'the demo data has a description with markup').toBeTruthy();
    const tile = page.locator(`[data-object-id="${marked!.objectId}"]`);
    await tile.scrollIntoViewIfNeeded();
    await tile.locator('img').waitFor();
    // The markup is in the alt text, and no element was made from it.
    expect(await tile.locator('img').getAttribute('alt')).toContain('<img');
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll('[onerror]').length)).toBe(0);
    await page.close();
  });

  test('with 3,000 photos loaded the DOM holds a few hundred tiles at most', async () => {
    const page = await openGallery();
    // Scroll to the end until every page has loaded.
    for (let i = 0; i < 200; i++) {
      const text = await page.locator('.counts').innerText();
      if (text.includes('3,000 photos loaded') && !text.includes('so far')) break;
      await page
        .locator('.scroller')
        .evaluate((element) => element.scrollTo(0, element.scrollHeight));
      await page.waitForTimeout(100);
    }
    expect(await page.locator('.counts').innerText()).toContain('3,000 photos loaded');
    const tiles = await page.locator('[data-object-id]').count();
    expect(tiles).toBeGreaterThan(0);
    expect(tiles).toBeLessThan(400);
    // No photo is shown twice.
    const ids = await tileIds(page);
    expect(new Set(ids).size).toBe(ids.length);
    await page.close();
  });
});

describe('selection', () => {
  test('click, Shift+click range, Esc clears, and a reload keeps the selection', async () => {
    const page = await openGallery();
    const ids = await tileIds(page);
    await page.locator(`[data-object-id="${ids[1]}"] input[type=checkbox]`).click();
    await page
      .locator(`[data-object-id="${ids[6]}"] input[type=checkbox]`)
      .click({ modifiers: ['Shift'] });
    for (const id of ids.slice(1, 7)) {
      expect(await page.locator(`[data-object-id="${id}"] input[type=checkbox]`).isChecked()).toBe(
        true,
      );
    }
    expect(
      await page.locator(`[data-object-id="${ids[0]}"] input[type=checkbox]`).isChecked(),
    ).toBe(false);
    expect(
      await page.locator(`[data-object-id="${ids[7]}"] input[type=checkbox]`).isChecked(),
    ).toBe(false);
    const download = page.getByRole('button', { name: /^Download 6 photos/ });
    await download.waitFor();
    expect(await download.isEnabled()).toBe(true);

    await page.reload();
    await page.getByRole('button', { name: /^Download 6 photos/ }).waitFor();

    await page.locator('body').press('Escape');
    await page.getByRole('button', { name: /^Download 0 photos/ }).waitFor();
    expect(await page.getByRole('button', { name: /^Download/ }).isDisabled()).toBe(true);
    await page.close();
  });

  test('"Select all" pages through every match; the checkbox names start with "Select"', async () => {
    const page = await openGallery();
    expect(await page.getByRole('checkbox', { name: /^Select / }).count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Select all' }).click();
    await page.getByRole('button', { name: /^Download 3,000 photos/ }).waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-object-id]').count()).toBeLessThan(400);
    await page.getByRole('button', { name: 'Clear selection' }).click();
    await page.getByRole('button', { name: /^Download 0 photos/ }).waitFor();
    // Ctrl+A does the same from the keyboard, also with a tile's checkbox focused.
    await page
      .getByRole('checkbox', { name: /^Select / })
      .first()
      .focus();
    await page.keyboard.press('Control+a');
    await page.getByRole('button', { name: /^Download 3,000 photos/ }).waitFor({ timeout: 30_000 });
    await page.close();
  });
});

describe('filters', () => {
  test('From/To select whole days, live in the URL, and survive a reload', async () => {
    const page = await openGallery();
    await page.getByLabel('UTC', { exact: true }).check();
    await page.getByLabel('From', { exact: true }).fill('2014-10-01');
    await page.getByLabel('To', { exact: true }).fill('2014-10-08');
    await page.waitForURL(/from=2014-10-01/);
    expect(page.url()).toContain('to=2014-10-08');
    expect(page.url()).toContain('utc=1');
    expect(page.url()).not.toContain(app.server.apiKey);

    const expected = await allPhotos(app.server, {
      createdAt: {
        $and: {
          $gte: { __type: 'Date', iso: '2014-10-01T00:00:00.000Z' },
          $lt: { __type: 'Date', iso: '2014-10-09T00:00:00.000Z' },
        },
      },
    });
    await page.waitForFunction(
      (first) =>
        document.querySelector('[data-object-id]')?.getAttribute('data-object-id') === first,
      expected[0]!.objectId,
    );
    await page.reload();
    await page.locator('[data-object-id]').first().waitFor();
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe('2014-10-01');
    expect(await page.getByLabel('To', { exact: true }).inputValue()).toBe('2014-10-08');
    expect(await page.getByLabel('UTC', { exact: true }).isChecked()).toBe(true);
    expect((await tileIds(page))[0]).toBe(expected[0]!.objectId);
    await page.getByRole('button', { name: 'Select all' }).click();
    await page
      .getByRole('button', { name: new RegExp(`^Download ${expected.length} photos`) })
      .waitFor({ timeout: 30_000 });
    await page.close();
  });

  test('a bad "Newer than" gets an inline message and sends no request', async () => {
    const page = await openGallery();
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/photos?')) sent.push(request.url());
    });
    await page.getByLabel('Newer than', { exact: true }).fill('yesterday');
    await page.getByLabel('Newer than', { exact: true }).press('Enter');
    await page
      .getByText(/Newer than/i, { exact: false })
      .first()
      .waitFor();
    await page.locator('.problems').waitFor();
    await page.waitForTimeout(300);
    expect(sent).toEqual([]);
    // An exact timestamp works and is sent as $gt.
    await page.getByLabel('Newer than', { exact: true }).fill('2014-12-01T00:00:00.000Z');
    await page.getByLabel('Newer than', { exact: true }).press('Enter');
    await page.locator('[data-object-id]').first().waitFor();
    await expect.poll(() => sent.length).toBeGreaterThan(0);
    const where = JSON.parse(new URL(sent[0]!).searchParams.get('where')!);
    expect(where).toEqual({
      createdAt: { $gt: { __type: 'Date', iso: '2014-12-01T00:00:00.000Z' } },
    });
    await page.close();
  });

  test('a bad date in a shared link is reported and nothing is requested', async () => {
    const page = await app.browser.context.newPage();
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/photos?')) sent.push(request.url());
    });
    await page.goto(app.server.url + '/?from=2014-02-30');
    await page.getByLabel('API key').fill(app.server.apiKey);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.locator('.problems').waitFor();
    const afterConnect = sent.length; // the key check (limit=1) only
    await page.waitForTimeout(300);
    expect(sent.length).toBe(afterConnect);
    expect(sent.every((url) => url.includes('limit=1&'))).toBe(true);
    await page.close();
  });
});

describe('lightbox', () => {
  test('Enter opens, arrows move, Space selects, Esc closes; 3,000-character text is intact', async () => {
    const page = await openGallery();
    const photos = await listPhotos(app.server, { limit: 100 });
    const ids = await tileIds(page);
    await page.locator(`[data-object-id="${ids[0]}"] button`).first().focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Photo viewer' });
    await dialog.waitFor();
    await dialog.locator('img').waitFor();
    expect(await dialog.locator('img').getAttribute('src')).toMatch(/^blob:/);
    await page.keyboard.press('ArrowRight');
    await dialog.getByText(ids[1]!).waitFor();
    await page.keyboard.press(' ');
    await page.getByRole('button', { name: /^Download 1 photo/ }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // Focus is back on the tile the viewer was opened from.
    const focused = await page.evaluate(() =>
      document.activeElement?.closest('[data-object-id]')?.getAttribute('data-object-id'),
    );
    expect(focused).toBe(ids[0]);
    expect(await page.locator(`[data-object-id="${ids[1]}"] input`).isChecked()).toBe(true);

    const long = photos.find((photo) => (photo.description?.length ?? 0) >= 3000);
    expect(long, 'the demo data has a 3,000-character description').toBeTruthy();
    const index = photos.indexOf(long!);
    await page.locator(`[data-object-id="${ids[0]}"] button`).first().click();
    for (let i = 0; i < index; i++) await page.keyboard.press('ArrowRight');
    await dialog.getByText(long!.objectId).waitFor();
    expect(await dialog.locator('.description').innerText()).toBe(long!.description);
    await page.close();
  });
});

describe('safety', () => {
  test('a Content-Security-Policy blocks inline scripts', async () => {
    const page = await app.browser.context.newPage();
    await page.goto(app.server.url);
    const csp = await page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute('content');
    expect(csp).toContain("script-src 'self'");
    const ran = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 50));
      return (window as unknown as { inlineRan?: boolean }).inlineRan === true;
    });
    expect(ran).toBe(false);
    await page.close();
  });

  test('axe finds no serious or critical problem on the connect page and the grid', async () => {
    const page = await app.browser.context.newPage();
    await page.goto(app.server.url);
    await page.getByLabel('API key').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
    const gallery = await openGallery();
    expect(await seriousViolations(gallery)).toEqual([]);
    await gallery.close();
  });
});
