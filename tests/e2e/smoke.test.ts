import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestApp, type TestApp } from './fixtures';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

test('the started app loads in Chromium and shows the connect form', async () => {
  const page = await app.browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(app.server.url);
  await expect(page.title()).resolves.toBe('Foko Gallery');
  await page.getByLabel('API key').waitFor();
  expect(await page.getByLabel('API URL').inputValue()).toBe('/api/v1');
  expect(await page.getByRole('button', { name: 'Connect' }).isVisible()).toBe(true);
  expect(errors).toEqual([]);
});
