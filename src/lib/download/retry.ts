import { DownloadCancelledError, ImageFetchError, isCancelled, throwIfCancelled } from './errors';

export interface RetryOptions {
  signal: AbortSignal;
  /** Total tries, the first included; at least 1. */
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A server asking for a longer pause than this is waited for only this long. */
  maxRetryAfterMs?: number;
  /** Test seams. */
  random?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export const RETRY_DEFAULTS = {
  attempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
} as const;

/** Full jitter: a uniform pick in [0, min(max, base * 2^(n-1))], so parallel clients spread out. */
export function backoffDelay(
  failedAttempt: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number,
): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, failedAttempt - 1));
  return Math.floor(random() * ceiling);
}

/** `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 10.2.3). */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new DownloadCancelledError());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new DownloadCancelledError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `task` until it succeeds, a non-retryable error occurs or the attempts run out.
 * Only `ImageFetchError`s flagged retryable are retried; anything else is a bug or a cancel.
 */
export async function withRetry<T>(
  task: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const attempts = Math.max(1, Math.floor(options.attempts ?? RETRY_DEFAULTS.attempts));
  const baseDelayMs = options.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs;
  const maxDelayMs = options.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? RETRY_DEFAULTS.maxRetryAfterMs;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? abortableSleep;
  for (let attempt = 1; ; attempt += 1) {
    throwIfCancelled(options.signal);
    try {
      return await task(attempt);
    } catch (error) {
      if (options.signal.aborted || isCancelled(error)) throw new DownloadCancelledError();
      if (!(error instanceof ImageFetchError) || !error.retryable || attempt >= attempts) {
        throw error;
      }
      const delayMs =
        error.retryAfterMs !== undefined
          ? Math.min(error.retryAfterMs, maxRetryAfterMs)
          : backoffDelay(attempt, baseDelayMs, maxDelayMs, random);
      await sleep(delayMs, options.signal);
    }
  }
}
