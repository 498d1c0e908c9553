import { DEFAULT_FILTERS, filtersFromSearch, filtersToSearch, listQuery } from './ticket-filters';

describe('the ticket list filters in the address bar', () => {
  it('round-trips a view with Polish text, several statuses and a sort', () => {
    const filters = {
      ...DEFAULT_FILTERS,
      q: 'żółta łódź',
      status: ['new', 'open'],
      assignee: 'me',
      channel: 'chat',
      sort: 'priority',
      order: 'asc' as const,
    };
    const search = filtersToSearch(filters);
    expect(filtersFromSearch(new URLSearchParams(search.toString()))).toEqual(filters);
  });

  it('keeps only what differs from the defaults, so the plain list has a clean address', () => {
    expect(filtersToSearch(DEFAULT_FILTERS).toString()).toBe('');
  });

  it('ignores values the API would refuse instead of failing the screen', () => {
    const filters = filtersFromSearch(new URLSearchParams('status=open,bogus&priority=asap&assignee=boss&sort=colour'));
    expect(filters).toEqual({ ...DEFAULT_FILTERS, status: ['open'] });
  });

  it('asks the API for the next page with its cursor', () => {
    expect(listQuery({ ...DEFAULT_FILTERS, tag: 'vip' }, 'abc', 20)).toEqual({ tag: 'vip', limit: 20, cursor: 'abc' });
  });
});
