import type { Photo } from '../api/types';

/**
 * The ids from the anchor (the last clicked tile) to the target, inclusive, in grid order,
 * whichever way the user went. Without a visible anchor, just the target.
 */
export function rangeBetween(
  orderedIds: readonly string[],
  anchorId: string | undefined,
  targetId: string,
): string[] {
  const target = orderedIds.indexOf(targetId);
  if (target === -1) return [];
  const anchor = anchorId === undefined ? -1 : orderedIds.indexOf(anchorId);
  if (anchor === -1) return [targetId];
  return orderedIds.slice(Math.min(anchor, target), Math.max(anchor, target) + 1);
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
