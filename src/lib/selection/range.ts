import type { Photo } from '../api/types';

/**
 * The ids from the anchor (the last clicked tile) to the target, inclusive, in grid order,
 * whichever way the user went. Without a visible anchor, just the target.
 */
export function rangeBetween<T extends { objectId: string }>(
  ordered: readonly T[],
  anchorId: string | undefined,
  targetId: string,
): T[] {
  const indexOf = (id: string) => ordered.findIndex((photo) => photo.objectId === id);
  const target = indexOf(targetId);
  if (target === -1) return [];
  const anchor = anchorId === undefined ? -1 : indexOf(anchorId);
  if (anchor === -1) return ordered.slice(target, target + 1);
  return ordered.slice(Math.min(anchor, target), Math.max(anchor, target) + 1);
}

/** Total `largeImageLength` of the selected photos; unknown sizes count as 0. */
export function selectionSize(
  ids: Iterable<string>,
  photosById: ReadonlyMap<string, Pick<Photo, 'largeImageLength'>>,
): number {
  let bytes = 0;
  for (const id of ids) bytes += photosById.get(id)?.largeImageLength ?? 0;
  return bytes;
}
