// Row 4: wall time of the app's download vs the seed's sequential loop vs curl --parallel + zip -0.
import { spawn } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { log, mb, type Config, type Details } from './config.ts';
import {
  attempt,
  connectAndWait,
  listPhotos,
  openApp,
  selectAll,
  sleep,
  withBrowser,
  using,
  withServer,
  withTempDir,
  type BenchServer,
  type ListedPhoto,
} from './harness.ts';
import { row, type Row } from './table.ts';

/** Runs a command to its end; an interrupted bench kills it first. */
function run(command: string, args: string[], cwd?: string): Promise<void> {
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited ${code}: ${stderr.trim()}`)),
    );
  });
  const kill = async () => {
    if (child.exitCode === null && child.kill()) await exited.catch(() => {});
  };
  return using({ close: kill }, () => exited);
}

/**
 * The baseline: curl fetches the listed URLs 6 at a time into a folder, then `zip -0` stores
 * them in one archive. Times from starting curl to zip's exit.
 */
export function curlAndZip(
  server: BenchServer,
  photos: readonly ListedPhoto[],
): Promise<{ seconds: number; zipSeconds: number }> {
  return withTempDir('foko-bench-curl-', async (dir) => {
    const images = join(dir, 'images');
    const config = photos
      .map((photo) => `url = "${photo.largeImage}"\noutput = "${images}/${photo.objectId}.jpg"`)
      .join('\n');
    writeFileSync(join(dir, 'urls.txt'), `${config}\n`);
    const started = performance.now();
    await run('curl', [
      '--parallel',
      '--parallel-max',
      '6',
      '--silent',
      '--show-error',
      '--fail',
      '--create-dirs',
      '-H',
      `foko-api-key: ${server.apiKey}`,
      '--config',
      join(dir, 'urls.txt'),
    ]);
    const zipStarted = performance.now();
    await run('zip', ['-0', '-q', '-r', join(dir, 'photos.zip'), 'images'], dir);
    const finished = performance.now();
    const files = readdirSync(images).length;
    if (files !== photos.length) throw new Error(`curl saved ${files} of ${photos.length}`);
    return { seconds: (finished - started) / 1000, zipSeconds: (finished - zipStarted) / 1000 };
  });
}

/**
 * The seed's Python example ported as it is: page the list with limit/skip, then for each
 * item GET its largeImage with the key and write it to a file, one after another.
 */
export function seedLoop(server: BenchServer, limit = 100): Promise<number> {
  return withTempDir('foko-bench-seed-', async (dir) => {
    const started = performance.now();
    const headers = { 'foko-api-key': server.apiKey };
    const data: ListedPhoto[] = [];
    for (let skip = 0; ; skip += limit) {
      const params = new URLSearchParams({ limit: String(limit), skip: String(skip) });
      const response = await fetch(`${server.apiUrl}/photos?${params}`, { headers });
      if (!response.ok) throw new Error(`GET photos: ${response.status}`);
      const page = (await response.json()) as ListedPhoto[];
      data.push(...page);
      if (page.length < limit) break;
    }
    for (const item of data) {
      const response = await fetch(item.largeImage, { headers });
      if (!response.ok) throw new Error(`GET ${item.largeImage}: ${response.status}`);
      writeFileSync(join(dir, `${item.objectId}.jpg`), Buffer.from(await response.arrayBuffer()));
    }
    return (performance.now() - started) / 1000;
  });
}

/**
 * Diagnostic: the same images fetched by plain fetch() 6 at a time in the same page (no cache,
 * no ZIP), what the browser itself manages against this server.
 */
function plainFetch(page: Page, server: BenchServer, photos: readonly ListedPhoto[]) {
  const urls = photos.map((photo) => photo.largeImage);
  return page.evaluate(
    async ({ urls, key }) => {
      const started = performance.now();
      let next = 0;
      const worker = async () => {
        for (let url = urls[next++]; url !== undefined; url = urls[next++]) {
          const response = await fetch(url, {
            headers: { 'foko-api-key': key },
            cache: 'no-store',
          });
          await response.arrayBuffer();
        }
      };
      await Promise.all(Array.from({ length: 6 }, worker));
      return (performance.now() - started) / 1000;
    },
    { urls, key: server.apiKey },
  );
}

interface StageWindow {
  __benchStages?: Record<string, number>;
}

/** Records when the progress panel first shows each stage (Downloading, Packing, Saving). */
function armStages(page: Page): Promise<void> {
  return page.evaluate(() => {
    const stages: Record<string, number> = {};
    (window as unknown as StageWindow).__benchStages = stages;
    let start = NaN;
    document.addEventListener(
      'click',
      (event) => {
        const button = (event.target as Element | null)?.closest('button');
        if (Number.isNaN(start) && button?.textContent?.trim().startsWith('Download ')) {
          start = performance.now();
        }
      },
      { capture: true },
    );
    new MutationObserver(() => {
      const text = document.querySelector('[aria-label="Download progress"] strong')?.textContent;
      const stage = text?.trim().split(' ')[0];
      if (stage && !(stage in stages)) stages[stage] = performance.now() - start;
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
}

/**
 * The app in a fresh Chromium: connect, "Select all", let the visible thumbnails finish, then
 * time from the click on "Download N photos" to the finished browser download of the one
 * jszip archive (saveMethod 'parts', 1000 MB part). Returns seconds and the archive's size.
 */
export function appDownload(
  server: BenchServer,
  photos: readonly ListedPhoto[],
): Promise<{
  seconds: number;
  zipBytes: number;
  stagesMs: Record<string, number>;
  plainFetchSeconds: number;
}> {
  return withBrowser(async ({ context }) => {
    const page = await openApp(context, server, {
      concurrency: 6,
      partSizeMB: 1000,
      saveMethod: 'parts',
    });
    await connectAndWait(page, server);
    await selectAll(page, photos.length);
    await page.waitForFunction(
      () => document.querySelectorAll('[data-object-id] .placeholder').length === 0,
      undefined,
      { timeout: 30_000 },
    );
    await sleep(300);
    await armStages(page);
    const downloadEvent = page.waitForEvent('download', { timeout: 300_000 });
    const started = performance.now();
    await page.getByRole('button', { name: /^Download [\d,]+ photos/ }).click();
    const download = await downloadEvent;
    const path = await download.path();
    const seconds = (performance.now() - started) / 1000;
    const zipBytes = statSync(path).size;
    await page
      .getByRole('status')
      .filter({ hasText: `${photos.length} downloaded` })
      .waitFor({ timeout: 30_000 });
    await download.delete();
    const stagesMs = await page.evaluate(
      () => (window as unknown as StageWindow).__benchStages ?? {},
    );
    const plainFetchSeconds = await plainFetch(page, server, photos);
    return { seconds, zipBytes, stagesMs, plainFetchSeconds };
  });
}

export interface DownloadRun {
  appSeconds: number;
  /** When the app's progress panel first showed each stage, ms after the click. */
  appStagesMs: Record<string, number>;
  /** Diagnostic: plain fetch() of the same images, 6 at a time, in the app's page. */
  plainFetchSeconds: number;
  curlSeconds: number;
  /** The part of curlSeconds spent in `zip -0`. */
  zipSeconds: number;
  seedSeconds: number;
  zipBytes: number;
}

/** `runs` rounds on one server; each round runs curl+zip, the app, and the seed loop. */
export async function downloadRounds(
  server: BenchServer,
  runs: number,
  onRun: (run: DownloadRun, index: number) => void,
): Promise<{ runs: DownloadRun[]; photos: number; bytes: number }> {
  const listed = await listPhotos(server);
  const bytes = listed.reduce((sum, photo) => sum + photo.largeImageLength, 0);
  const results: DownloadRun[] = [];
  for (let index = 0; index < runs; index++) {
    const curl = await curlAndZip(server, listed);
    const app = await appDownload(server, listed);
    if (app.zipBytes < bytes) throw new Error(`the app's archive has ${app.zipBytes} of ${bytes}`);
    const seedSeconds = await seedLoop(server);
    const result = {
      appSeconds: app.seconds,
      appStagesMs: app.stagesMs,
      plainFetchSeconds: app.plainFetchSeconds,
      curlSeconds: curl.seconds,
      zipSeconds: curl.zipSeconds,
      seedSeconds,
      zipBytes: app.zipBytes,
    };
    results.push(result);
    onRun(result, index);
  }
  return { runs: results, photos: listed.length, bytes };
}

/** Row 4 on a demo server of `config.downloadPhotos` photos with 50 ms of latency. */
export async function downloadRows(config: Config, details: Details): Promise<Row[]> {
  const photos = config.downloadPhotos;
  const app = row(
    '4a',
    `Download ${photos} large images @50 ms: app (click → saved ZIP)`,
    's',
    undefined,
    2,
  );
  const curl = row('4b', '… curl --parallel-max 6 + zip -0 (same server)', 's', undefined, 2);
  const seed = row('4c', "… seed's sequential loop (TypeScript port, Node)", 's', undefined, 2);
  const appVsCurl = row('4d', 'Ratio app / (curl + zip)', '×', { op: '<=', value: 1.3 }, 2);
  const seedVsApp = row('4e', 'Ratio seed loop / app (SPEC: about 4×)', '×', undefined, 2);
  const plain = row(
    '4f',
    '… diagnostic: plain fetch() ×6 in the same page, no ZIP',
    's',
    undefined,
    2,
  );
  const rows = [app, curl, seed, appVsCurl, seedVsApp, plain];

  log(`Row 4: ${photos} photos, DEMO_LATENCY_MS=50, ${config.downloadRuns} rounds`);
  await attempt(rows, () =>
    withServer({ photos, latencyMs: 50 }, async (server) => {
      const result = await downloadRounds(server, config.downloadRuns, (run, index) => {
        app.samples.push(run.appSeconds);
        curl.samples.push(run.curlSeconds);
        seed.samples.push(run.seedSeconds);
        appVsCurl.samples.push(run.appSeconds / run.curlSeconds);
        seedVsApp.samples.push(run.seedSeconds / run.appSeconds);
        plain.samples.push(run.plainFetchSeconds);
        const stages = Object.entries(run.appStagesMs)
          .map(([stage, ms]) => `${stage} at ${(ms / 1000).toFixed(2)} s`)
          .join(', ');
        log(
          `  round ${index + 1}: app ${run.appSeconds.toFixed(2)} s (${stages}), curl+zip ${run.curlSeconds.toFixed(2)} s (zip ${run.zipSeconds.toFixed(2)} s), seed loop ${run.seedSeconds.toFixed(2)} s, plain fetch ${run.plainFetchSeconds.toFixed(2)} s`,
        );
      });
      app.label = `Download ${photos} large images (${mb(result.bytes)}) @50 ms: app (click → saved ZIP)`;
      details.download = result;
    }),
  );
  return rows;
}
