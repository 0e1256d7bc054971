import type { Photo } from '../api/types';

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/jpg': 'jpg',
  'image/pjpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/heif': 'heic',
};

// Device names Windows refuses as a file stem, whatever the extension.
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

const MAX_SEGMENT = 64;

export function extensionFor(contentType: string): string {
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return EXTENSIONS[mediaType] ?? 'bin';
}

/**
 * One path segment that is safe on every OS and unzip tool: ASCII letters, digits, `.`, `_`
 * and `-` only (so no separators, control or bidi characters), no `..`, no leading or
 * trailing dot, no reserved device name, bounded length. Empty input gives `fallback`.
 */
export function safeSegment(raw: unknown, fallback: string, maxLength = MAX_SEGMENT): string {
  const text = typeof raw === 'string' ? raw : '';
  let segment = text
    .normalize('NFKC')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/\.{2,}/g, '.')
    // A leading dot hides the file, a leading dash reads as an option to command-line tools.
    .replace(/^[._-]+|[.]+$/g, '')
    .slice(0, maxLength)
    .replace(/[.\s]+$/g, '');
  if (segment === '' || /^_+$/.test(segment)) segment = fallback;
  if (WINDOWS_RESERVED.test(segment)) segment = `_${segment}`;
  return segment;
}

/**
 * `photos/2014-09-26T01-26-20.169Z_ABCDEF1234`: sorts by time, then by id. The extension is
 * added once the Content-Type is known; stems are claimed up front, in the photos' order, so
 * the `-2` suffixes do not depend on which download finished first.
 */
export function photoEntryStem(photo: Pick<Photo, 'objectId' | 'createdAt'>): string {
  const createdAt = typeof photo.createdAt === 'string' ? photo.createdAt : '';
  const when = safeSegment(createdAt.replaceAll(':', '-'), 'unknown-date');
  const id = safeSegment(photo.objectId, 'unknown-id');
  return `photos/${when}_${id}`;
}

export function photoEntryPath(stem: string, contentType: string): string {
  return `${stem}.${extensionFor(contentType)}`;
}

/**
 * Unique stems for one archive, ignoring case (Windows and macOS folders do). Distinct stems
 * plus a dot-free extension give distinct paths, and none can be the root `manifest.csv`.
 */
export function uniqueEntryStems(photos: readonly Pick<Photo, 'objectId' | 'createdAt'>[]) {
  const taken = new Set<string>();
  return photos.map((photo) => {
    const stem = photoEntryStem(photo);
    let candidate = stem;
    for (let n = 2; taken.has(candidate.toLowerCase()); n += 1) candidate = `${stem}-${n}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}
