import { execFileSync } from 'node:child_process';
import Papa from 'papaparse';
import { readFile } from 'node:fs/promises';
import { readZip } from '../../src/lib/download/test-support';

/** Every entry of a ZIP file, read back with an independent reader (yauzl). */
export async function readZipFile(path: string): Promise<Map<string, Buffer>> {
  return readZip(await readFile(path));
}

/** `unzip -t`: the archive passes Info-ZIP's own integrity test. */
export function unzipTest(path: string): string {
  return execFileSync('unzip', ['-t', path], { encoding: 'utf8' });
}

export type ManifestRow = Record<string, string>;

/** manifest.csv as rows keyed by column, after checking the BOM and CRLF line ends. */
export function parseManifest(bytes: Buffer): { columns: string[]; rows: ManifestRow[] } {
  const text = bytes.toString('utf8');
  if (!text.startsWith('\uFEFF')) throw new Error('manifest.csv has no UTF-8 BOM');
  const parsed = Papa.parse<ManifestRow>(text.slice(1), {
    header: true,
    newline: '\r\n',
    skipEmptyLines: true,
  });
  if (parsed.errors.length) throw new Error(JSON.stringify(parsed.errors));
  return { columns: parsed.meta.fields ?? [], rows: parsed.data };
}
