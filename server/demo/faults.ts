/**
 * Fault mode: a deterministic set of failures for tests of the client's retry and error paths.
 * "Once" is per server instance: the first matching request fails, later ones work.
 */
import type { ServerResponse } from 'node:http';
import type { ImageSize } from './images.ts';

export type FaultKind =
  'error500Once' | 'unavailable503Once' | 'notFound' | 'stallOnce' | 'truncateOnce';

export interface FaultInfo {
  /** Large image answers 500 on its first request, then works. */
  error500Once: string[];
  /** Large image answers 503 with `Retry-After: 1` on its first request, then works. */
  unavailable503Once: string;
  /** Large and medium image always answer 404. */
  notFound: string;
  /** Large image: headers and part of the body, then silence for 60 s (or until disconnect), once. */
  stallOnce: string;
  /** Large image: `Content-Length` N but fewer bytes, then the connection closes, once. */
  truncateOnce: string;
  /** The instance's first `GET /photos` answers 429 with `Retry-After: 1`. */
  rateLimitedFirstList: true;
  /** The same photos, keyed by objectId. */
  byObjectId: Record<string, FaultKind>;
}

/**
 * Positions in list order: within the first 40, so tests reach them with one page, and even,
 * so they never carry the special descriptions (which sit on odd positions).
 */
const FAULT_POSITIONS: readonly (readonly [FaultKind, number])[] = [
  ['error500Once', 4],
  ['error500Once', 10],
  ['error500Once', 16],
  ['unavailable503Once', 22],
  ['notFound', 26],
  ['stallOnce', 30],
  ['truncateOnce', 34],
];
export const FAULT_MIN_PHOTOS = 40;
const STALL_MS = 60_000;

/** Picks the faulty photos from the first 40 objectIds in list order. */
export function planFaults(firstIds: readonly string[]): FaultInfo {
  if (firstIds.length < FAULT_MIN_PHOTOS) {
    throw new Error(`fault mode needs at least ${FAULT_MIN_PHOTOS} photos`);
  }
  const byObjectId: Record<string, FaultKind> = {};
  for (const [kind, position] of FAULT_POSITIONS) byObjectId[firstIds[position] ?? ''] = kind;
  const idsOf = (kind: FaultKind) =>
    FAULT_POSITIONS.filter(([k]) => k === kind).map(([, p]) => firstIds[p] ?? '');
  const one = (kind: FaultKind) => idsOf(kind)[0] ?? '';
  return {
    error500Once: idsOf('error500Once'),
    unavailable503Once: one('unavailable503Once'),
    notFound: one('notFound'),
    stallOnce: one('stallOnce'),
    truncateOnce: one('truncateOnce'),
    rateLimitedFirstList: true,
    byObjectId,
  };
}

export class FaultState {
  readonly info: FaultInfo;
  #listRateLimited = false;
  readonly #spent = new Set<string>();
  readonly #stalled = new Set<ServerResponse>();

  constructor(info: FaultInfo) {
    this.info = info;
  }

  /** True for the first list request of this instance only. */
  takeListFault(): boolean {
    if (this.#listRateLimited) return false;
    this.#listRateLimited = true;
    return true;
  }

  /** The fault for this image request, if any; a "once" fault is used up by the call. */
  takeImageFault(objectId: string, size: ImageSize): FaultKind | undefined {
    const kind = this.info.byObjectId[objectId];
    if (kind === 'notFound') return kind;
    if (kind === undefined || size !== 'large' || this.#spent.has(objectId)) return undefined;
    this.#spent.add(objectId);
    return kind;
  }

  /** Sends the headers and half the body, then nothing until the client leaves or 60 s pass. */
  stall(response: ServerResponse, headers: Record<string, string>, body: Uint8Array): void {
    const half = Math.floor(body.length / 2);
    response.writeHead(200, headers);
    response.write(body.subarray(0, half));
    this.#stalled.add(response);
    const timer = setTimeout(() => response.end(body.subarray(half)), STALL_MS);
    response.on('close', () => {
      clearTimeout(timer);
      this.#stalled.delete(response);
    });
  }

  /** Promises `Content-Length` bytes, sends fewer, then drops the connection. */
  truncate(response: ServerResponse, headers: Record<string, string>, body: Uint8Array): void {
    response.writeHead(200, headers);
    response.write(body.subarray(0, Math.floor(body.length / 3)), () => response.destroy());
  }

  /** Ends stalled responses so the server can close promptly. */
  close(): void {
    for (const response of this.#stalled) response.destroy();
    this.#stalled.clear();
  }
}
