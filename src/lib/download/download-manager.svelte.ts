import type { Connection, Photo } from '../api/types';
import type { PhotoFilter } from '../api/where';
import { downloadPhotos, type DownloadProgress, type DownloadResult } from './engine';
import type { DownloadSettings } from './download-settings.svelte';
import { isCancelled } from './errors';
import { archiveNameFor } from './parts';
import { canStreamToDisk, fileSaverSaver, filePickerSaver, type Saver } from './savers';

const LAST_EXPORT_PREFIX = 'foko.lastExport:';

/** The one download the page runs at a time, as the UI sees it. */
export class DownloadManager {
  running = $state(false);
  progress: DownloadProgress | undefined = $state();
  result: DownloadResult | undefined = $state();
  /** How the archive is being written (parts or one streamed file), in one line. */
  method = $state('');
  problem = $state('');
  cancelled = $state(false);
  lastExport: string | undefined = $state();
  private controller: AbortController | undefined;
  private lastFilter: PhotoFilter = { utc: false };

  constructor(
    private connection: () => Connection,
    private settings: DownloadSettings,
  ) {
    this.lastExport = localStorage.getItem(this.lastExportItem()) ?? undefined;
  }

  async start(photos: Photo[], filter: PhotoFilter, nameSuffix = '') {
    if (this.running || photos.length === 0) return;
    const controller = new AbortController();
    this.controller = controller;
    this.lastFilter = filter;
    this.running = true;
    this.cancelled = false;
    this.problem = '';
    this.result = undefined;
    this.progress = undefined;
    this.method = '';
    try {
      this.result = await downloadPhotos(photos, {
        connection: this.connection(),
        archiveName: archiveNameFor(filter) + nameSuffix,
        options: this.settings.options,
        saver: this.chosenSaver(),
        signal: controller.signal,
        onProgress: (progress) => (this.progress = progress),
        onMethod: (explanation) => (this.method = explanation),
      });
      this.remember(this.result.newestCreatedAt);
    } catch (error) {
      // A cancelled save dialog counts as a cancel, not as a failure.
      if (controller.signal.aborted || isCancelled(error)) this.cancelled = true;
      else this.problem = error instanceof Error ? error.message : String(error);
    } finally {
      this.running = false;
      this.controller = undefined;
    }
  }

  /** The user's explicit choice, if any; otherwise the engine picks (see chooseSaver). */
  private chosenSaver(): Saver | undefined {
    if (this.settings.saveMethod === 'parts') {
      this.method = 'Saving numbered ZIP parts through your browser’s downloads, as set.';
      return fileSaverSaver;
    }
    if (this.settings.saveMethod === 'stream' && canStreamToDisk()) {
      this.method = 'Streaming one ZIP file straight to disk (you pick where), as set.';
      return filePickerSaver;
    }
    return undefined;
  }

  retryFailed() {
    const failed = this.result?.failed.map((failure) => failure.photo) ?? [];
    return this.start(failed, this.lastFilter, '-retry');
  }

  /** Aborts every request at once; nothing is saved. */
  cancel() {
    this.controller?.abort();
  }

  dismiss() {
    this.result = undefined;
    this.problem = '';
    this.cancelled = false;
    this.progress = undefined;
  }

  private remember(newest: string | undefined) {
    if (!newest || (this.lastExport && this.lastExport >= newest)) return;
    this.lastExport = newest;
    localStorage.setItem(this.lastExportItem(), newest);
  }

  private lastExportItem() {
    return LAST_EXPORT_PREFIX + this.connection().apiUrl;
  }
}
