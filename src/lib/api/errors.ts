/** What went wrong, in terms the connect form and the gallery can act on. */
export type ApiErrorKind =
  'unauthorized' | 'unreachable' | 'protocol' | 'bad-request' | 'rate-limited' | 'server' | 'http';

/** A failed API or image request. `message` is user-facing and never contains the key. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    /** HTTP status, when the server answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}

const EXCERPT_LENGTH = 120;

/** Collapses whitespace and cuts a body to a line that fits in an alert. */
export function excerpt(text: string, length = EXCERPT_LENGTH): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}

/** Removes the key from text that came from elsewhere (a server may echo request headers). */
export function redactKey(text: string, apiKey: string): string {
  return apiKey ? text.split(apiKey).join('•••') : text;
}

/** The server's own words from an error body: Parse-style `{"error": ...}`, else an excerpt. */
export function describeErrorBody(body: string, apiKey: string): string {
  let said = body;
  try {
    const json: unknown = JSON.parse(body);
    if (json && typeof json === 'object' && 'error' in json && typeof json.error === 'string') {
      said = json.error;
    }
  } catch {
    // Not JSON: show the raw text, as FOKO-API.md asks.
  }
  return excerpt(redactKey(said, apiKey));
}

function withDetail(sentence: string, detail: string): string {
  return detail ? `${sentence}: ${detail}` : `${sentence}.`;
}

/** Maps a non-2xx answer to an ApiError; `detail` is already redacted. */
export function errorForStatus(status: number, detail: string): ApiError {
  if (status === 401 || status === 403) {
    return new ApiError(
      'unauthorized',
      `The API key was rejected (HTTP ${status}). Check the key and try again.`,
      status,
    );
  }
  if (status === 400) {
    return new ApiError(
      'bad-request',
      withDetail('The server refused the request (HTTP 400)', detail),
      status,
    );
  }
  if (status === 429) {
    return new ApiError(
      'rate-limited',
      'The server is limiting requests (HTTP 429) and still did after several tries. Wait a minute and try again.',
      status,
    );
  }
  if (status >= 500) {
    return new ApiError(
      'server',
      withDetail(`The server had a problem (HTTP ${status})`, detail),
      status,
    );
  }
  return new ApiError('http', withDetail(`The server answered HTTP ${status}`, detail), status);
}

/** fetch() rejects with a TypeError both for a dead network and for a CORS refusal. */
export function unreachableError(url: string): ApiError {
  let where = 'the server';
  try {
    where = new URL(url).origin;
  } catch {
    // Keep the generic wording.
  }
  return new ApiError(
    'unreachable',
    `Could not reach ${where}, or it refused this browser (CORS). ` +
      'If that server sends no CORS headers, use proxy mode: run `FOKO_API_URL=<url> npm start` ' +
      'and use the default API URL /api/v1.',
  );
}

export function protocolError(problem: string): ApiError {
  return new ApiError('protocol', `This does not look like a Foko API: ${problem}`);
}

/** Aborts are not failures: callers rethrow the signal's reason so queries cancel quietly. */
export function isAbort(error: unknown, signal?: AbortSignal): boolean {
  return (
    signal?.aborted === true ||
    (error instanceof DOMException &&
      (error.name === 'AbortError' || error.name === 'TimeoutError'))
  );
}
