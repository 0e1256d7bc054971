import {
  describeErrorBody,
  errorForStatus,
  excerpt,
  isAbort,
  protocolError,
  redactKey,
  unreachableError,
} from './errors';
import { keyHeaders } from './origin-policy';
import type { Connection } from './types';

/** Waits `ms`, rejecting with the signal's reason as soon as it aborts. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export interface RequestOptions {
  /** How many tries in all for 429 and 5xx answers. */
  attempts?: number;
  /** First backoff delay; doubled on each retry, plus up to the same again in jitter. */
  baseDelayMs?: number;
  sleep?: Sleep;
  random?: () => number;
  fetchImpl?: typeof fetch;
}

const DEFAULT_ATTEMPTS = 3;
const DEFAULT_BASE_DELAY_MS = 300;
const MAX_RETRY_AFTER_MS = 10_000;

export const abortableSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** `Retry-After` as seconds or an HTTP date, capped so a server cannot stall the app for long. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  if (Number.isNaN(ms)) return undefined;
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

function shouldRetry(status: number): boolean {
  return status === 429 || status >= 500;
}

function backoffMs(attempt: number, base: number, random: () => number): number {
  const step = base * 2 ** (attempt - 1);
  return step + random() * step;
}

async function readText(response: Response, url: string, signal: AbortSignal): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    if (isAbort(error, signal)) throw signal.reason ?? error;
    throw unreachableError(url);
  }
}

/**
 * GETs JSON with the key (per origin policy). Retries 429 and 5xx with backoff; other
 * failures become ApiError at once. An abort rejects with the signal's reason.
 */
export async function getJson(
  url: string,
  connection: Connection,
  signal: AbortSignal,
  options: RequestOptions = {},
): Promise<unknown> {
  const attempts = Math.max(1, options.attempts ?? DEFAULT_ATTEMPTS);
  const base = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const fetchImpl = options.fetchImpl ?? fetch;

  for (let attempt = 1; ; attempt++) {
    signal.throwIfAborted();
    let response: Response;
    try {
      response = await fetchImpl(url, {
        headers: { accept: 'application/json', ...keyHeaders(url, connection) },
        signal,
      });
    } catch (error) {
      if (isAbort(error, signal)) throw signal.reason ?? error;
      throw unreachableError(url);
    }
    const body = await readText(response, url, signal);

    if (response.ok) {
      try {
        return JSON.parse(body) as unknown;
      } catch {
        const start = excerpt(redactKey(body, connection.apiKey), 60);
        throw protocolError(
          start ? `the answer is not JSON (it starts “${start}”).` : 'the answer is empty.',
        );
      }
    }
    if (!shouldRetry(response.status) || attempt >= attempts) {
      throw errorForStatus(response.status, describeErrorBody(body, connection.apiKey));
    }
    // 503s may carry Retry-After too; honour it wherever the server sends it.
    const wait =
      retryAfterMs(response.headers.get('retry-after')) ?? backoffMs(attempt, base, random);
    await sleep(wait, signal);
  }
}
