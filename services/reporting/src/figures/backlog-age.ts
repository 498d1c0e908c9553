import { daysBetween } from '../time-buckets/local-time';
import type { Counters } from './sum-counters';

/** The age bands a supervisor reads the backlog by: opened today, 1–2 days ago, … a month and more. */
const BANDS: readonly { age: string; fromDays: number }[] = [
  { age: 'today', fromDays: 0 },
  { age: '1-2 days', fromDays: 1 },
  { age: '3-6 days', fromDays: 3 },
  { age: '7-13 days', fromDays: 7 },
  { age: '14-29 days', fromDays: 14 },
  { age: '30+ days', fromDays: 30 },
];

export interface BacklogAge {
  /** Open tickets per band, youngest first (every band, zeros too, so a chart keeps its shape). */
  byAge: { age: string; open: number }[];
  oldestOpenedOn: string | null;
  averageAgeDays: number | null;
}

/**
 * The backlog's age from its open tickets counted by the local day they were
 * opened (`openSince.<day>` → count, summed over partitions), as of `today`.
 */
export function backlogAge(openSince: Counters, today: string): BacklogAge {
  const byAge = BANDS.map((b) => ({ age: b.age, open: 0 }));
  let oldest: string | null = null;
  let tickets = 0;
  let days = 0;
  for (const [day, count] of Object.entries(openSince)) {
    if (typeof count !== 'number' || count <= 0) continue;
    const age = day >= today ? 0 : daysBetween(day, today).length - 1;
    let band = 0;
    while (band + 1 < BANDS.length && age >= BANDS[band + 1].fromDays) band++;
    byAge[band].open += count;
    tickets += count;
    days += age * count;
    if (oldest === null || day < oldest) oldest = day;
  }
  return {
    byAge,
    oldestOpenedOn: oldest,
    averageAgeDays: tickets ? Math.round((days / tickets) * 10) / 10 : null,
  };
}
