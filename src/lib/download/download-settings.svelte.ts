import type { DownloadOptions } from './engine';

const STORAGE_ITEM = 'foko.downloadSettings';

/**
 * The user's download settings, remembered in localStorage. Other DownloadOptions fields found
 * there (timeouts, attempts) are passed through too: tests use that to shorten the waits.
 */
export type SaveMethod = 'auto' | 'parts' | 'stream';

export class DownloadSettings {
  concurrency = $state(6);
  partSizeMB = $state(1000);
  /** 'auto' streams big selections where the browser can, else numbered ZIP parts. */
  saveMethod: SaveMethod = $state('auto');
  private extra: Partial<DownloadOptions> = {};

  options: Partial<DownloadOptions> = $derived({
    ...this.extra,
    concurrency: clamp(this.concurrency, 1, 16),
    partSizeBytes: clamp(this.partSizeMB, 1, 2000) * 1_000_000,
  });

  constructor(private storage: Storage | undefined = globalThis.localStorage) {
    try {
      const saved = JSON.parse(
        storage?.getItem(STORAGE_ITEM) ?? '{}',
      ) as Partial<DownloadOptions> & { partSizeMB?: number; saveMethod?: SaveMethod };
      const { concurrency, partSizeMB, saveMethod, ...extra } = saved;
      if (typeof concurrency === 'number') this.concurrency = concurrency;
      if (typeof partSizeMB === 'number') this.partSizeMB = partSizeMB;
      if (saveMethod === 'parts' || saveMethod === 'stream') this.saveMethod = saveMethod;
      this.extra = extra;
    } catch {
      // Unreadable settings fall back to the defaults.
    }
  }

  save() {
    this.storage?.setItem(
      STORAGE_ITEM,
      JSON.stringify({
        ...this.extra,
        concurrency: this.concurrency,
        partSizeMB: this.partSizeMB,
        saveMethod: this.saveMethod,
      }),
    );
  }
}

function clamp(value: number, min: number, max: number) {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : min;
}
