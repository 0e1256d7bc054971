/**
 * The fixed window the demo photos live in. It does not depend on DEMO_PHOTOS, so the per-day
 * base images generated for one photo count are reused by every other.
 */
export const WINDOW_START = Date.UTC(2014, 8, 1); // 2014-09-01
export const WINDOW_DAYS = 122; // through 2014-12-31
export const DAY_MS = 86_400_000;

/** `yyyy-MM-dd` (UTC) of every day in the window, in order. */
export function windowDays(): string[] {
  return Array.from({ length: WINDOW_DAYS }, (_, i) => utcDay(WINDOW_START + i * DAY_MS));
}

/** `yyyy-MM-dd` of an instant, in UTC. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
