/** Errors and paging parameters of `GET /photos`. */

/** Parse error codes: 102 InvalidQuery, 107 InvalidJSON, 117 InvalidLimit, 118 InvalidSkip. */
export class QueryError extends Error {
  readonly code: 102 | 107 | 117 | 118;

  constructor(code: 102 | 107 | 117 | 118, message: string) {
    super(message);
    this.code = code;
  }
}

/** `limit`: absent -> 20, else an integer 1..1000. */
export function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return 20;
  const limit = /^\d{1,7}$/.test(raw) ? Number(raw) : NaN;
  if (!(limit >= 1 && limit <= 1000)) {
    throw new QueryError(
      117,
      `limit must be an integer from 1 to 1000, got ${JSON.stringify(raw)}`,
    );
  }
  return limit;
}

/** `skip`: absent -> 0, else an integer >= 0. */
export function parseSkip(raw: string | undefined): number {
  if (raw === undefined) return 0;
  if (!/^\d{1,15}$/.test(raw)) {
    throw new QueryError(118, `skip must be an integer >= 0, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}
