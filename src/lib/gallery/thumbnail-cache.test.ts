import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { ThumbnailCache } from './thumbnail-cache';

const connection = { apiUrl: 'http://api.test/api/v1', apiKey: 'k' };
const url = (n: number) => `http://api.test/photo/${n}`;

/** A controllable fetch: each request waits until the test answers it. */
function fakeNetwork() {
  const calls: { url: string; headers: Record<string, string>; signal: AbortSignal }[] = [];
  const answers = new Map<string, (response: Response) => void>();
  let active = 0;
  let maxActive = 0;
  const fetchImpl = ((input: string, init: RequestInit) => {
    const signal = init.signal as AbortSignal;
    calls.push({ url: input, headers: init.headers as Record<string, string>, signal });
    active++;
    maxActive = Math.max(maxActive, active);
    return new Promise<Response>((resolve, reject) => {
      signal.addEventListener('abort', () => {
        active--;
        reject(signal.reason as Error);
      });
      answers.set(input, (response) => {
        active--;
        resolve(response);
      });
    });
  }) as unknown as typeof fetch;
  const answer = (target: string, bytes = 100, status = 200) => {
    const respond = answers.get(target);
    if (!respond) throw new Error(`no pending request for ${target}`);
    answers.delete(target);
    respond(new Response(status === 200 ? new Uint8Array(bytes) : 'nope', { status }));
  };
  return { calls, fetchImpl, answer, maxActive: () => maxActive };
}

function objectUrls() {
  let next = 0;
  const revoked: string[] = [];
  return {
    revoked,
    createObjectURL: () => `blob:${++next}`,
    revokeObjectURL: (objectUrl: string) => revoked.push(objectUrl),
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const live = () => new AbortController().signal;

describe('ThumbnailCache', () => {
  it('loads bytes with the key header and serves them from cache', async () => {
    const net = fakeNetwork();
    const cache = new ThumbnailCache({ fetchImpl: net.fetchImpl, ...objectUrls() });
    const loading = cache.load(url(1), connection, live());
    await tick();
    expect(net.calls[0]?.headers).toEqual({ 'foko-api-key': 'k' });
    net.answer(url(1));
    expect(await loading).toBe('blob:1');
    expect(cache.get(url(1))).toBe('blob:1');
    expect(await cache.load(url(1), connection, live())).toBe('blob:1');
    expect(net.calls).toHaveLength(1);
  });

  it('sends no key to another origin', async () => {
    const net = fakeNetwork();
    const cache = new ThumbnailCache({ fetchImpl: net.fetchImpl, ...objectUrls() });
    const loading = cache.load('https://cdn.test/1.jpg', connection, live());
    await tick();
    expect(net.calls[0]?.headers).toEqual({});
    net.answer('https://cdn.test/1.jpg');
    await loading;
  });

  it('shares one request between tiles that want the same image', async () => {
    const net = fakeNetwork();
    const cache = new ThumbnailCache({ fetchImpl: net.fetchImpl, ...objectUrls() });
    const both = Promise.all([
      cache.load(url(1), connection, live()),
      cache.load(url(1), connection, live()),
    ]);
    await tick();
    net.answer(url(1));
    expect(await both).toEqual(['blob:1', 'blob:1']);
    expect(net.calls).toHaveLength(1);
  });

  it('keeps at most `concurrency` requests in flight and skips aborted waiters', async () => {
    const net = fakeNetwork();
    const cache = new ThumbnailCache({ fetchImpl: net.fetchImpl, concurrency: 2, ...objectUrls() });
    const scrolledAway = new AbortController();
    const loads = [1, 2, 3, 4].map((n) =>
      cache.load(url(n), connection, n === 3 ? scrolledAway.signal : live()),
    );
    await tick();
    expect(net.calls.map((call) => call.url)).toEqual([url(1), url(2)]);
    scrolledAway.abort();
    await expect(loads[2]).rejects.toMatchObject({ name: 'AbortError' });
    net.answer(url(1));
    net.answer(url(2));
    await tick();
    // The queued request for 3 never went out.
    expect(net.calls.map((call) => call.url)).toEqual([url(1), url(2), url(4)]);
    net.answer(url(4));
    await Promise.all([loads[0], loads[1], loads[3]]);
    expect(net.maxActive()).toBe(2);
  });

  it('cancels the request only when every waiter has gone', async () => {
    const net = fakeNetwork();
    const cache = new ThumbnailCache({ fetchImpl: net.fetchImpl, ...objectUrls() });
    const [first, second] = [new AbortController(), new AbortController()];
    const a = cache.load(url(1), connection, first.signal);
    const b = cache.load(url(1), connection, second.signal);
    await tick();
    first.abort();
    await expect(a).rejects.toMatchObject({ name: 'AbortError' });
    expect(net.calls[0]?.signal.aborted).toBe(false);
    second.abort();
    await expect(b).rejects.toMatchObject({ name: 'AbortError' });
    expect(net.calls[0]?.signal.aborted).toBe(true);
  });

  it('evicts the least recently used images past maxBytes and revokes their URLs', async () => {
    const net = fakeNetwork();
    const urls = objectUrls();
    const cache = new ThumbnailCache({ fetchImpl: net.fetchImpl, maxBytes: 250, ...urls });
    for (const n of [1, 2]) {
      const loading = cache.load(url(n), connection, live());
      await tick();
      net.answer(url(n), 100);
      await loading;
    }
    expect(cache.get(url(1))).toBe('blob:1'); // 1 is now the most recently used
    const third = cache.load(url(3), connection, live());
    await tick();
    net.answer(url(3), 100);
    expect(await third).toBe('blob:3');
    expect(urls.revoked).toEqual(['blob:2']);
    expect(cache.get(url(2))).toBeUndefined();
    expect(cache.bytes).toBe(200);

    cache.clear();
    expect(urls.revoked.sort()).toEqual(['blob:1', 'blob:2', 'blob:3']);
    expect(cache.size).toBe(0);
  });

  it('rejects a failed load with a reason and does not cache it, so a retry refetches', async () => {
    const net = fakeNetwork();
    const cache = new ThumbnailCache({ fetchImpl: net.fetchImpl, ...objectUrls() });
    const failing = cache.load(url(1), connection, live());
    await tick();
    net.answer(url(1), 0, 404);
    const error: unknown = await failing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'http', status: 404 });
    expect(cache.get(url(1))).toBeUndefined();

    const retry = cache.load(url(1), connection, live());
    await tick();
    net.answer(url(1));
    expect(await retry).toBe('blob:1');
    expect(net.calls).toHaveLength(2);
  });

  it('reports a dropped connection as unreachable', async () => {
    const fetchImpl = (() =>
      Promise.reject(new TypeError('fetch failed'))) as unknown as typeof fetch;
    const cache = new ThumbnailCache({ fetchImpl, ...objectUrls() });
    await expect(cache.load(url(1), connection, live())).rejects.toMatchObject({
      kind: 'unreachable',
    });
  });
});
