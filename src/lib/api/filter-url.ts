import type { PhotoFilter } from './where';

/** The filter as a bookmarkable query: `?from=2014-10-01&to=2014-10-08&utc=1&after=...`. */
export function filterToSearch(filter: PhotoFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  if (filter.utc) params.set('utc', '1');
  if (filter.after) params.set('after', filter.after);
  return params;
}

/** Reads only the filter's own parameters, raw, so an invalid value still shows in the form. */
export function filterFromSearch(params: URLSearchParams): PhotoFilter {
  const filter: PhotoFilter = { utc: params.get('utc') === '1' || params.get('utc') === 'true' };
  const from = params.get('from');
  const to = params.get('to');
  const after = params.get('after');
  if (from) filter.from = from;
  if (to) filter.to = to;
  if (after) filter.after = after;
  return filter;
}
