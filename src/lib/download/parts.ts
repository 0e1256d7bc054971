import { format } from 'date-fns';
import type { Photo } from '../api/types';
import { safeSegment } from './file-names';
import { manifestRowEstimate } from './manifest';

export const DEFAULT_PHOTO_BYTES = 2_000_000;

// Local header (30) + data descriptor (24 worst case) + central record (46) + the name twice,
// with room for a `-2` suffix: generous, so a part never ends up over its limit.
const ENTRY_OVERHEAD_BYTES = 30 + 24 + 46 + 2 * 120;
// Manifest entry headers, its header line and the end-of-central-directory record.
const ARCHIVE_OVERHEAD_BYTES = ENTRY_OVERHEAD_BYTES + 400 + 22;

// Room for `-part12-of-34.zip` within common 255-byte name limits.
const MAX_ARCHIVE_NAME = 200;

export interface ZipPartPlan {
  /** 1-based. */
  index: number;
  count: number;
  fileName: string;
  photos: Photo[];
  estimatedBytes: number;
}

/** What a photo will probably add to an archive: the recorded size, or a default guess. */
export function photoBytesEstimate(photo: Photo, defaultPhotoBytes = DEFAULT_PHOTO_BYTES): number {
  const length = photo.largeImageLength;
  return typeof length === 'number' && Number.isFinite(length) && length >= 0
    ? length
    : defaultPhotoBytes;
}

export function archiveEntryEstimate(
  photo: Photo,
  defaultPhotoBytes = DEFAULT_PHOTO_BYTES,
): number {
  return (
    photoBytesEstimate(photo, defaultPhotoBytes) + ENTRY_OVERHEAD_BYTES + manifestRowEstimate(photo)
  );
}

/**
 * Splits photos, keeping their order, into parts whose estimated archive stays within
 * `partSizeBytes`; a photo larger than a part on its own gets a part to itself.
 */
export function planParts(
  photos: readonly Photo[],
  options: { partSizeBytes: number; archiveName: string; defaultPhotoBytes?: number },
): ZipPartPlan[] {
  const groups: { photos: Photo[]; bytes: number }[] = [];
  let current: { photos: Photo[]; bytes: number } | undefined;
  for (const photo of photos) {
    const entry = archiveEntryEstimate(photo, options.defaultPhotoBytes);
    if (!current || (current.photos.length > 0 && current.bytes + entry > options.partSizeBytes)) {
      current = { photos: [], bytes: ARCHIVE_OVERHEAD_BYTES };
      groups.push(current);
    }
    current.photos.push(photo);
    current.bytes += entry;
  }
  return groups.map((group, i) => ({
    index: i + 1,
    count: groups.length,
    fileName: partFileName(options.archiveName, i + 1, groups.length),
    photos: group.photos,
    estimatedBytes: group.bytes,
  }));
}

export function partFileName(archiveName: string, index: number, count: number): string {
  const name = safeSegment(archiveName, 'foko-photos', MAX_ARCHIVE_NAME);
  return count <= 1 ? `${name}.zip` : `${name}-part${index}-of-${count}.zip`;
}

export interface ArchiveFilter {
  /** Whole days, `yyyy-MM-dd`. */
  from?: string | undefined;
  to?: string | undefined;
  /** An exact ISO timestamp ("Newer than"). */
  after?: string | undefined;
}

/** `foko-photos-2014-10-01_to_2014-10-08`, `foko-photos-after-2014-10-01T23-49-36.353Z`, ... */
export function archiveNameFor(filter: ArchiveFilter, now: Date = new Date()): string {
  const piece = (value: string) => safeSegment(value.replaceAll(':', '-'), '');
  const from = filter.from ? piece(filter.from) : '';
  const to = filter.to ? piece(filter.to) : '';
  const after = filter.after ? piece(filter.after) : '';
  const words = ['foko-photos'];
  if (from && to) words.push(from === to ? from : `${from}_to_${to}`);
  else if (from) words.push(`from-${from}`);
  else if (to) words.push(`to-${to}`);
  if (after) words.push(`after-${after}`);
  if (words.length === 1) words.push(format(now, "yyyy-MM-dd'T'HH-mm-ss"));
  return safeSegment(words.join('-'), 'foko-photos', MAX_ARCHIVE_NAME);
}
