import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connect, startTestApp, type TestApp } from './fixtures';

let app: TestApp;
let notFoko: Server;
let notFokoUrl: string;

beforeAll(async () => {
  app = await startTestApp({ faults: true });
  // Answers like a server, but not like Foko: an object instead of an array.
  notFoko = createServer((request, response) => {
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.setHeader('Access-Control-Allow-Headers', 'foko-api-key');
    if (request.method === 'OPTIONS') return void response.writeHead(204).end();
    response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"results": []}');
  });
  await new Promise<void>((resolve) => notFoko.listen(0, '127.0.0.1', resolve));
  notFokoUrl = `http://127.0.0.1:${(notFoko.address() as AddressInfo).port}/api/v1`;
});
afterAll(async () => {
  await app?.close();
  notFoko?.close();
});

test('a first 429 is retried and the key is kept in sessionStorage only', async () => {
  const page = await app.browser.context.newPage();
  const listCalls: number[] = [];
  page.on('response', (response) => {
    if (response.url().includes('/api/v1/photos')) listCalls.push(response.status());
  });
  await connect(page, app);
  await page.locator('[data-object-id]').first().waitFor();
  expect(listCalls.slice(0, 2)).toEqual([429, 200]);

  const stored = await page.evaluate(() => ({
    session: Object.entries(sessionStorage),
    local: Object.entries(localStorage),
    url: location.href,
  }));
  expect(stored.session.some(([, value]) => value === app.server.apiKey)).toBe(true);
  expect(stored.local.some(([, value]) => value.includes(app.server.apiKey))).toBe(false);
  expect(stored.url).not.toContain(app.server.apiKey);

  // A reload keeps the session; "Forget key" returns to the form and clears it.
  await page.reload();
  await page.locator('[data-object-id]').first().waitFor();
  await page.getByRole('button', { name: 'Forget key' }).click();
  await page.getByLabel('API key').waitFor();
  const after = await page.evaluate(() => Object.values(sessionStorage));
  expect(after).not.toContain(app.server.apiKey);
  await page.close();
});

test('a new tab asks for the key again', async () => {
  const first = await app.browser.context.newPage();
  await connect(first, app);
  await first.locator('[data-object-id]').first().waitFor();
  const second = await app.browser.context.newPage();
  await second.goto(app.server.url);
  await second.getByLabel('API key').waitFor();
  await first.close();
  await second.close();
});

test('a wrong key is rejected with a clear message that does not repeat the key', async () => {
  const page = await app.browser.context.newPage();
  await connect(page, app, 'wrong-key-123');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  const message = await alert.innerText();
  expect(message).toMatch(/rejected/i);
  expect(message).not.toContain('wrong-key-123');
  await page.close();
});

test('an unreachable server says so and points at the proxy mode', async () => {
  const page = await app.browser.context.newPage();
  await page.goto(app.server.url);
  await page.getByLabel('API key').fill('demo');
  await page.getByLabel('API URL').fill('http://127.0.0.1:9/api/v1');
  await page.getByRole('button', { name: 'Connect' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  expect(await alert.innerText()).toMatch(/could not be reached|CORS/i);
  expect(await alert.innerText()).toContain('FOKO_API_URL');
  await page.close();
});

test('a server that is not a Foko API is reported as such', async () => {
  const page = await app.browser.context.newPage();
  await page.goto(app.server.url);
  await page.getByLabel('API key').fill('demo');
  await page.getByLabel('API URL').fill(notFokoUrl);
  await page.getByRole('button', { name: 'Connect' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  expect(await alert.innerText()).toMatch(/not look like a Foko API/i);
  await page.close();
});
