import { REPORT_FILTERS } from '@threadline/contracts/src/api/report-names';

/**
 * The report's query from the screen's address: the period when both ends are
 * given, and every filter set (channel, queue, agent, category, tier, team),
 * in the API's names. `format` is the caller's to add.
 */
export function reportQueryOf(address: URLSearchParams): URLSearchParams {
  const query = new URLSearchParams();
  const from = address.get('from');
  const to = address.get('to');
  if (from && to) {
    query.set('from', from);
    query.set('to', to);
  }
  for (const filter of REPORT_FILTERS) {
    const value = address.get(filter)?.trim();
    if (value) query.set(filter, value);
  }
  return query;
}

/** `?…` or nothing. */
export const queryString = (query: URLSearchParams): string => (query.size > 0 ? `?${query.toString()}` : '');
