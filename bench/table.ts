// The result model: rows of samples, their median/min/max, SPEC targets, and the printed table.

export interface Target {
  /** The sample median must be below (`<`) or at most (`<=`) the value. */
  op: '<' | '<=';
  value: number;
}

export interface Row {
  /** Issue row number and letter, e.g. '2b'. */
  id: string;
  /** What was measured, where, and at which size. */
  label: string;
  unit: string;
  samples: number[];
  target?: Target;
  /** Digits after the point in the table. */
  digits?: number;
  /** Why the row has no samples. */
  error?: string;
}

export function row(id: string, label: string, unit: string, target?: Target, digits = 0): Row {
  return { id, label, unit, samples: [], target, digits };
}

export interface Summary {
  median: number;
  min: number;
  max: number;
}

export function summarize(samples: readonly number[]): Summary | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] ?? NaN)
      : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
  return { median, min: sorted[0] ?? NaN, max: sorted[sorted.length - 1] ?? NaN };
}

/** PASS/MISS against the target on the median; '' without a target; ERROR without samples. */
export function verdict(row: Row): '' | 'PASS' | 'MISS' | 'ERROR' {
  const summary = summarize(row.samples);
  if (!summary) return 'ERROR';
  if (!row.target) return '';
  const { op, value } = row.target;
  const ok = op === '<' ? summary.median < value : summary.median <= value;
  return ok ? 'PASS' : 'MISS';
}

function format(value: number, digits: number): string {
  return value.toLocaleString('en', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

const HEADER = ['#', 'Measurement', 'Unit', 'Median', 'Min', 'Max', 'Runs', 'Target', 'Result'];

export function tableCells(row: Row): string[] {
  const digits = row.digits ?? 0;
  const summary = summarize(row.samples);
  const target = row.target
    ? `${row.target.op} ${row.target.value.toLocaleString('en', { maximumFractionDigits: 2 })}`
    : '—';
  if (!summary) {
    return [row.id, row.label, row.unit, '—', '—', '—', '0', target, `ERROR: ${row.error ?? ''}`];
  }
  return [
    row.id,
    row.label,
    row.unit,
    format(summary.median, digits),
    format(summary.min, digits),
    format(summary.max, digits),
    String(row.samples.length),
    target,
    verdict(row),
  ];
}

/** A Markdown table with aligned columns, readable in a terminal and pasteable in a README. */
export function markdownTable(rows: readonly Row[]): string {
  const lines = [HEADER, ...rows.map(tableCells)];
  const widths = HEADER.map((_, column) =>
    Math.max(...lines.map((cells) => (cells[column] ?? '').length)),
  );
  const numeric = new Set([3, 4, 5, 6]);
  const render = (cells: string[]) =>
    `| ${cells
      .map((cell, column) =>
        numeric.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join(' | ')} |`;
  const rule = `|${widths
    .map((width, column) =>
      numeric.has(column) ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2),
    )
    .join('|')}|`;
  const [header, ...body] = lines;
  return [render(header ?? []), rule, ...body.map(render)].join('\n');
}
