import { filterFromSearch, filterToSearch } from '../api/filter-url';
import { listProblems, validateFilter, type PhotoFilter } from '../api/where';

/**
 * The date filter the user has typed. It mirrors the URL query (`?from&to&utc&after`) so a
 * view can be bookmarked; the key never goes there.
 */
export class FilterState {
  from = $state('');
  to = $state('');
  utc = $state(false);
  after = $state('');

  /** What would be sent, with empty fields dropped. */
  current: PhotoFilter = $derived({
    from: this.from || undefined,
    to: this.to || undefined,
    utc: this.utc,
    after: this.after || undefined,
  });
  /** Any filter set, so "Clear filters" has something to clear. */
  isActive = $derived(Boolean(this.from || this.to || this.after || this.utc));
  problems = $derived(listProblems(validateFilter(this.current)));
  isValid = $derived(this.problems.length === 0);

  constructor(search = '') {
    this.readFrom(search);
  }

  readFrom(search: string) {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- parsed once, not state
    const filter = filterFromSearch(new URLSearchParams(search));
    this.from = filter.from ?? '';
    this.to = filter.to ?? '';
    this.utc = filter.utc;
    this.after = filter.after ?? '';
  }

  /** The query string for the current filter, e.g. `?from=2014-10-01&utc=1`, or ''. */
  toSearch(): string {
    const query = filterToSearch(this.current).toString();
    return query ? `?${query}` : '';
  }

  clear() {
    this.from = this.to = this.after = '';
    this.utc = false;
  }
}
