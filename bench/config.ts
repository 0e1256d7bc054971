// Run sizes for the full and the --quick bench, and the progress log's formatting helpers.

export interface Config {
  mode: 'full' | 'quick';
  /** Cold sessions for rows 1 and 3. */
  sessions: number;
  gridPhotos: number;
  scrollRuns: number;
  downloadPhotos: number;
  downloadRuns: number;
  packingMB: number;
  packingRuns: number;
  jszipPhotos: number;
  jszipPartMB: number;
  streamPhotos: number;
}

// The demo's large images average about 0.97 MB: 1,000 photos ≈ 1 GB, 2,060 ≈ 2 GB.
export const FULL: Config = {
  mode: 'full',
  sessions: 5,
  gridPhotos: 20_000,
  scrollRuns: 2,
  downloadPhotos: 200,
  downloadRuns: 3,
  packingMB: 130,
  packingRuns: 3,
  jszipPhotos: 1000,
  jszipPartMB: 1000,
  streamPhotos: 2060,
};

export const QUICK: Config = {
  mode: 'quick',
  sessions: 2,
  gridPhotos: 5_000,
  scrollRuns: 1,
  downloadPhotos: 200,
  downloadRuns: 1,
  packingMB: 130,
  packingRuns: 1,
  jszipPhotos: 300,
  jszipPartMB: 300,
  streamPhotos: 500,
};

/** Details beyond the table (stage timings, worst tasks, memory by process), kept in the JSON. */
export type Details = Record<string, unknown>;

/** Decimal megabytes, as the SPEC's targets (a 1000 MB part is 1e9 bytes). */
export const MB = 1_000_000;

/** Progress goes to stderr; stdout carries only the table. */
export const log = (line: string) => process.stderr.write(`${line}\n`);
export const count = (value: number) => value.toLocaleString('en');
export const gb = (bytes: number) => `${(bytes / 1e9).toFixed(2)} GB`;
export const mb = (bytes: number) => `${Math.round(bytes / MB)} MB`;
