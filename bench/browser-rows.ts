// Rows 1-3, in the page: Connect to first thumbnail, scrolling a big grid, "Select all".
import type { Page } from 'playwright-core';
import { MB, count, log, type Config, type Details } from './config.ts';
import {
  attempt,
  connectAndWait,
  openApp,
  sleep,
  withBrowser,
  withServer,
  type BenchServer,
} from './harness.ts';
import { row, type Row } from './table.ts';

interface BenchWindow {
  __benchFirstThumbnail?: Promise<number>;
  __benchSelectAll?: Promise<number>;
}

/** Arms the in-page clock: from the Connect click to the first blob: tile image decoded. */
function armFirstThumbnail(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = window as unknown as BenchWindow;
    let start = NaN;
    document.addEventListener(
      'click',
      (event) => {
        const button = (event.target as Element | null)?.closest('button');
        if (Number.isNaN(start) && button?.textContent?.trim() === 'Connect') {
          start = performance.now();
        }
      },
      { capture: true },
    );
    w.__benchFirstThumbnail = new Promise<number>((resolve, reject) => {
      let found = false;
      const observer = new MutationObserver(() => {
        if (found) return;
        const image = Array.from(
          document.querySelectorAll<HTMLImageElement>('[data-object-id] img'),
        ).find((img) => img.src.startsWith('blob:'));
        if (!image) return;
        found = true;
        observer.disconnect();
        image.decode().then(() => resolve(performance.now() - start), reject);
      });
      observer.observe(document.body, {
        childList: true,
        subtree: true,
        attributes: true,
        attributeFilter: ['src'],
      });
      setTimeout(() => reject(new Error('no thumbnail within 30 s')), 30_000);
    });
  });
}

/** Arms the in-page clock: from the "Select all" click to the button saying "Download N photos". */
function armSelectAll(page: Page, photos: number): Promise<void> {
  return page.evaluate(
    (expected) => {
      const w = window as unknown as BenchWindow;
      let start = NaN;
      document.addEventListener(
        'click',
        (event) => {
          const button = (event.target as Element | null)?.closest('button');
          if (Number.isNaN(start) && button?.textContent?.trim() === 'Select all') {
            start = performance.now();
          }
        },
        { capture: true },
      );
      w.__benchSelectAll = new Promise<number>((resolve, reject) => {
        const observer = new MutationObserver(() => {
          if (Number.isNaN(start)) return;
          const done = Array.from(document.querySelectorAll('button')).some((button) =>
            (button.textContent ?? '').trim().startsWith(expected),
          );
          if (done) {
            observer.disconnect();
            resolve(performance.now() - start);
          }
        });
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
        setTimeout(() => reject(new Error(`no "${expected}" within 120 s`)), 120_000);
      });
    },
    `Download ${photos.toLocaleString('en')} photos`,
  );
}

export interface SessionTimes {
  connectMs: number;
  selectAllMs: number;
}

/**
 * One cold session in a fresh Chromium: row 1 (Connect to first thumbnail painted), then, a
 * second after the grid shows, row 3 ("Select all" until the Download button counts them all).
 */
export async function connectAndSelectAll(
  server: BenchServer,
  photos: number,
): Promise<SessionTimes> {
  return withBrowser(async ({ context }) => {
    const page = await openApp(context, server);
    await page.getByLabel('API key').fill(server.apiKey);
    await armFirstThumbnail(page);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const connectMs = await page.evaluate(
      () => (window as unknown as BenchWindow).__benchFirstThumbnail,
    );
    await sleep(1000);
    await armSelectAll(page, photos);
    await page.getByRole('button', { name: 'Select all' }).click();
    const selectAllMs = await page.evaluate(
      () => (window as unknown as BenchWindow).__benchSelectAll,
    );
    return { connectMs: connectMs ?? NaN, selectAllMs: selectAllMs ?? NaN };
  });
}

export interface ScrollResult {
  maxTiles: number;
  heapMB: number;
  longestTaskMs: number;
  longTasks: number;
  /** The five longest tasks: duration, photos loaded then, and whether a page was awaited. */
  worstTasks: { ms: number; loaded: string; atBottom: boolean }[];
  steps: number;
  seconds: number;
}

/**
 * Row 2: scrolls `.scroller` from the top to the bottom one viewport every two frames; at the
 * bottom it waits for the next page until all `photos` are loaded. Samples the tiles in the
 * DOM after every step and observes long tasks; then the JS heap after a forced GC (CDP).
 */
export async function scrollGrid(server: BenchServer, photos: number): Promise<ScrollResult> {
  return withBrowser(async ({ context }) => {
    const page = await openApp(context, server);
    await connectAndWait(page, server);
    await sleep(500);
    const scrolled = await page.evaluate(async (expected) => {
      const scroller = document.querySelector<HTMLElement>('.scroller');
      if (!scroller) throw new Error('no .scroller element');
      const loaded = () => (document.querySelector('.counts span')?.textContent ?? '').trim();
      let longestTaskMs = 0;
      let longTasks = 0;
      let atBottom = false;
      let worstTasks: { ms: number; loaded: string; atBottom: boolean }[] = [];
      const record = (entries: PerformanceEntryList) => {
        for (const entry of entries) {
          longestTaskMs = Math.max(longestTaskMs, entry.duration);
          longTasks++;
          worstTasks.push({ ms: entry.duration, loaded: loaded(), atBottom });
          worstTasks = worstTasks.sort((a, b) => b.ms - a.ms).slice(0, 5);
        }
      };
      const observer = new PerformanceObserver((list) => record(list.getEntries()));
      observer.observe({ type: 'longtask' });
      const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
      const tiles = () => document.querySelectorAll('[data-object-id]').length;
      const complete = `${expected.toLocaleString('en')} photos loaded`;
      const started = performance.now();
      const deadline = started + 300_000;
      let maxTiles = tiles();
      let steps = 0;
      for (;;) {
        if (performance.now() > deadline) throw new Error(`scrolling timed out: ${loaded()}`);
        atBottom = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2;
        if (atBottom) {
          if (loaded() === complete) break;
          await frame(); // the next page extends the canvas
        } else {
          scroller.scrollTop += scroller.clientHeight;
          steps++;
          await frame();
          await frame();
        }
        maxTiles = Math.max(maxTiles, tiles());
      }
      const seconds = (performance.now() - started) / 1000;
      await new Promise((resolve) => setTimeout(resolve, 300));
      record(observer.takeRecords());
      observer.disconnect();
      return { maxTiles, longestTaskMs, longTasks, worstTasks, steps, seconds };
    }, photos);
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    await cdp.detach();
    return { ...scrolled, heapMB: usedSize / MB };
  });
}

/** Rows 1-3 on one demo server of `config.gridPhotos` photos. */
export async function gridRows(config: Config, details: Details): Promise<Row[]> {
  const grid = count(config.gridPhotos);
  const connect = row('1', `Connect to first thumbnail painted (${grid}-photo demo)`, 'ms', {
    op: '<',
    value: 500,
  });
  const tiles = row('2a', `${grid} photos, scroll top to bottom: tiles in DOM (max)`, 'tiles', {
    op: '<',
    value: 400,
  });
  const heap = row(
    '2b',
    `${grid} photos loaded: JS heap after GC`,
    'MB',
    { op: '<', value: 200 },
    1,
  );
  const longTask = row('2c', `${grid} photos: longest task while scrolling`, 'ms', {
    op: '<=',
    value: 100,
  });
  const selectAll = row(
    '3',
    `"Select all" over ${grid} → "Download ${grid} photos"`,
    's',
    {
      op: '<',
      value: 3,
    },
    2,
  );
  const rows = [connect, tiles, heap, longTask, selectAll];

  log(`Rows 1-3: demo server with ${grid} photos`);
  await attempt(rows, () =>
    withServer({ photos: config.gridPhotos }, async (server) => {
      for (let index = 0; index < config.sessions; index++) {
        const times = await connectAndSelectAll(server, config.gridPhotos);
        connect.samples.push(times.connectMs);
        selectAll.samples.push(times.selectAllMs / 1000);
        log(
          `  session ${index + 1}: connect ${times.connectMs.toFixed(0)} ms, select all ${(times.selectAllMs / 1000).toFixed(2)} s`,
        );
      }
      const scrolls: ScrollResult[] = [];
      details.scroll = scrolls;
      for (let index = 0; index < config.scrollRuns; index++) {
        const result = await scrollGrid(server, config.gridPhotos);
        scrolls.push(result);
        tiles.samples.push(result.maxTiles);
        heap.samples.push(result.heapMB);
        longTask.samples.push(result.longestTaskMs);
        log(
          `  scroll ${index + 1}: ${result.steps} steps in ${result.seconds.toFixed(1)} s, ${result.maxTiles} tiles max, heap ${result.heapMB.toFixed(1)} MB, longest task ${result.longestTaskMs} ms (${result.longTasks} long tasks)`,
        );
        const worst = result.worstTasks.map(
          (task) => `${task.ms} ms at "${task.loaded}"${task.atBottom ? ' (awaiting a page)' : ''}`,
        );
        log(`    longest tasks: ${worst.join('; ') || 'none'}`);
      }
    }),
  );
  return rows;
}
