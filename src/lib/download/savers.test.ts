import { afterEach, describe, expect, it } from 'vitest';
import { canStreamToDisk, chooseSaver } from './savers';

const globals = globalThis as { showSaveFilePicker?: unknown; __fokoTestWritable?: unknown };

afterEach(() => {
  delete globals.showSaveFilePicker;
  delete globals.__fokoTestWritable;
});

describe('chooseSaver', () => {
  it('uses one jszip archive when everything fits in one part', () => {
    globals.showSaveFilePicker = () => undefined;
    const choice = chooseSaver({ totalBytes: 500, partSizeBytes: 1000 });
    expect(choice.kind).toBe('zip-parts');
    expect(choice.saver.kind).toBe('zip-parts');
    expect(choice.explanation).toMatch(/one ZIP file/);
  });

  it('streams a large selection when the browser has a save picker', () => {
    globals.showSaveFilePicker = () => undefined;
    const choice = chooseSaver({ totalBytes: 5e9, partSizeBytes: 1e9 });
    expect(choice.kind).toBe('stream');
    expect(choice.saver.kind).toBe('stream');
    expect(choice.explanation).toMatch(/straight to disk.*1 GB/);
  });

  it('falls back to parts without a picker', () => {
    expect(canStreamToDisk()).toBe(false);
    const choice = chooseSaver({ totalBytes: 5e9, partSizeBytes: 1e9 });
    expect(choice.kind).toBe('zip-parts');
    expect(choice.explanation).toMatch(/several ZIP parts of up to 1 GB/);
  });

  it('counts the test hook as a way to stream', () => {
    globals.__fokoTestWritable = () => Promise.resolve(new WritableStream());
    expect(chooseSaver({ totalBytes: 5e9, partSizeBytes: 1e9 }).kind).toBe('stream');
  });
});
