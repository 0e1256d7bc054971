import { keyHeaders } from '../api/origin-policy';
import type { Connection } from '../api/types';
import { DownloadCancelledError, ImageFetchError, throwIfCancelled } from './errors';
import { formatBytes, formatSeconds } from './format';
import { parseRetryAfter } from './retry';

export interface FetchImageOptions {
  connection: Connection;
  signal: AbortSignal;
  /** Headers must arrive within this time. */
  responseTimeoutMs?: number;
  /** Body bytes must keep arriving: no gap longer than this. */
  stallTimeoutMs?: number;
  /** Called once the server has announced the size (Content-Length). */
  onLength?: (contentLength: number) => void;
  /** Called for every chunk as it arrives, with that chunk's size. */
  onBytes?: (chunkBytes: number) => void;
  /** Test seam; the global fetch otherwise. */
  fetch?: typeof fetch;
}

export interface ImageBytes {
  bytes: Uint8Array;
  contentType: string;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  410: 'Gone',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export async function fetchImage(url: string, options: FetchImageOptions): Promise<ImageBytes> {
  const { connection, signal } = options;
  const responseTimeoutMs = options.responseTimeoutMs ?? 30_000;
  const stallTimeoutMs = options.stallTimeoutMs ?? 20_000;
  const fetchFn = options.fetch ?? globalThis.fetch;
  throwIfCancelled(signal);
  const target = imageUrlOf(url, connection.apiUrl);
  // The app-wide policy: the key goes only to the API's own origin, never to a CDN (FOKO-API.md).
  const headers = keyHeaders(target.href, connection);

  // One controller per request so a timeout aborts this request only.
  const request = new AbortController();
  const onCancel = () => request.abort();
  signal.addEventListener('abort', onCancel, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut: ImageFetchError | undefined;
  const failAfter = (ms: number, reason: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = new ImageFetchError(reason, { retryable: true });
      request.abort();
    }, ms);
  };
  const failure = (error: unknown, reason: string) => {
    if (signal.aborted) return new DownloadCancelledError();
    return timedOut ?? new ImageFetchError(reason, { retryable: true, cause: error });
  };

  try {
    failAfter(responseTimeoutMs, 'timed out waiting for a response');
    let response: Response;
    try {
      response = await fetchFn(target, { headers, signal: request.signal });
    } catch (error) {
      throw failure(error, 'network error');
    }
    if (!response.ok) {
      // Free the connection; the error body is not needed for an image.
      response.body?.cancel().catch(() => undefined);
      throw httpError(response);
    }
    const expected = expectedLength(response.headers);
    if (expected !== undefined) options.onLength?.(expected);
    const contentType = response.headers.get('content-type') ?? '';
    const body = new ByteCollector(expected);
    if (response.body) {
      const reader = response.body.getReader();
      const stalled = `stalled: no data for ${formatSeconds(stallTimeoutMs)}`;
      failAfter(stallTimeoutMs, stalled);
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          throw failure(error, shortBodyReason(body.length, expected) ?? 'network error');
        }
        if (chunk.done) break;
        failAfter(stallTimeoutMs, stalled);
        body.add(chunk.value);
        options.onBytes?.(chunk.value.byteLength);
      }
    }
    const short = shortBodyReason(body.length, expected);
    if (short) throw new ImageFetchError(short, { retryable: true });
    return { bytes: body.bytes(), contentType };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onCancel);
  }
}

function imageUrlOf(url: string, apiUrl: string): URL {
  let target: URL;
  try {
    target = new URL(url, apiUrl);
  } catch {
    throw new ImageFetchError('invalid image URL', { retryable: false });
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') {
    throw new ImageFetchError(`unsupported image URL scheme ${target.protocol}`, {
      retryable: false,
    });
  }
  return target;
}

function httpError(response: Response): ImageFetchError {
  const text = response.statusText || STATUS_TEXT[response.status] || '';
  const retryAfterMs =
    response.status === 429 || response.status === 503
      ? parseRetryAfter(response.headers.get('retry-after'), Date.now())
      : undefined;
  return new ImageFetchError(`HTTP ${response.status}${text ? ` ${text}` : ''}`, {
    retryable: isRetryableStatus(response.status),
    status: response.status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

/** Content-Length counts encoded bytes; after gzip decoding it cannot be compared, so it is ignored. */
function expectedLength(headers: Headers): number | undefined {
  const encoding = headers.get('content-encoding');
  if (encoding && encoding.trim().toLowerCase() !== 'identity') return undefined;
  const raw = headers.get('content-length');
  if (raw === null || !/^\s*\d+\s*$/.test(raw)) return undefined;
  const length = Number(raw);
  return Number.isSafeInteger(length) ? length : undefined;
}

function shortBodyReason(received: number, expected: number | undefined): string | undefined {
  if (expected === undefined || received >= expected) return undefined;
  return `connection closed after ${formatBytes(received)} of ${formatBytes(expected)}`;
}

/** Writes into one buffer of the announced size, so an image is not held twice while it is joined. */
class ByteCollector {
  private buffer: Uint8Array;
  length = 0;

  constructor(expected: number | undefined) {
    // A lying Content-Length must not allocate gigabytes up front.
    this.buffer = new Uint8Array(Math.min(expected ?? 64 * 1024, 64 * 1024 * 1024));
  }

  add(chunk: Uint8Array): void {
    if (this.length + chunk.byteLength > this.buffer.byteLength) {
      const grown = new Uint8Array(
        Math.max(this.buffer.byteLength * 2, this.length + chunk.byteLength),
      );
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(chunk, this.length);
    this.length += chunk.byteLength;
  }

  bytes(): Uint8Array {
    return this.length === this.buffer.byteLength ? this.buffer : this.buffer.slice(0, this.length);
  }
}
