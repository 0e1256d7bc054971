// One way of writing sizes across the app, e.g. the Download button's "(15.8 MB)".
export { formatBytes } from '../gallery/photo-labels';

/** "20 s", "0.2 s": whole seconds when possible, one decimal otherwise. */
export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
