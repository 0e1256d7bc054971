import type { Photo } from '../../src/lib/api/types';
import type { RunningServer } from '../../server/index';

/** Reads photos straight from the demo server, for comparing with what the page shows. */
export async function listPhotos(
  server: RunningServer,
  params: { skip?: number; limit?: number; where?: unknown } = {},
): Promise<Photo[]> {
  const query = new URLSearchParams({
    limit: String(params.limit ?? 1000),
    skip: String(params.skip ?? 0),
  });
  if (params.where) query.set('where', JSON.stringify(params.where));
  const response = await fetch(`${server.apiUrl}/photos?${query}`, {
    headers: { 'foko-api-key': server.apiKey },
  });
  if (!response.ok) throw new Error(`list failed: ${response.status}`);
  return (await response.json()) as Photo[];
}

export async function allPhotos(server: RunningServer, where?: unknown): Promise<Photo[]> {
  const photos: Photo[] = [];
  for (;;) {
    const page = await listPhotos(server, { skip: photos.length, limit: 1000, where });
    photos.push(...page);
    if (page.length < 1000) return photos;
  }
}
