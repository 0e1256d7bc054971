import type { InfiniteData, UndefinedInitialDataInfiniteOptions } from '@tanstack/svelte-query';
import { getJson, type RequestOptions } from './client';
import { protocolError, type ApiError } from './errors';
import type { Connection, Photo } from './types';
import {
  buildWhere,
  filterTimeZone,
  isFilterValid,
  type PhotoFilter,
  type PhotoWhere,
} from './where';

export const MAX_PAGE_SIZE = 1000;
export const BROWSE_PAGE_SIZE = 200;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

function isByteCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Copies only known fields; a wrong-typed optional field is dropped rather than fatal. */
function toPhoto(item: unknown, index: number): Photo {
  if (!isRecord(item)) throw protocolError(`item ${index} of the list is not an object.`);
  const { objectId, createdAt, largeImage } = item;
  if (typeof objectId !== 'string' || objectId === '') {
    throw protocolError(`item ${index} has no objectId.`);
  }
  if (!isIsoDate(createdAt)) throw protocolError(`photo ${objectId} has no valid createdAt.`);
  if (!isHttpUrl(largeImage)) {
    throw protocolError(`photo ${objectId} has no absolute http(s) largeImage URL.`);
  }
  const photo: Photo = { objectId, createdAt, largeImage };
  if (isIsoDate(item.updatedAt)) photo.updatedAt = item.updatedAt;
  if (typeof item.description === 'string') photo.description = item.description;
  if (isByteCount(item.largeImageLength)) photo.largeImageLength = item.largeImageLength;
  if (isHttpUrl(item.mediumImage)) photo.mediumImage = item.mediumImage;
  if (isByteCount(item.mediumImageLength)) photo.mediumImageLength = item.mediumImageLength;
  return photo;
}

/** The photo list as the contract defines it, or a protocol ApiError; never garbage. */
export function validatePhotos(json: unknown): Photo[] {
  if (!Array.isArray(json)) {
    const got = json === null ? 'null' : typeof json;
    throw protocolError(`expected a JSON array of photos, got ${got}.`);
  }
  return json.map(toPhoto);
}

export interface PageRequest {
  skip: number;
  limit: number;
  where?: PhotoWhere;
}

/** The contract's limit is 1..1000 and skip a non-negative integer; anything else is a 400. */
export function clampPage(skip: number, limit: number): { skip: number; limit: number } {
  const safeLimit = Number.isFinite(limit) ? Math.trunc(limit) : BROWSE_PAGE_SIZE;
  const safeSkip = Number.isFinite(skip) ? Math.trunc(skip) : 0;
  return { skip: Math.max(0, safeSkip), limit: Math.min(MAX_PAGE_SIZE, Math.max(1, safeLimit)) };
}

export function photosUrl(apiUrl: string, page: PageRequest): string {
  const { skip, limit } = clampPage(page.skip, page.limit);
  const params = new URLSearchParams({ limit: String(limit), skip: String(skip) });
  if (page.where) params.set('where', JSON.stringify(page.where));
  return `${apiUrl}/photos?${params.toString()}`;
}

/** One page of `GET {apiUrl}/photos`, validated. */
export async function fetchPhotoPage(
  connection: Connection,
  page: PageRequest,
  signal: AbortSignal,
  options?: RequestOptions,
): Promise<Photo[]> {
  const json = await getJson(photosUrl(connection.apiUrl, page), connection, signal, options);
  return validatePhotos(json);
}

/** The Connect button's check: one real request with the key. Resolves with that first page. */
export function checkConnection(
  connection: Connection,
  signal: AbortSignal,
  options?: RequestOptions,
): Promise<Photo[]> {
  return fetchPhotoPage(connection, { skip: 0, limit: 1 }, signal, options);
}

/** Photos in first-seen order, each objectId once (skip paging shifts when rows are inserted). */
export function uniquePhotos(pages: readonly (readonly Photo[])[]): Photo[] {
  const seen = new Set<string>();
  const photos: Photo[] = [];
  for (const page of pages) appendUnique(seen, photos, page);
  return photos;
}

function appendUnique(seen: Set<string>, photos: Photo[], page: readonly Photo[]) {
  for (const photo of page) {
    if (seen.has(photo.objectId)) continue;
    seen.add(photo.objectId);
    photos.push(photo);
  }
}

let currentKey: string | undefined;
let keyGeneration = 0;

/**
 * A stand-in for the key in query keys: a new key gets a new cache, yet nothing derived from
 * the key (not even a hash) reaches the query cache or devtools. Only the latest key is held.
 */
export function keyFingerprint(apiKey: string): string {
  if (apiKey !== currentKey) {
    currentKey = apiKey;
    keyGeneration++;
  }
  return `key-${keyGeneration}`;
}

/** For "Forget key": drop the remembered key (pair it with queryClient.clear()). */
export function forgetKeyFingerprint(): void {
  currentKey = undefined;
}

/** Query keys without the key; `timeZone` is resolved so a zone change refetches. */
export function photoPagesKey(connection: Connection, filter: PhotoFilter, pageSize: number) {
  const { from = '', to = '', utc, after = '' } = filter;
  return [
    'photos',
    connection.apiUrl,
    keyFingerprint(connection.apiKey),
    { from, to, utc, after, zone: filterTimeZone(filter) },
    pageSize,
  ] as const;
}

export type PhotoPagesKey = ReturnType<typeof photoPagesKey>;

export type PhotoPagesOptions = UndefinedInitialDataInfiniteOptions<
  Photo[],
  ApiError,
  InfiniteData<Photo[], number>,
  PhotoPagesKey,
  number
>;

/**
 * Options for `createInfiniteQuery(() => photoPagesQueryOptions(...))`: pages by skip, stops
 * at a short page, disabled while the filter is invalid. Join pages with `uniquePhotos`.
 */
export function photoPagesQueryOptions(
  connection: Connection,
  filter: PhotoFilter,
  pageSize = BROWSE_PAGE_SIZE,
  options?: RequestOptions,
): PhotoPagesOptions {
  const limit = clampPage(0, pageSize).limit;
  const enabled = isFilterValid(filter);
  return {
    queryKey: photoPagesKey(connection, filter, limit),
    queryFn: ({ pageParam, signal }) =>
      fetchPhotoPage(
        connection,
        { skip: pageParam, limit, where: buildWhere(filter) },
        signal,
        options,
      ),
    initialPageParam: 0,
    getNextPageParam: (lastPage, _pages, lastSkip) =>
      lastPage.length < limit ? undefined : lastSkip + limit,
    enabled,
    // getJson already retried what is worth retrying.
    retry: false,
    // Pages are only ever appended; comparing every loaded photo deeply on each new page
    // costs tens of milliseconds at 10,000+ photos and gains nothing.
    structuralSharing: false,
  };
}

export interface FetchAllOptions {
  signal: AbortSignal;
  pageSize?: number;
  /** Called after each page with the number of distinct photos fetched so far. */
  onProgress?: (loadedCount: number) => void;
  request?: RequestOptions;
}

/** Every photo matching the filter (for "Select all"), page by page until a short page. */
export async function fetchAllPhotos(
  connection: Connection,
  filter: PhotoFilter,
  { signal, pageSize = MAX_PAGE_SIZE, onProgress, request }: FetchAllOptions,
): Promise<Photo[]> {
  const where = buildWhere(filter);
  const { limit } = clampPage(0, pageSize);
  const seen = new Set<string>();
  const photos: Photo[] = [];
  for (let skip = 0; ; skip += limit) {
    const page = await fetchPhotoPage(connection, { skip, limit, where }, signal, request);
    appendUnique(seen, photos, page);
    onProgress?.(photos.length);
    if (page.length < limit) return photos;
  }
}
