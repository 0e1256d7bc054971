import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { STARTUP_TIMEOUT_MS, startTestServer, type TestServer } from './testing.ts';

let dist: string;
let server: TestServer;

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'foko-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Foko Gallery</title>');
  writeFileSync(join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
  server = await startTestServer({ photos: 20 }, { staticDir: dist });
}, STARTUP_TIMEOUT_MS);
afterAll(async () => {
  await server.close();
  rmSync(dist, { recursive: true, force: true });
});

it('serves index.html at / without caching', async () => {
  const response = await fetch(`${server.url}/`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/text\/html/);
  expect(response.headers.get('cache-control')).toBe('no-cache');
  expect(await response.text()).toContain('Foko Gallery');
});

it('serves fingerprinted assets as immutable', async () => {
  const response = await fetch(`${server.url}/assets/app-abc123.js`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/javascript/);
  expect(response.headers.get('cache-control')).toMatch(/immutable/);
});

it('keeps the API beside the app', async () => {
  const response = await fetch(`${server.apiUrl}/photos?limit=1`, {
    headers: { 'foko-api-key': server.apiKey },
  });
  expect(response.status).toBe(200);
});

it('answers 404 for missing files and never leaves dist/', async () => {
  expect((await fetch(`${server.url}/missing.js`)).status).toBe(404);
  expect((await fetch(`${server.url}/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
});
