import type { Connection } from './types';

/** The API URL field could not be turned into an http(s) base URL. */
export class InvalidApiUrlError extends Error {
  override name = 'InvalidApiUrlError';
}

/**
 * Resolves the "API URL" field against the page (`/api/v1` -> `http://host:port/api/v1`),
 * without a trailing slash so `${apiUrl}/photos` is right.
 */
export function resolveApiUrl(input: string, pageUrl: string | URL): string {
  const text = input.trim();
  if (!text) throw new InvalidApiUrlError('Enter the API URL, for example /api/v1.');
  let url: URL;
  try {
    url = new URL(text, pageUrl);
  } catch {
    throw new InvalidApiUrlError(`“${text}” is not a URL. Use e.g. https://host/api/v1.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidApiUrlError(
      `The API URL must use http:// or https:// (not ${url.protocol}). Use e.g. https://host/api/v1.`,
    );
  }
  if (url.search || url.hash) {
    throw new InvalidApiUrlError(
      'The API URL must not contain ? or #. Use e.g. https://host/api/v1.',
    );
  }
  return url.href.replace(/\/+$/, '');
}

function originOf(url: string, base?: string): string | undefined {
  try {
    return new URL(url, base).origin;
  } catch {
    return undefined;
  }
}

/** Same scheme, host and port (a different port is a different origin). */
export function sameOrigin(url: string, apiUrl: string): boolean {
  const apiOrigin = originOf(apiUrl);
  return apiOrigin !== undefined && originOf(url, apiUrl) === apiOrigin;
}

/** The key header, but only for the API's own origin: a CDN or storage URL never sees the key. */
export function keyHeaders(url: string, connection: Connection): Record<string, string> {
  return sameOrigin(url, connection.apiUrl) ? { 'foko-api-key': connection.apiKey } : {};
}
