import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DownloadCancelledError, ImageFetchError } from './errors';
import { fetchImage } from './fetch-image';
import { imageBytes, serveImage, sleep, startImageServer, type ImageServer } from './test-support';

let api: ImageServer;
let cdn: ImageServer;
const key = 'KEY-fetch-test-123';

beforeEach(async () => {
  api = await startImageServer();
  cdn = await startImageServer();
});
afterEach(async () => {
  await api.close();
  await cdn.close();
});

const connection = () => ({ apiUrl: `${api.origin}/api/v1`, apiKey: key });
const quick = { responseTimeoutMs: 200, stallTimeoutMs: 200 };

async function failure(promise: Promise<unknown>): Promise<ImageFetchError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImageFetchError);
  return error as ImageFetchError;
}

describe('fetchImage', () => {
  it('returns the bytes and content type, reporting progress as chunks arrive', async () => {
    const bytes = imageBytes(300_000, 1);
    api.route('/img/a', serveImage(bytes, 'image/png'));
    let announced = 0;
    let counted = 0;
    const image = await fetchImage(`${api.origin}/img/a`, {
      connection: connection(),
      signal: new AbortController().signal,
      onLength: (n) => (announced = n),
      onBytes: (n) => (counted += n),
    });
    expect(Buffer.from(image.bytes).equals(bytes)).toBe(true);
    expect(image.contentType).toBe('image/png');
    expect(announced).toBe(300_000);
    expect(counted).toBe(300_000);
  });

  it('sends the key to the API origin only, never to another origin', async () => {
    api.route('/img/a', serveImage(imageBytes(10, 1)));
    cdn.route('/img/b', serveImage(imageBytes(10, 2)));
    const signal = new AbortController().signal;
    await fetchImage(`${api.origin}/img/a`, { connection: connection(), signal });
    await fetchImage(`${cdn.origin}/img/b`, { connection: connection(), signal });
    expect(api.requests[0]?.headers['foko-api-key']).toBe(key);
    expect(cdn.requests[0]?.headers['foko-api-key']).toBeUndefined();
  });

  it('fails 404 as not retryable with the status in words', async () => {
    const error = await failure(
      fetchImage(`${api.origin}/missing`, {
        connection: connection(),
        signal: new AbortController().signal,
      }),
    );
    expect(error.reason).toBe('HTTP 404 Not Found');
    expect(error.retryable).toBe(false);
  });

  it('marks 500 retryable and reads Retry-After on 429', async () => {
    api.route('/500', (_req, res) => res.writeHead(500).end());
    api.route('/429', (_req, res) => res.writeHead(429, { 'retry-after': '2' }).end());
    const signal = new AbortController().signal;
    const e500 = await failure(
      fetchImage(`${api.origin}/500`, { connection: connection(), signal }),
    );
    expect(e500).toMatchObject({
      retryable: true,
      status: 500,
      reason: 'HTTP 500 Internal Server Error',
    });
    const e429 = await failure(
      fetchImage(`${api.origin}/429`, { connection: connection(), signal }),
    );
    expect(e429).toMatchObject({ retryable: true, status: 429, retryAfterMs: 2000 });
  });

  it('times out when the headers do not come', async () => {
    api.route('/slow', (_req, res) => setTimeout(() => res.writeHead(200).end('late'), 5000));
    const started = Date.now();
    const error = await failure(
      fetchImage(`${api.origin}/slow`, {
        connection: connection(),
        signal: new AbortController().signal,
        ...quick,
      }),
    );
    expect(error.reason).toBe('timed out waiting for a response');
    expect(error.retryable).toBe(true);
    // Given up long before the headers would have come.
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('fails a stalled body after the stall timeout', async () => {
    api.route('/stall', (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': 1000 });
      res.write(imageBytes(100, 1));
    });
    const error = await failure(
      fetchImage(`${api.origin}/stall`, {
        connection: connection(),
        signal: new AbortController().signal,
        ...quick,
      }),
    );
    expect(error.reason).toBe('stalled: no data for 0.2 s');
    expect(error.retryable).toBe(true);
  });

  it('fails a body shorter than Content-Length', async () => {
    api.route('/short', (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': 1500 });
      res.write(imageBytes(1200, 1), () => res.socket?.destroy());
    });
    const error = await failure(
      fetchImage(`${api.origin}/short`, {
        connection: connection(),
        signal: new AbortController().signal,
        ...quick,
      }),
    );
    expect(error.reason).toBe('connection closed after 1.2 kB of 1.5 kB');
    expect(error.retryable).toBe(true);
  });

  it('reports an unreachable server as a retryable network error', async () => {
    const closed = await startImageServer();
    await closed.close();
    const error = await failure(
      fetchImage(`${closed.origin}/x`, {
        connection: connection(),
        signal: new AbortController().signal,
      }),
    );
    expect(error).toMatchObject({ reason: 'network error', retryable: true });
  });

  it('refuses URLs that are not http(s)', async () => {
    const error = await failure(
      fetchImage('file:///etc/passwd', {
        connection: connection(),
        signal: new AbortController().signal,
      }),
    );
    expect(error.retryable).toBe(false);
  });

  it('aborts mid-transfer with the cancel error', async () => {
    api.route('/big', (_req, res) => {
      res.writeHead(200, { 'content-length': 1_000_000 });
      res.write(imageBytes(1000, 1));
    });
    const controller = new AbortController();
    const pending = fetchImage(`${api.origin}/big`, {
      connection: connection(),
      signal: controller.signal,
      onBytes: () => controller.abort(),
    });
    await expect(pending).rejects.toBeInstanceOf(DownloadCancelledError);
    await sleep(10);
  });
});
