import { describe, expect, it } from 'vitest';
import { filterFromSearch, filterToSearch } from './filter-url';
import type { PhotoFilter } from './where';

describe('filter URL', () => {
  it('round-trips exactly', () => {
    const filter: PhotoFilter = {
      from: '2014-10-01',
      to: '2014-10-08',
      utc: true,
      after: '2014-10-01T23:49:36.353Z',
    };
    const search = filterToSearch(filter).toString();
    expect(search).toBe('from=2014-10-01&to=2014-10-08&utc=1&after=2014-10-01T23%3A49%3A36.353Z');
    expect(filterFromSearch(new URLSearchParams(search))).toEqual(filter);
  });

  it('leaves out empty fields and ignores unknown parameters', () => {
    expect(filterToSearch({ utc: false, from: '' }).toString()).toBe('');
    expect(filterFromSearch(new URLSearchParams('?to=2014-10-08&key=secret&x=1'))).toEqual({
      to: '2014-10-08',
      utc: false,
    });
  });

  it('keeps an invalid value so the form can show it with its message', () => {
    expect(filterFromSearch(new URLSearchParams('from=2014-02-30'))).toEqual({
      from: '2014-02-30',
      utc: false,
    });
  });
});
