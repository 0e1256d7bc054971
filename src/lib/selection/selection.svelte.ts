import { SvelteMap } from 'svelte/reactivity';
import type { Photo } from '../api/types';
import { rangeBetween, selectionSize } from './range';

const STORAGE_ITEM = 'foko.selection';

/**
 * The photos the user picked, kept by objectId with the photo itself (a download needs its
 * URLs even when the photo has scrolled out of the loaded pages). Saved per tab.
 */
export class Selection {
  readonly photos = new SvelteMap<string, Photo>();
  /** False when the selection is too large for the tab's storage to keep across a reload. */
  survivesReload = $state(true);
  /** The last tile clicked, where a Shift+click range starts. */
  anchorId: string | undefined = $state();

  count = $derived(this.photos.size);
  totalBytes = $derived(selectionSize(this.photos.keys(), this.photos));

  constructor(private storage: Storage | undefined = globalThis.sessionStorage) {
    this.restore();
  }

  has(objectId: string) {
    return this.photos.has(objectId);
  }

  toggle(photo: Photo) {
    if (this.photos.has(photo.objectId)) this.photos.delete(photo.objectId);
    else this.photos.set(photo.objectId, photo);
    this.anchorId = photo.objectId;
    this.save();
  }

  /** Shift+click: select everything between the anchor and this photo, in the grid's order. */
  selectRange(ordered: Photo[], target: Photo) {
    if (!this.anchorId) return this.toggle(target);
    for (const photo of rangeBetween(ordered, this.anchorId, target.objectId)) {
      this.photos.set(photo.objectId, photo);
    }
    this.anchorId = target.objectId;
    this.save();
  }

  add(photos: Iterable<Photo>) {
    for (const photo of photos) this.photos.set(photo.objectId, photo);
    this.save();
  }

  clear() {
    this.photos.clear();
    this.anchorId = undefined;
    this.save();
  }

  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  /** Writes are batched: serialising 20,000 photos on every click would stall the page. */
  private save() {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.flush(), 200);
  }

  flush() {
    clearTimeout(this.saveTimer);
    try {
      if (this.photos.size === 0) this.storage?.removeItem(STORAGE_ITEM);
      else this.storage?.setItem(STORAGE_ITEM, JSON.stringify([...this.photos.values()]));
      this.survivesReload = true;
    } catch {
      // Over the tab's storage quota (about 10,000 photos): the selection still works, but
      // a reload would lose it, so the old copy goes and the user is told.
      this.storage?.removeItem(STORAGE_ITEM);
      this.survivesReload = false;
    }
  }

  private restore() {
    try {
      const saved: unknown = JSON.parse(this.storage?.getItem(STORAGE_ITEM) ?? '[]');
      if (!Array.isArray(saved)) return;
      for (const photo of saved as Photo[]) {
        if (photo && typeof photo.objectId === 'string') this.photos.set(photo.objectId, photo);
      }
    } catch {
      // A damaged entry is dropped rather than breaking the page.
    }
  }
}
