import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DownloadCancelledError, ImageFetchError } from './errors';
import { fetchImage } from './fetch-image';
import { abortableSleep, backoffDelay, parseRetryAfter, withRetry } from './retry';
import { imageBytes, serveImage, startImageServer, type ImageServer } from './test-support';

const retryable = (reason = 'HTTP 503 Service Unavailable', retryAfterMs?: number) =>
  new ImageFetchError(reason, {
    retryable: true,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });

function recordingSleep() {
  const delays: number[] = [];
  return { delays, sleep: (ms: number) => (delays.push(ms), Promise.resolve()) };
}

describe('backoffDelay', () => {
  it('draws from [0, base * 2^(n-1)], capped at the maximum (full jitter)', () => {
    expect(backoffDelay(1, 500, 10_000, () => 0)).toBe(0);
    expect(backoffDelay(1, 500, 10_000, () => 0.999999)).toBe(499);
    expect(backoffDelay(3, 500, 10_000, () => 0.5)).toBe(1000);
    expect(backoffDelay(10, 500, 10_000, () => 0.999999)).toBe(9999);
    for (let n = 1; n < 8; n += 1) {
      const ceiling = Math.min(10_000, 500 * 2 ** (n - 1));
      for (let i = 0; i < 50; i += 1) {
        const delay = backoffDelay(n, 500, 10_000, Math.random);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
    }
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Sun, 31 Dec 2023 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('withRetry', () => {
  const signal = new AbortController().signal;

  it('retries retryable failures up to the number of attempts (default 4)', async () => {
    const { delays, sleep } = recordingSleep();
    let calls = 0;
    const run = withRetry(
      () => {
        calls += 1;
        return Promise.reject(retryable());
      },
      { signal, sleep, random: () => 0.5 },
    );
    await expect(run).rejects.toBeInstanceOf(ImageFetchError);
    expect(calls).toBe(4);
    expect(delays).toEqual([250, 500, 1000]);
  });

  it('returns the first success', async () => {
    const { sleep } = recordingSleep();
    let calls = 0;
    const value = await withRetry(
      (attempt) => {
        calls += 1;
        return attempt < 3 ? Promise.reject(retryable()) : Promise.resolve('ok');
      },
      { signal, sleep },
    );
    expect(value).toBe('ok');
    expect(calls).toBe(3);
  });

  it('does not retry a non-retryable failure or an unexpected error', async () => {
    for (const error of [
      new ImageFetchError('HTTP 404 Not Found', { retryable: false }),
      new TypeError('bug'),
    ]) {
      let calls = 0;
      const run = withRetry(
        () => {
          calls += 1;
          return Promise.reject(error);
        },
        { signal, sleep: recordingSleep().sleep },
      );
      await expect(run).rejects.toBe(error);
      expect(calls).toBe(1);
    }
  });

  it('waits as long as Retry-After asks, within the cap', async () => {
    const { delays, sleep } = recordingSleep();
    const run = withRetry(() => Promise.reject(retryable('HTTP 429', 120_000)), {
      signal,
      sleep,
      attempts: 3,
      maxRetryAfterMs: 30_000,
    });
    await expect(run).rejects.toBeInstanceOf(ImageFetchError);
    expect(delays).toEqual([30_000, 30_000]);
  });

  it('stops waiting at once when aborted', async () => {
    const controller = new AbortController();
    let calls = 0;
    const started = Date.now();
    const run = withRetry(
      () => {
        calls += 1;
        setTimeout(() => controller.abort(), 20);
        return Promise.reject(retryable('HTTP 429', 10_000));
      },
      { signal: controller.signal },
    );
    await expect(run).rejects.toBeInstanceOf(DownloadCancelledError);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(calls).toBe(1);
  });

  it('abortableSleep rejects immediately for an already aborted signal', async () => {
    await expect(abortableSleep(10_000, AbortSignal.abort())).rejects.toBeInstanceOf(
      DownloadCancelledError,
    );
  });
});

describe('withRetry over HTTP', () => {
  let server: ImageServer;
  beforeEach(async () => {
    server = await startImageServer();
  });
  afterEach(() => server.close());

  const get = (path: string, sleep: (ms: number) => Promise<void>) =>
    withRetry(
      () =>
        fetchImage(`${server.origin}${path}`, {
          connection: { apiUrl: `${server.origin}/api/v1`, apiKey: 'k' },
          signal: new AbortController().signal,
          responseTimeoutMs: 200,
          stallTimeoutMs: 200,
        }),
      { signal: new AbortController().signal, sleep, random: () => 0 },
    );

  it('500 then success: two requests, the right bytes', async () => {
    const bytes = imageBytes(5000, 7);
    server.route('/flaky', (req, res, attempt) =>
      attempt === 1 ? res.writeHead(500).end('oops') : serveImage(bytes)(req, res, attempt),
    );
    const image = await get('/flaky', recordingSleep().sleep);
    expect(Buffer.from(image.bytes).equals(bytes)).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  it('429 with Retry-After: waits that long, then succeeds', async () => {
    server.route('/limited', (req, res, attempt) =>
      attempt === 1
        ? res.writeHead(429, { 'retry-after': '1' }).end()
        : serveImage(imageBytes(10, 1))(req, res, attempt),
    );
    const { delays, sleep } = recordingSleep();
    await get('/limited', sleep);
    expect(delays).toEqual([1000]);
  });

  it('404: one request, no retry', async () => {
    await expect(get('/nothing', recordingSleep().sleep)).rejects.toMatchObject({
      reason: 'HTTP 404 Not Found',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('a short body is retried', async () => {
    const bytes = imageBytes(4000, 3);
    server.route('/cut', (req, res, attempt) => {
      if (attempt > 1) return serveImage(bytes)(req, res, attempt);
      res.writeHead(200, { 'content-length': bytes.length });
      res.write(bytes.subarray(0, 1000), () => res.socket?.destroy());
    });
    const image = await get('/cut', recordingSleep().sleep);
    expect(Buffer.from(image.bytes).equals(bytes)).toBe(true);
    expect(server.requests).toHaveLength(2);
  });
});
