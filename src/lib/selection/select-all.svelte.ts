import { fetchAllPhotos } from '../api/photos';
import type { PhotoFilter } from '../api/where';
import type { Connection } from '../api/types';
import type { Selection } from './selection.svelte';

/** "Select all": pages through every photo matching the filter (limit 1000), stoppable. */
export class SelectAllJob {
  running = $state(false);
  loaded = $state(0);
  problem = $state('');
  private controller: AbortController | undefined;

  constructor(private selection: Selection) {}

  async run(connection: Connection, filter: PhotoFilter) {
    this.stop();
    const controller = new AbortController();
    this.controller = controller;
    this.running = true;
    this.loaded = 0;
    this.problem = '';
    try {
      const photos = await fetchAllPhotos(connection, filter, {
        signal: controller.signal,
        onProgress: (count) => (this.loaded = count),
      });
      this.selection.add(photos);
    } catch (error) {
      if (!controller.signal.aborted) {
        this.problem = error instanceof Error ? error.message : String(error);
      }
    } finally {
      if (this.controller === controller) {
        this.running = false;
        this.controller = undefined;
      }
    }
  }

  stop() {
    this.controller?.abort();
    this.controller = undefined;
    this.running = false;
  }
}
