import FileSaver from 'file-saver';
import { formatBytes } from './format';

/** Receives each finished jszip part. `output` says which form jszip should generate. */
export interface PartsSaver {
  kind: 'zip-parts';
  output: 'blob' | 'uint8array';
  savePart(part: { fileName: string; data: Blob | Uint8Array }, signal: AbortSignal): Promise<void>;
}

/** Opens the one destination a streamed ZIP64 archive is written into. */
export interface StreamSaver {
  kind: 'stream';
  open(fileName: string, signal: AbortSignal): Promise<WritableStream<Uint8Array>>;
}

export type Saver = PartsSaver | StreamSaver;
export type SaverKind = Saver['kind'];

export interface SaverChoice {
  kind: SaverKind;
  /** One line for the user: which path and why. */
  explanation: string;
  saver: Saver;
}

type TestWritable = (suggestedName: string) => Promise<WritableStream<Uint8Array>>;

interface SavePickerWindow {
  showSaveFilePicker?: (options: {
    suggestedName: string;
    types: { description: string; accept: Record<string, string[]> }[];
  }) => Promise<{ createWritable(): Promise<WritableStream<Uint8Array>> }>;
}

/**
 * Test hook: headless browsers cannot click a native save dialog, so end-to-end tests may set
 * `globalThis.__fokoTestWritable = async (suggestedName) => writableStream` before clicking
 * "Download"; the stream path then writes there instead of calling `showSaveFilePicker`.
 */
function testWritable(): TestWritable | undefined {
  const hook = (globalThis as { __fokoTestWritable?: unknown }).__fokoTestWritable;
  return typeof hook === 'function' ? (hook as TestWritable) : undefined;
}

function savePicker(): SavePickerWindow['showSaveFilePicker'] {
  const picker = (globalThis as SavePickerWindow).showSaveFilePicker;
  return typeof picker === 'function' ? picker.bind(globalThis) : undefined;
}

export function canStreamToDisk(): boolean {
  return testWritable() !== undefined || savePicker() !== undefined;
}

/** file-saver: one browser download per part, the path every browser supports. */
export const fileSaverSaver: PartsSaver = {
  kind: 'zip-parts',
  output: 'blob',
  savePart({ fileName, data }) {
    const blob =
      data instanceof Blob
        ? data
        : new Blob([data as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
    FileSaver.saveAs(blob, fileName);
    return Promise.resolve();
  },
};

/**
 * The File System Access API: the user picks the file, bytes go straight to disk. Call
 * `open` within the click's user activation (before other awaits), or the picker is refused.
 */
export const filePickerSaver: StreamSaver = {
  kind: 'stream',
  async open(fileName) {
    const hook = testWritable();
    if (hook) return hook(fileName);
    const picker = savePicker();
    if (!picker) throw new Error('this browser cannot save a file as a stream');
    const handle = await picker({
      suggestedName: fileName,
      types: [{ description: 'ZIP archive', accept: { 'application/zip': ['.zip'] } }],
    });
    return handle.createWritable();
  },
};

/**
 * Streams when the browser allows it and the selection would not fit one part; otherwise
 * jszip parts through the ordinary downloads.
 */
export function chooseSaver(size: { totalBytes: number; partSizeBytes: number }): SaverChoice {
  const partSize = formatBytes(size.partSizeBytes);
  if (size.totalBytes <= size.partSizeBytes) {
    return {
      kind: 'zip-parts',
      explanation: 'Saving one ZIP file through your browser’s downloads.',
      saver: fileSaverSaver,
    };
  }
  if (canStreamToDisk()) {
    return {
      kind: 'stream',
      explanation: `Streaming one ZIP file straight to disk (you pick where), as it is larger than one ${partSize} part.`,
      saver: filePickerSaver,
    };
  }
  return {
    kind: 'zip-parts',
    explanation: `Saving several ZIP parts of up to ${partSize} each, as this browser cannot stream one large file to disk.`,
    saver: fileSaverSaver,
  };
}
