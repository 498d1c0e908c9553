import type { TicketListQuery } from '../api/schemas';
import { CHANNELS, SORT_KEYS, TICKET_PRIORITIES, TICKET_STATUSES } from '../api/types';

/** The list screen's filters, as kept in the address bar (so a view can be bookmarked and shared). */
export interface TicketFilters {
  q: string;
  status: string[];
  priority: string;
  assignee: string;
  channel: string;
  queue: string;
  tag: string;
  sort: string;
  order: 'asc' | 'desc';
}

export const ASSIGNEE_CHOICES = ['anyone', 'me', 'team', 'none'] as const;

export const DEFAULT_FILTERS: TicketFilters = {
  q: '',
  status: [],
  priority: '',
  assignee: 'anyone',
  channel: '',
  queue: '',
  tag: '',
  sort: 'updated',
  order: 'desc',
};

const oneOf = (allowed: readonly string[], value: string | null, fallback: string) =>
  value && allowed.includes(value) ? value : fallback;

/** Filters from the address bar; anything unknown falls back to the default rather than failing the screen. */
export function filtersFromSearch(search: URLSearchParams): TicketFilters {
  return {
    q: search.get('q')?.trim() ?? '',
    status: (search.get('status') ?? '').split(',').filter((s) => (TICKET_STATUSES as readonly string[]).includes(s)),
    priority: oneOf(TICKET_PRIORITIES, search.get('priority'), ''),
    assignee: oneOf(ASSIGNEE_CHOICES, search.get('assignee'), 'anyone'),
    channel: oneOf(CHANNELS, search.get('channel'), ''),
    queue: search.get('queue')?.trim() ?? '',
    tag: search.get('tag')?.trim() ?? '',
    sort: oneOf(SORT_KEYS, search.get('sort'), 'updated'),
    order: search.get('order') === 'asc' ? 'asc' : 'desc',
  };
}

/** Only what differs from the defaults: the same parameters the API takes, so one string serves both. */
export function filtersToSearch(filters: TicketFilters): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.q.trim()) search.set('q', filters.q.trim());
  if (filters.status.length) search.set('status', filters.status.join(','));
  for (const key of ['priority', 'channel', 'queue', 'tag'] as const) {
    if (filters[key].trim()) search.set(key, filters[key].trim());
  }
  if (filters.assignee !== 'anyone') search.set('assignee', filters.assignee);
  if (filters.sort !== 'updated') search.set('sort', filters.sort);
  if (filters.order !== 'desc') search.set('order', filters.order);
  return search;
}

/** GET /tickets query for a page of the list. */
export function listQuery(filters: TicketFilters, cursor: string | null, limit = 50): TicketListQuery {
  // The filters' names are the API's query parameters (filtersToSearch writes only those).
  const query = Object.fromEntries(filtersToSearch(filters)) as Omit<TicketListQuery, 'limit' | 'cursor'>;
  return { ...query, limit, ...(cursor ? { cursor } : {}) };
}
