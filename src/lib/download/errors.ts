/** Why one image could not be fetched, in words a user can read, and whether trying again may help. */
export class ImageFetchError extends Error {
  override readonly name = 'ImageFetchError';
  readonly reason: string;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;

  constructor(
    reason: string,
    init: { retryable: boolean; retryAfterMs?: number; status?: number; cause?: unknown },
  ) {
    super(reason, { cause: init.cause });
    this.reason = reason;
    this.retryable = init.retryable;
    this.retryAfterMs = init.retryAfterMs;
    this.status = init.status;
  }
}

/** The user cancelled: named like the DOM's AbortError so generic `err.name === 'AbortError'` checks work. */
export class DownloadCancelledError extends Error {
  override readonly name = 'AbortError';

  constructor(message = 'download cancelled') {
    super(message);
  }
}

/** The archive could not be built or written (disk full, picker refused, ...): the whole download stops. */
export class ArchiveSaveError extends Error {
  override readonly name = 'ArchiveSaveError';
  readonly fileName: string;

  constructor(fileName: string, cause: unknown) {
    super(`could not save ${fileName}: ${describeError(cause)}`, { cause });
    this.fileName = fileName;
  }
}

export function isCancelled(error: unknown): boolean {
  return (
    error instanceof DownloadCancelledError ||
    (error instanceof Error && error.name === 'AbortError') ||
    (typeof DOMException !== 'undefined' &&
      error instanceof DOMException &&
      error.name === 'AbortError')
  );
}

/** Throws the typed cancel error when the signal has fired; call before scheduling more work. */
export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new DownloadCancelledError();
}

export function describeError(error: unknown): string {
  if (error instanceof ImageFetchError) return error.reason;
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
