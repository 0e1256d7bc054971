// Row 6: peak RSS of the whole Chromium process tree during a big jszip and a big streamed download.
import { statSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { MB, count, gb, log, mb, type Config, type Details } from './config.ts';
import {
  attempt,
  connectAndWait,
  listPhotos,
  openApp,
  selectAll,
  sleep,
  withBrowser,
  withServer,
} from './harness.ts';
import { MemorySampler, type TreeMemory } from './process-tree.ts';
import { row, type Row } from './table.ts';

export interface MemoryResult {
  /** What was downloaded: photos and their bytes. */
  photos: number;
  bytes: number;
  /** The Chromium tree just before the click on Download (idle app), and the peaks until saved. */
  idle: TreeMemory;
  peak: TreeMemory;
  peakRssByKind: Record<string, number>;
  samples: number;
  seconds: number;
  savedBytes: number;
}

/** The streamed archive goes to a real file in the profile's origin-private file system. */
async function installOpfsWriter(page: Page): Promise<void> {
  await page.evaluate(() => {
    (globalThis as { __fokoTestWritable?: unknown }).__fokoTestWritable = async (name: string) => {
      const root = await navigator.storage.getDirectory();
      const handle = await root.getFileHandle(name, { create: true });
      return handle.createWritable();
    };
  });
}

/** Size of every file in the origin-private file system, then removes them. */
function opfsSizeAndClear(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    let total = 0;
    const names: string[] = [];
    // @ts-expect-error -- FileSystemDirectoryHandle is async-iterable in Chromium, not in lib.dom.
    for await (const [name, handle] of root.entries() as AsyncIterable<
      [string, FileSystemHandle]
    >) {
      if (handle.kind === 'file') total += (await (handle as FileSystemFileHandle).getFile()).size;
      names.push(name);
    }
    for (const name of names) await root.removeEntry(name);
    return total;
  });
}

/**
 * One big download of all `photos` demo photos (latency 0) in a fresh Chromium with the given
 * save method: 'parts' (jszip parts of up to `partSizeMB`, saved as browser downloads) or
 * 'stream' (client-zip into an OPFS file through the `__fokoTestWritable` hook).
 */
export async function measureDownloadMemory(
  photos: number,
  saveMethod: 'parts' | 'stream',
  partSizeMB: number,
): Promise<MemoryResult> {
  return withServer({ photos }, async (server) => {
    const bytes = (await listPhotos(server)).reduce((sum, p) => sum + p.largeImageLength, 0);
    return withBrowser(async ({ context }) => {
      const page = await openApp(context, server, {
        concurrency: 6,
        partSizeMB,
        saveMethod,
      });
      await connectAndWait(page, server);
      if (saveMethod === 'stream') await installOpfsWriter(page);
      await selectAll(page, photos);
      await sleep(1000);
      const sampler = new MemorySampler();
      const idle = sampler.sample();
      sampler.start();
      const started = performance.now();
      try {
        const button = page.getByRole('button', { name: /^Download [\d,]+ photos/ });
        const status = page.getByRole('status').filter({ hasText: `${photos} downloaded` });
        let savedBytes: () => Promise<number>;
        if (saveMethod === 'parts') {
          const downloadEvent = page.waitForEvent('download', { timeout: 600_000 });
          await button.click();
          const download = await downloadEvent;
          const path = await download.path();
          savedBytes = async () => {
            const size = statSync(path).size;
            await download.delete();
            return size;
          };
        } else {
          await button.click();
          savedBytes = () => opfsSizeAndClear(page);
        }
        await status.waitFor({ timeout: 600_000 });
        const seconds = (performance.now() - started) / 1000;
        sampler.stop();
        return {
          photos,
          bytes,
          idle,
          peak: sampler.peak,
          peakRssByKind: sampler.peakByKind,
          samples: sampler.samples,
          seconds,
          savedBytes: await savedBytes(),
        };
      } finally {
        sampler.stop();
      }
    });
  });
}

/** Three rows for one download: peak RSS (judged), the same peak as PSS, growth over idle. */
async function memoryRows(
  ids: [string, string, string],
  photos: number,
  method: 'parts' | 'stream',
  partSizeMB: number,
  target: number,
  details: Details,
): Promise<Row[]> {
  const what = method === 'parts' ? `jszip path, ${partSizeMB} MB part` : 'streaming path';
  const rows = [
    row(ids[0], `Peak Chromium RSS, ${what} (${count(photos)} photos)`, 'MB', {
      op: '<',
      value: target,
    }),
    row(ids[1], '… same peak as PSS (shared pages split, not repeated)', 'MB'),
    row(ids[2], '… RSS growth over the idle app before the click', 'MB'),
  ];
  const [peak, pss, growth] = rows;
  await attempt(rows, async () => {
    const result = await measureDownloadMemory(photos, method, partSizeMB);
    peak?.samples.push(result.peak.rss / MB);
    pss?.samples.push(result.peak.pss / MB);
    growth?.samples.push((result.peak.rss - result.idle.rss) / MB);
    if (peak) {
      peak.label =
        method === 'parts'
          ? `Peak Chromium RSS, jszip path (${gb(result.bytes)}, one ${partSizeMB} MB part)`
          : `Peak Chromium RSS, streaming path (${gb(result.bytes)} to an OPFS file)`;
    }
    details[`${method}Memory`] = result;
    const byKind = Object.entries(result.peakRssByKind)
      .sort(([, a], [, b]) => b - a)
      .map(([kind, bytes]) => `${kind.replace(/^utility:|\.mojom\.\w+$/g, '')} ${mb(bytes)}`)
      .join(', ');
    log(
      `  ${method}: ${gb(result.bytes)} in ${result.seconds.toFixed(1)} s, peak RSS ${mb(result.peak.rss)} (idle ${mb(result.idle.rss)}), peak PSS ${mb(result.peak.pss)} (idle ${mb(result.idle.pss)}), saved ${gb(result.savedBytes)}`,
    );
    log(`    RSS at the peak by process: ${byKind}`);
  });
  return rows;
}

/** Row 6: the jszip path (target 3.5x the part size) and the streaming path (target 300 MB). */
export async function downloadMemoryRows(config: Config, details: Details): Promise<Row[]> {
  log(
    `Row 6: memory, jszip ${count(config.jszipPhotos)} photos, streaming ${count(config.streamPhotos)} photos`,
  );
  const part = config.jszipPartMB;
  return [
    ...(await memoryRows(
      ['6a', '6b', '6c'],
      config.jszipPhotos,
      'parts',
      part,
      3.5 * part,
      details,
    )),
    ...(await memoryRows(['6d', '6e', '6f'], config.streamPhotos, 'stream', 1000, 300, details)),
  ];
}
