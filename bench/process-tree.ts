// Memory of the Chromium process tree this Node process launched, read from /proc (Linux).
import { readFileSync, readdirSync } from 'node:fs';

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

/** pid -> parent pid for every process now running. */
function parentMap(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readText(`/proc/${name}/stat`);
    if (!stat) continue;
    // "pid (comm) state ppid ..." where comm may itself contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    parents.set(Number(name), Number(fields[1]));
  }
  return parents;
}

/** Every process started (directly or not) by a Chromium that this Node process launched. */
export function chromiumTree(): number[] {
  const parents = parentMap();
  const children = new Map<number, number[]>();
  for (const [pid, parent] of parents) {
    const list = children.get(parent) ?? [];
    list.push(pid);
    children.set(parent, list);
  }
  const roots = (children.get(process.pid) ?? []).filter((pid) =>
    (readText(`/proc/${pid}/cmdline`) ?? '').includes('chrom'),
  );
  const tree: number[] = [];
  const queue = [...roots];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

function kilobytes(text: string | undefined, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text ?? '');
  return match ? Number(match[1]) * 1024 : 0;
}

export interface TreeMemory {
  /** VmRSS summed over the tree: shared pages (the binary, libraries) count once per process. */
  rss: number;
  /** Proportional set size summed: shared pages split between their processes. */
  pss: number;
}

/** 'browser', 'renderer', 'gpu-process', 'utility:network.mojom.NetworkService', ... */
function processKind(pid: number): string {
  // Chromium rewrites its children's argv as one space-separated string.
  const args = (readText(`/proc/${pid}/cmdline`) ?? '').split(/[\0 ]/);
  const value = (name: string) =>
    args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  const type = value('type') ?? 'browser';
  const sub = value('utility-sub-type');
  return sub ? `${type}:${sub}` : type;
}

/** The Chromium process tree's memory now, in bytes, and RSS by kind of process. */
export function chromiumMemory(): TreeMemory & { rssByKind: Record<string, number> } {
  const total = { rss: 0, pss: 0, rssByKind: {} as Record<string, number> };
  for (const pid of chromiumTree()) {
    const rss = kilobytes(readText(`/proc/${pid}/status`), 'VmRSS');
    total.rss += rss;
    total.pss += kilobytes(readText(`/proc/${pid}/smaps_rollup`), 'Pss');
    const kind = processKind(pid);
    total.rssByKind[kind] = (total.rssByKind[kind] ?? 0) + rss;
  }
  return total;
}

/** Samples `chromiumMemory` every `intervalMs` and keeps the peaks. */
export class MemorySampler {
  peak: TreeMemory = { rss: 0, pss: 0 };
  /** RSS by kind of process at the sample with the highest total RSS. */
  peakByKind: Record<string, number> = {};
  samples = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  start(intervalMs = 200): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    return this;
  }

  sample(): TreeMemory {
    const { rssByKind, ...now } = chromiumMemory();
    if (now.rss > this.peak.rss) this.peakByKind = rssByKind;
    this.peak = { rss: Math.max(this.peak.rss, now.rss), pss: Math.max(this.peak.pss, now.pss) };
    this.samples++;
    return now;
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }
}
