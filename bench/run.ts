// `npm run bench [-- --quick]`: runs every row, prints the table and writes bench/results/*.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { appNeedsBuild, buildApp } from '../server/build.ts';
import { REPO_ROOT } from '../server/index.ts';
import { chromiumPath } from '../tests/e2e/browser.ts';
import { gridRows } from './browser-rows.ts';
import { FULL, QUICK, log, type Details } from './config.ts';
import { downloadRows } from './download-row.ts';
import { closeEverything, isInterrupted, sleep } from './harness.ts';
import { downloadMemoryRows } from './memory.ts';
import { packingRows } from './packing.ts';
import { markdownTable, summarize, verdict } from './table.ts';

function machine() {
  let chromium = 'unknown';
  try {
    chromium = execFileSync(chromiumPath(), ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    // reported as unknown
  }
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 1e9),
    node: process.version,
    chromium,
    platform: `${process.platform} ${process.arch}`,
  };
}

async function main() {
  const config = process.argv.includes('--quick') ? QUICK : FULL;
  // The same rule as `npm start`: measure the current sources, not a stale build.
  if (appNeedsBuild(REPO_ROOT)) await buildApp(REPO_ROOT);
  const started = performance.now();
  // Other work on the machine skews every row: say how busy it was.
  const loadBefore = loadavg()[0] ?? 0;
  const details: Details = {};
  log(`Foko Gallery bench (${config.mode}); the built dist/, demo servers on 127.0.0.1`);
  const rows = [
    ...(await gridRows(config, details)),
    ...(await downloadRows(config, details)),
    ...(await packingRows(config)),
    ...(await downloadMemoryRows(config, details)),
  ];
  if (isInterrupted()) return;

  const totalSeconds = (performance.now() - started) / 1000;
  const date = new Date();
  const info = machine();
  const heading = [
    `Foko Gallery bench, ${config.mode} run, ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${Math.round(totalSeconds)} s`,
    `Machine: ${info.cores} cores (${info.cpu}), ${info.memoryGB} GB RAM, ${info.platform}, Node ${info.node}, ${info.chromium} headless; load average ${loadBefore.toFixed(1)} at start`,
    'Medians of the runs (min and max beside); targets from SPEC section 7, judged on the median. MB = 10^6 bytes.',
  ].join('\n');
  const table = markdownTable(rows);
  process.stdout.write(`\n${heading}\n\n${table}\n`);

  const dir = join(REPO_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${config.mode}-${date.toISOString().replace(/[:.]/g, '-')}.json`);
  const json = {
    date: date.toISOString(),
    mode: config.mode,
    config,
    machine: info,
    loadAverageAtStart: loadBefore,
    totalSeconds,
    rows: rows.map((entry) => ({ ...entry, ...summarize(entry.samples), result: verdict(entry) })),
    details,
    heading,
    table,
  };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(`\nWritten ${file}\n`);
}

const finished = main().catch(async (error: unknown) => {
  if (isInterrupted()) return;
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  await closeEverything();
  process.exitCode = 1;
});

// Ctrl-C: close what is open, let the rows unwind (nothing new starts), close again, exit.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (isInterrupted()) return;
    log(`\n${signal}: closing servers and browsers`);
    void closeEverything(true)
      .then(() => Promise.race([finished, sleep(5000)]))
      .then(() => closeEverything())
      .finally(() => process.exit(130));
  });
}
