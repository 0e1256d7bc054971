import { afterEach, describe, expect, it } from 'vitest';
import { getJson, retryAfterMs, type Sleep } from './client';
import { ApiError } from './errors';
import { sendJson, startTestServer, type TestHandler, type TestServer } from './test-server';

const KEY = 'k3y-Very-Secret';
let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Serves the scripted answers in turn, then 200 []. */
async function serve(...script: TestHandler[]) {
  let call = 0;
  server = await startTestServer((request, response) => {
    const answer = script[call++];
    if (answer) answer(request, response);
    else sendJson(response, 200, []);
  });
  return {
    url: `${server.url}/api/v1/photos?limit=1&skip=0`,
    connection: { apiUrl: `${server.url}/api/v1`, apiKey: KEY },
  };
}

function recordingSleep() {
  const waits: number[] = [];
  const sleep: Sleep = (ms) => {
    waits.push(ms);
    return Promise.resolve();
  };
  return { waits, sleep };
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

const signal = () => new AbortController().signal;

describe('getJson', () => {
  it('sends the key to the API origin and returns JSON', async () => {
    const { url, connection } = await serve((_, res) => sendJson(res, 200, [{ a: 1 }]));
    expect(await getJson(url, connection, signal())).toEqual([{ a: 1 }]);
    expect(server?.requests[0]?.headers['foko-api-key']).toBe(KEY);
  });

  it('waits Retry-After seconds on 429, then succeeds', async () => {
    const { url, connection } = await serve((_, res) => {
      res.writeHead(429, { 'retry-after': '2' });
      res.end();
    });
    const { waits, sleep } = recordingSleep();
    expect(await getJson(url, connection, signal(), { sleep })).toEqual([]);
    expect(waits).toEqual([2000]);
  });

  it('caps a long Retry-After', () => {
    expect(retryAfterMs('3600')).toBe(10_000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs(new Date(61_000).toUTCString(), 60_000)).toBe(1000);
  });

  it('backs off exponentially with jitter on 5xx', async () => {
    const fail = (_: unknown, res: import('node:http').ServerResponse) => sendJson(res, 500, {});
    const { url, connection } = await serve(fail, fail);
    const { waits, sleep } = recordingSleep();
    const result = await getJson(url, connection, signal(), { sleep, random: () => 0.5 });
    expect(result).toEqual([]);
    expect(waits).toEqual([450, 900]);
    expect(server?.requests).toHaveLength(3);
  });

  it('gives up after three attempts', async () => {
    const fail: TestHandler = (_, res) => sendJson(res, 503, { error: 'busy' });
    const { url, connection } = await serve(fail, fail, fail, fail);
    const { sleep } = recordingSleep();
    const error = await failure(getJson(url, connection, signal(), { sleep }));
    expect(error.kind).toBe('server');
    expect(error.status).toBe(503);
    expect(server?.requests).toHaveLength(3);
  });

  it('does not retry 401, and says the key was rejected', async () => {
    const { url, connection } = await serve((_, res) =>
      sendJson(res, 401, { code: 401, error: 'unauthorized' }),
    );
    const error = await failure(getJson(url, connection, signal()));
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toBe('The API key was rejected (HTTP 401). Check the key and try again.');
    expect(server?.requests).toHaveLength(1);
  });

  it('treats 403 as a rejected key', async () => {
    const { url, connection } = await serve((_, res) => sendJson(res, 403, {}));
    expect((await failure(getJson(url, connection, signal()))).kind).toBe('unauthorized');
  });

  it('does not retry 400, and shows the server message', async () => {
    const { url, connection } = await serve((_, res) =>
      sendJson(res, 400, { code: 102, error: 'limit must be 1..1000' }),
    );
    const error = await failure(getJson(url, connection, signal()));
    expect(error.kind).toBe('bad-request');
    expect(error.message).toContain('limit must be 1..1000');
    expect(server?.requests).toHaveLength(1);
  });

  it('shows status and an excerpt of a non-JSON error body, without the key', async () => {
    const page = `<html><body>Bad gateway for ${KEY} ${'x'.repeat(500)}</body></html>`;
    const badGateway: TestHandler = (_, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(page);
    };
    const { url, connection } = await serve(badGateway, badGateway, badGateway);
    const { sleep } = recordingSleep();
    const error = await failure(getJson(url, connection, signal(), { sleep }));
    expect(error.kind).toBe('server');
    expect(error.message).toMatch(
      /^The server had a problem \(HTTP 502\): <html><body>Bad gateway/,
    );
    expect(error.message.length).toBeLessThan(200);
    expect(error.message).not.toContain(KEY);
  });

  it('calls a 200 that is not JSON a protocol error', async () => {
    const { url, connection } = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>Some app</title>');
    });
    const error = await failure(getJson(url, connection, signal()));
    expect(error.kind).toBe('protocol');
    expect(error.message).toMatch(/^This does not look like a Foko API: .*<!doctype html>/);
  });

  it('reports a refused connection as unreachable, naming proxy mode', async () => {
    const { url, connection } = await serve();
    await server?.close();
    server = undefined;
    const error = await failure(getJson(url, connection, signal()));
    expect(error.kind).toBe('unreachable');
    expect(error.message).toContain('CORS');
    expect(error.message).toContain('run `FOKO_API_URL=<url> npm start`');
    expect(error.message).toContain('/api/v1');
    expect(error.message).not.toContain(KEY);
  });

  it('rejects with the abort reason, not an ApiError', async () => {
    const { url, connection } = await serve(() => {
      // Never answers.
    });
    const controller = new AbortController();
    const pending = getJson(url, connection, controller.signal);
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('keeps the key out of every message', async () => {
    const statuses = [400, 401, 404, 418, 429, 500];
    for (const status of statuses) {
      const echo: TestHandler = (req, res) =>
        sendJson(res, status, { error: `bad key ${String(req.headers['foko-api-key'])}` });
      const { url, connection } = await serve(echo, echo, echo);
      const { sleep } = recordingSleep();
      const error = await failure(getJson(url, connection, signal(), { sleep }));
      expect(error.message).not.toContain(KEY);
      expect(JSON.stringify(error)).not.toContain(KEY);
      await server?.close();
    }
  });
});
